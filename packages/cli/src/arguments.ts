/** `node:util` parseArgs with errors that say what to type, and `--help` handled once. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArguments<T extends Options> {
  values: { [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string };
  positionals: string[];
  help: boolean;
}

export function parseCommandArguments<T extends Options>(
  command: string,
  args: readonly string[],
  options: T,
): ParsedArguments<T> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest as ParsedArguments<T>["values"], positionals, help: help === true };
  } catch (error) {
    // Node's messages run on ("… To specify a positional argument …"): keep the first sentence.
    const reason = (error instanceof Error ? error.message : String(error)).split(/\.\s|\n/)[0];
    throw new UsageError(`${reason} (see \`prov4ml ${command} --help\`)`);
  }
}

/**
 * The value of a whole-number option, checked to lie in `min`…`max`; a UsageError naming the
 * range otherwise (an empty text is not 0).
 */
export function wholeNumberOption(
  command: string,
  flag: string,
  text: string,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new UsageError(
      `${flag} takes a whole number ${range}, got ${JSON.stringify(text)} (see \`prov4ml ${command} --help\`)`,
    );
  }
  return value;
}

export function requirePositionals(
  command: string,
  positionals: readonly string[],
  names: readonly string[],
): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(" ")} (see \`prov4ml ${command} --help\`)`,
    );
  }
  if (positionals.length > names.length) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[names.length])} (see \`prov4ml ${command} --help\`)`,
    );
  }
  return [...positionals];
}
