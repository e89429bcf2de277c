import { InvalidNameError } from "../errors.ts";

/** Longest name accepted for params, metrics, contexts, artifacts and models (MLflow's key limit). */
export const MAX_NAME_LENGTH = 250;

/**
 * Checks a user-chosen name. Names are stored percent-encoded in ids and file names, so any
 * printable text is fine; what is refused is what no backend can store faithfully.
 */
export function checkName(what: string, name: unknown): string {
  if (typeof name !== "string")
    throw new InvalidNameError(what, name, `expected a string, got ${typeof name}`);
  if (name.length === 0) throw new InvalidNameError(what, name, "it is empty; give it a name");
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidNameError(
      what,
      name,
      `it has ${name.length} characters; keep it under ${MAX_NAME_LENGTH}`,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidNameError(what, name, "it contains control characters (newline, NUL, …); remove them");
  }
  if (name.trim() !== name)
    throw new InvalidNameError(what, name, "it starts or ends with whitespace; trim it");
  return name;
}

/** Experiment names also become directory names, so path separators are refused too. */
export function checkExperimentName(name: unknown): string {
  const checked = checkName("experiment", name);
  if (/[/\\]/.test(checked) || checked === "." || checked === "..") {
    throw new InvalidNameError(
      "experiment",
      name,
      'it would be a path; use a plain name without "/" or "\\"',
    );
  }
  return checked;
}
