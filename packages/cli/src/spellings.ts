/**
 * The spellings the CLI accepts for the same thing: a context as prov4ml writes it (`training`)
 * or as yProv4ML's Python enum does (`Context.TRAINING`), and a format as `convert --to` names it
 * (`ttl`) or as `endRun({ formats })` does (`turtle`).
 */

const ENUM_CONTEXT = /^Context\.([A-Za-z_]+)$/;

/** `Context.TRAINING` and `training` give the same key; any other name is kept as written. */
export function contextKey(context: string): string {
  const enumName = ENUM_CONTEXT.exec(context)?.[1];
  return enumName === undefined ? context : enumName.toLowerCase();
}

/** Whether a series' context, as stored, is the one the user typed, in either spelling. */
export function sameContext(stored: string, typed: string): boolean {
  return stored === typed || contextKey(stored) === contextKey(typed);
}

/** `convert --to` formats and the other names they go by (exporter formats, file extensions). */
const FORMAT_ALIASES: Readonly<Record<string, "json" | "provn" | "ttl">> = {
  json: "json",
  "prov-json": "json",
  provjson: "json",
  provn: "provn",
  "prov-n": "provn",
  ttl: "ttl",
  turtle: "ttl",
};

/** The `convert` format a user's spelling names (case-insensitive), or undefined. */
export function convertFormat(spelling: string): "json" | "provn" | "ttl" | undefined {
  const key = spelling.toLowerCase();
  return Object.hasOwn(FORMAT_ALIASES, key) ? FORMAT_ALIASES[key] : undefined;
}
