import { arch, cpus, hostname, release, totalmem, type, userInfo } from "node:os";
import type { Attributes } from "../prov/literals.ts";
import { redactArgv } from "./secrets.ts";
import { TERMS } from "./vocabulary.ts";

/**
 * The facts recorded about the machine and process. An allow-list: nothing from the environment
 * variables is recorded except the launcher variables named in `RECORDED_ENV_VARS`.
 */
export const RECORDED_ENV_VARS = [
  "RANK",
  "LOCAL_RANK",
  "WORLD_SIZE",
  "SLURM_JOB_ID",
  "SLURM_PROCID",
  "SLURM_NTASKS",
  "CUDA_VISIBLE_DEVICES",
] as const;

export function currentUser(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return process.env.USER ?? "unknown";
  }
}

export function environmentAttributes(): Attributes {
  const cpuList = cpus();
  const attributes: Attributes = {
    [TERMS.nodeVersion]: process.version,
    [TERMS.os]: type(),
    [TERMS.osRelease]: release(),
    [TERMS.arch]: arch(),
    [TERMS.cpuModel]: cpuList[0]?.model.trim() ?? "unknown",
    [TERMS.cpuCount]: cpuList.length,
    [TERMS.totalMemoryBytes]: totalmem(),
    [TERMS.hostname]: hostname(),
    [TERMS.pid]: process.pid,
    [TERMS.commandLine]: redactArgv(process.argv).join(" "),
    [TERMS.workingDirectory]: process.cwd(),
  };
  for (const name of RECORDED_ENV_VARS) {
    const value = process.env[name];
    if (value !== undefined) attributes[`prov4ml:env_${name}`] = value;
  }
  return attributes;
}
