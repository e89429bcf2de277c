/**
 * Benchmark of @prov4ml/nvml against its built dist/ (run `pnpm build` first): µs per full sample
 * (every reading of every GPU) through NVML + koffi, nvidia-smi and amdgpu sysfs, with ratios
 * against NVML. Uses the real libnvidia-ml / nvidia-smi when present; otherwise the compiled fake
 * NVML (FFI overhead only) and a stand-in `nvidia-smi` shell script (the cost of one spawn, a floor:
 * the real program takes 10s of ms, seconds without persistence mode).
 *
 *   BENCH_ITERATIONS  samples per backend (default 2000; nvidia-smi runs a tenth of that, at least 20)
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { amdgpuSysfsBackend, loadNvml, nvidiaSmiBackend, nvmlBackend } from "../dist/index.mjs";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const here = dirname(fileURLToPath(import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "prov4ml-nvml-bench-"));

async function perSample(backend, iterations) {
  const probe = await backend.probe();
  if (!probe.available) return { unavailable: probe.reason };
  await backend.sample();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await backend.sample();
  const us = ((performance.now() - started) / iterations) * 1000;
  await backend.close();
  return { us, devices: probe.devices.length };
}

// NVML: the real library if it loads, else the fake one compiled from the test fixture.
let nvmlLabel = "NVML (real libnvidia-ml.so.1)";
let nvmlOptions = {};
const real = await loadNvml();
if (real.available) real.shutdown();
else {
  const compiler = ["cc", "gcc", "clang"].find((c) => spawnSync(c, ["--version"]).status === 0);
  if (compiler) {
    const libraryPath = join(scratch, "libnvidia-ml.so.1");
    const source = join(here, "..", "test", "fixtures", "fake-nvml.c");
    spawnSync(compiler, ["-shared", "-fPIC", "-O1", "-o", libraryPath, source], { stdio: "inherit" });
    nvmlOptions = { libraryPath };
    nvmlLabel = "NVML via koffi (fake library: FFI cost only)";
  }
}
const loadStarted = performance.now();
const loaded = await loadNvml(nvmlOptions);
const loadMs = performance.now() - loadStarted;
if (loaded.available) loaded.shutdown();
const nvml = await perSample(nvmlBackend(nvmlOptions), ITERATIONS);

// nvidia-smi: the real one if on PATH, else a script printing the same CSV.
let smiLabel = "nvidia-smi (real)";
let smiOptions = {};
if (spawnSync("nvidia-smi", ["-L"]).status !== 0) {
  const command = join(scratch, "nvidia-smi");
  writeFileSync(command, '#!/bin/sh\necho "0, GPU-x, 37, 11, 4096, 16384, 123.45, 55, Fake GPU"\n');
  chmodSync(command, 0o755);
  smiOptions = { command };
  smiLabel = "nvidia-smi (stand-in script: spawn floor)";
}
const smi = await perSample(nvidiaSmiBackend(smiOptions), Math.max(20, Math.round(ITERATIONS / 10)));

// amdgpu sysfs over a temporary tree shaped like /sys/class/drm/card0.
const sysfsRoot = join(scratch, "sys");
const files = {
  vendor: "0x1002",
  gpu_busy_percent: "50",
  mem_busy_percent: "5",
  mem_info_vram_used: "1073741824",
  mem_info_vram_total: "17179869184",
  "hwmon/hwmon0/power1_average": "150000000",
  "hwmon/hwmon0/temp1_input": "45000",
};
for (const [name, content] of Object.entries(files)) {
  const path = join(sysfsRoot, "class", "drm", "card0", "device", name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${content}\n`);
}
const amd = await perSample(amdgpuSysfsBackend({ sysfsRoot }), ITERATIONS);

console.log(`@prov4ml/nvml benchmark — Node ${process.version}`);
console.log(`loadNvml (import koffi, dlopen, nvmlInit_v2): ${loadMs.toFixed(2)} ms`);
console.log(
  `${"backend".padEnd(46)} ${"µs/sample".padStart(12)} ${"GPUs".padStart(5)} ${"× NVML".padStart(9)}`,
);
for (const [label, result] of [
  [nvmlLabel, nvml],
  [smiLabel, smi],
  ["amdgpu sysfs (temporary tree, 1 card)", amd],
]) {
  if (result.unavailable) {
    console.log(`${label.padEnd(46)} unavailable: ${result.unavailable}`);
    continue;
  }
  const ratio = nvml.us ? (result.us / nvml.us).toFixed(1) : "-";
  console.log(
    `${label.padEnd(46)} ${result.us.toFixed(1).padStart(12)} ${String(result.devices).padStart(5)} ${ratio.padStart(9)}`,
  );
}
