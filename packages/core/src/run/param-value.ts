import { InvalidArgumentError } from "../errors.ts";

/**
 * A param's value as recorded, one rule for every backend: strings, booleans and numbers as they
 * are (−0 as the text "-0"), bigints as decimal text, `null` as "null", plain objects and arrays
 * as JSON. Refused with `InvalidArgumentError`, because no text would say what they were:
 * `undefined`, functions, symbols, `Map`, `Set` and values JSON cannot write (a cycle).
 */
export function toParamValue(key: string, value: unknown): string | number | boolean {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : value;
  if (typeof value === "bigint") return value.toString();
  if (value === null) return "null";
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    throw new InvalidArgumentError(`param "${key}" is ${typeof value}; pass a string, number or boolean`);
  }
  if (value instanceof Map || value instanceof Set) {
    throw new InvalidArgumentError(
      `param "${key}" is a ${value instanceof Map ? "Map" : "Set"}, which JSON writes as {}; pass Object.fromEntries(...) or [...set]`,
    );
  }
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json;
  } catch {
    // fall through: cyclic structures
  }
  throw new InvalidArgumentError(`param "${key}" has a value that cannot be written as text; pass a string`);
}
