/** The shape every command file exports. */
import type { CommandIO } from "./io.ts";

export interface Command {
  readonly name: string;
  /** One line for `prov4ml --help`. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}
