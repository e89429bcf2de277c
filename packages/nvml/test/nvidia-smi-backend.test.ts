import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NVIDIA_SMI_QUERY_FIELDS, nvidiaSmiBackend, parseNvidiaSmiCsv, type RunFile } from "../src/index.ts";

const TWO_GPUS = [
  "0, GPU-aaaa, 87, 40, 30000, 81559, 312.45, 64, NVIDIA H100 80GB HBM3",
  "1, GPU-bbbb, [N/A], [N/A], 1024, 16384, [Not Supported], 41, Tesla V100, SXM2",
].join("\n");

describe("parseNvidiaSmiCsv", () => {
  it("converts MiB to bytes and keeps W, %, °C", () => {
    const [gpu0] = parseNvidiaSmiCsv(`${TWO_GPUS}\n`);
    expect(gpu0).toEqual({
      index: 0,
      uuid: "GPU-aaaa",
      name: "NVIDIA H100 80GB HBM3",
      utilizationGpuPercent: 87,
      utilizationMemoryPercent: 40,
      memoryUsedBytes: 30000 * 1024 * 1024,
      memoryTotalBytes: 81559 * 1024 * 1024,
      powerWatts: 312.45,
      temperatureC: 64,
      missing: { energy: "nvidia-smi reports no energy counter (use NVML)" },
    });
  });

  it("turns [N/A] and [Not Supported] into absent readings with a reason, never 0", () => {
    const gpu1 = parseNvidiaSmiCsv(TWO_GPUS)[1];
    expect(gpu1?.utilizationGpuPercent).toBeUndefined();
    expect(gpu1?.powerWatts).toBeUndefined();
    expect(gpu1?.memoryUsedBytes).toBe(1024 * 1024 * 1024);
    expect(gpu1?.missing).toMatchObject({
      utilization: 'nvidia-smi reported "[N/A]"',
      power: 'nvidia-smi reported "[Not Supported]"',
    });
    expect(gpu1?.name).toBe("Tesla V100, SXM2"); // a comma in the last column stays in the name
  });

  it("ignores blank and malformed lines", () => {
    expect(parseNvidiaSmiCsv("\n\nNo devices were found\n")).toEqual([]);
  });
});

describe("nvidiaSmiBackend with an injected runner", () => {
  it("runs nvidia-smi without a shell, with the query fields and a timeout", async () => {
    const calls: { file: string; args: readonly string[]; timeoutMs: number }[] = [];
    const run: RunFile = async (file, args, { timeoutMs }) => {
      calls.push({ file, args, timeoutMs });
      return TWO_GPUS;
    };
    const backend = nvidiaSmiBackend({ run, timeoutMs: 1234 });
    expect(await backend.probe()).toEqual({
      available: true,
      backend: "nvidia-smi",
      devices: [
        { index: 0, uuid: "GPU-aaaa", name: "NVIDIA H100 80GB HBM3" },
        { index: 1, uuid: "GPU-bbbb", name: "Tesla V100, SXM2" },
      ],
    });
    expect((await backend.sample()).map((r) => r.temperatureC)).toEqual([64, 41]);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      file: "nvidia-smi",
      args: [`--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(",")}`, "--format=csv,noheader,nounits"],
      timeoutMs: 1234,
    });
  });

  it("says 'not found on PATH' when the program is missing", async () => {
    const run: RunFile = async () => {
      throw Object.assign(new Error("spawn nvidia-smi ENOENT"), { code: "ENOENT" });
    };
    const backend = nvidiaSmiBackend({ run });
    expect(await backend.probe()).toEqual({
      available: false,
      backend: "nvidia-smi",
      reason: "nvidia-smi not found on PATH",
    });
    expect(await backend.sample()).toEqual([]);
  });

  it("reports the driver message nvidia-smi prints on stdout", async () => {
    const run: RunFile = async () => {
      throw Object.assign(new Error("Command failed"), {
        code: 9,
        stderr: "",
        stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
      });
    };
    const probe = await nvidiaSmiBackend({ run }).probe();
    expect(probe).toMatchObject({ available: false });
    if (!probe.available) expect(probe.reason).toContain("couldn't communicate with the NVIDIA driver");
  });

  it("is unavailable when nvidia-smi lists no GPU", async () => {
    const probe = await nvidiaSmiBackend({ run: async () => "No devices were found\n" }).probe();
    expect(probe).toEqual({ available: false, backend: "nvidia-smi", reason: "nvidia-smi lists no GPU" });
  });
});

describe.skipIf(process.platform === "win32")("nvidiaSmiBackend with a real child process", () => {
  function fakeProgram(body: string): string {
    const path = join(mkdtempSync(join(tmpdir(), "prov4ml-fake-smi-")), "nvidia-smi");
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it("reads the CSV a program prints and passes arguments without a shell", async () => {
    // Echoes its first argument back as the GPU name: a shell would have split or expanded it.
    const command = fakeProgram('echo "0, GPU-x, 5, 6, 7, 8, 9.5, 10, $1"');
    const [reading] = await nvidiaSmiBackend({ command }).sample();
    expect(reading?.name).toBe(`--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(",")}`);
    expect(reading?.powerWatts).toBe(9.5);
  });

  it("kills a program that does not answer within the timeout", async () => {
    const command = fakeProgram("sleep 5");
    const started = Date.now();
    const probe = await nvidiaSmiBackend({ command, timeoutMs: 100 }).probe();
    expect(probe).toMatchObject({ available: false, reason: `${command} did not answer within the timeout` });
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("reports a missing program", async () => {
    const probe = await nvidiaSmiBackend({ command: "/nonexistent/nvidia-smi" }).probe();
    expect(probe).toMatchObject({ available: false, reason: "/nonexistent/nvidia-smi not found on PATH" });
  });
});
