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

/**
 * Longest experiment name in UTF-8 bytes: it becomes part of file names
 * (`prov_<name>_GR<rank>_<N>.json.tmp-…`), which file systems cut at 255 bytes.
 */
export const MAX_EXPERIMENT_NAME_BYTES = 150;

/** Experiment names also become directory and file names: path separators and long names are refused. */
export function checkExperimentName(name: unknown): string {
  const checked = checkName("experiment", name);
  const bytes = Buffer.byteLength(checked);
  if (bytes > MAX_EXPERIMENT_NAME_BYTES) {
    throw new InvalidNameError(
      "experiment",
      name,
      `it takes ${bytes} bytes in UTF-8; keep it under ${MAX_EXPERIMENT_NAME_BYTES} (it becomes part of file names)`,
    );
  }
  if (/[/\\]/.test(checked) || checked === "." || checked === "..") {
    throw new InvalidNameError(
      "experiment",
      name,
      'it would be a path; use a plain name without "/" or "\\"',
    );
  }
  return checked;
}
