import { InvalidArgumentError } from "../errors.ts";

/**
 * A param's value as recorded: strings, booleans and numbers as they are, bigints as decimal text,
 * anything else as JSON. A value JSON cannot write (a cycle) is refused.
 */
export function toParamValue(key: string, value: unknown): string | number | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return value.toString();
  if (value === null || value === undefined) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // fall through: cyclic structures
  }
  throw new InvalidArgumentError(`param "${key}" has a value that cannot be written as text; pass a string`);
}
