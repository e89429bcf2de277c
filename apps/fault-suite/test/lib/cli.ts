/** Runs the built `prov4ml` command, as a user would. */
import { spawnSync } from "node:child_process";
import { cliBin } from "./paths.ts";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function prov4mlCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const result = spawnSync(process.execPath, [cliBin(), ...args], {
    encoding: "utf8",
    env,
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ShownRun {
  status: string;
  closed: boolean;
  params: Record<string, unknown>;
  metrics: { name: string; context: string; source: string; count?: number }[];
}

/** `prov4ml show <runDir> --json`, parsed; throws with the command's output when it fails. */
export function showRun(runDir: string): ShownRun {
  const result = prov4mlCli(["show", runDir, "--json"]);
  if (result.status !== 0)
    throw new Error(`prov4ml show failed (${result.status}):\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as ShownRun;
}
