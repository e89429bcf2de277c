/** Writes a command's result to `-o <file>` or to stdout. */
import { writeFileSync } from "node:fs";
import { CommandError } from "./errors.ts";
import type { CommandIO } from "./io.ts";

export function writeOutput(io: CommandIO, content: string, file: string | undefined): void {
  if (file === undefined) {
    io.stdout(content.endsWith("\n") ? content : `${content}\n`);
    return;
  }
  try {
    writeFileSync(file, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new CommandError(`cannot write ${file} (${code}): check the directory exists and is writable.`, {
      cause: error,
    });
  }
  io.stderr(`wrote ${file} (${Buffer.byteLength(content)} bytes)\n`);
}
