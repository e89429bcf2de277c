/**
 * The `prov4ml` command line: dispatches to one command, turns every failure into one line on
 * stderr and an exit status (1: the command failed, 2: wrong arguments). Stack traces only with
 * PROV4ML_DEBUG=1.
 */
import { Prov4mlError } from "@prov4ml/core";
import { COMMANDS } from "./commands/index.ts";
import { UsageError } from "./errors.ts";
import type { CommandIO } from "./io.ts";
import { VERSION } from "./version.ts";

const HELP = `Usage: prov4ml <command> [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(9)} ${command.summary}`).join("\n")}

Run \`prov4ml <command> --help\` for a command's options.
Options: -h, --help   -v, --version
`;

export async function main(args: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "-h" || name === "--help" || name === "help") {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "-v" || name === "--version") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (!command)
      throw new UsageError(
        `unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(", ")}`,
      );
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`prov4ml${command ? ` ${command.name}` : ""}: ${errorLine(error)}\n`);
    if (process.env.PROV4ML_DEBUG === "1" && error instanceof Error && error.stack)
      io.stderr(`${error.stack}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function errorLine(error: unknown): string {
  if (error instanceof Prov4mlError) return oneLine(error.message);
  if (error instanceof Error)
    return `unexpected error: ${oneLine(error.message)} (set PROV4ML_DEBUG=1 for details)`;
  return `unexpected error: ${oneLine(String(error))}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
