import { execFile } from "node:child_process";
import type { GpuBackend, GpuProbe } from "./gpu-backend.ts";
import { NVIDIA_SMI_QUERY_FIELDS, parseNvidiaSmiCsv } from "./parse-nvidia-smi.ts";

/** Runs a program without a shell and resolves with its stdout. */
export type RunFile = (
  file: string,
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<string>;

export interface NvidiaSmiBackendOptions {
  /** Program to run (default `nvidia-smi`, found on PATH). */
  readonly command?: string;
  /** Kill the child after this long (default 5000 ms: without persistence mode it can take seconds). */
  readonly timeoutMs?: number;
  /** Replaces `execFile` (tests). */
  readonly run?: RunFile;
}

/**
 * A {@link GpuBackend} that runs `nvidia-smi --query-gpu=… --format=csv,noheader,nounits` once per
 * sample: a fallback for when NVML cannot be loaded. It spawns a process per sample (tens of ms), so
 * prefer NVML for frequent sampling. nvidia-smi has no energy counter.
 */
export function nvidiaSmiBackend(options: NvidiaSmiBackendOptions = {}): GpuBackend {
  const command = options.command ?? "nvidia-smi";
  const timeoutMs = options.timeoutMs ?? 5000;
  const run = options.run ?? execFileText;
  const args = [`--query-gpu=${NVIDIA_SMI_QUERY_FIELDS.join(",")}`, "--format=csv,noheader,nounits"];
  let probing: Promise<GpuProbe> | undefined;

  const query = async () => parseNvidiaSmiCsv(await run(command, args, { timeoutMs }));

  const firstQuery = async (): Promise<GpuProbe> => {
    try {
      const readings = await query();
      return readings.length === 0
        ? { available: false, backend: "nvidia-smi", reason: `${command} lists no GPU` }
        : {
            available: true,
            backend: "nvidia-smi",
            devices: readings.map(({ index, uuid, name }) => ({ index, uuid, name })),
          };
    } catch (error) {
      return { available: false, backend: "nvidia-smi", reason: describeRunError(command, error) };
    }
  };
  const probe = (): Promise<GpuProbe> => {
    if (!probing) probing = firstQuery();
    return probing;
  };

  return {
    name: "nvidia-smi",
    probe,
    async sample() {
      const result = await probe();
      return result.available ? query() : [];
    },
    async close() {
      probing = undefined;
    },
  };
}

/** `execFile` without a shell, with a timeout; rejects with the child's error. */
export const execFileText: RunFile = (file, args, { timeoutMs }) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, encoding: "utf8", windowsHide: true },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr, stdout }));
        else resolve(stdout);
      },
    );
  });

function describeRunError(command: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException & {
    killed?: boolean;
    stderr?: string;
    stdout?: string;
    signal?: string;
  };
  if (e?.code === "ENOENT") return `${command} not found on PATH`;
  if (e?.code === "EACCES") return `${command} is not executable (permission denied)`;
  if (e?.killed || e?.signal === "SIGTERM") return `${command} did not answer within the timeout`;
  // nvidia-smi prints "couldn't communicate with the NVIDIA driver" on stdout, not stderr.
  const output = `${e?.stderr ?? ""}\n${e?.stdout ?? ""}`.trim();
  const firstLine = output.split("\n")[0] || (e instanceof Error ? e.message : String(error));
  return `${command} failed: ${firstLine}`;
}
