import { Prov4mlError } from "@prov4ml/core";

/** Wrong arguments on the command line: exit status 2, the message says what to type. */
export class UsageError extends Prov4mlError {
  constructor(message: string) {
    super("CLI_USAGE", message);
  }
}

/** A command that could not do its work (file missing, metric unknown…): exit status 1. */
export class CommandError extends Prov4mlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("CLI_COMMAND", message, options);
  }
}
