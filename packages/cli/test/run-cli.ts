/** Test helper: runs the command line in-process, capturing what it writes. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { bufferIO } from "../src/io.ts";
import { main } from "../src/main.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");
export const FIXTURE_NAMES = readdirSync(FIXTURES).filter((name) => name.endsWith(".json"));
export const fixture = (name: string) => join(FIXTURES, name);

export interface CliResult {
  status: number;
  out: string;
  err: string;
}

export async function runCli(...args: string[]): Promise<CliResult> {
  const io = bufferIO();
  const status = await main(args, io);
  return { status, out: io.out, err: io.err };
}

/** Every failure is one line on stderr, with no stack trace. */
export function isOneLineError(err: string): boolean {
  return err.endsWith("\n") && err.trimEnd().split("\n").length === 1 && !/\n\s+at /.test(err);
}
