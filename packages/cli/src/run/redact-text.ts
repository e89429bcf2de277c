/**
 * Secrets out of captured output before it is stored: `token=…`-style assignments, bearer
 * tokens, credentials in URLs, and the values of secret-looking environment variables.
 */
import { looksSecret, SECRET_KEY } from "@prov4ml/core/internal";

// Bounded repetitions: an unbounded `[\w.-]*` backtracks quadratically on a megabyte-long word.
const ASSIGNMENT = new RegExp(
  `(\\b[\\w.-]{0,64}${SECRET_KEY.source}[\\w.-]{0,64}["']?\\s{0,8}[:=]\\s{0,8}["']?)[^\\s"',;]+`,
  "gi",
);
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^/\s:@]{1,256}:[^/\s@]{1,256}@/gi;
/** Shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 6;

export const REDACTED = "***";

/** The values of environment variables whose names look secret, longest first. */
export function secretEnvValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([key, value]) => looksSecret(key) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string)
    .sort((a, b) => b.length - a.length);
}

/** A secret-looking key anywhere: without one, the costly assignment pattern has nothing to find. */
const ANY_SECRET_KEY = new RegExp(SECRET_KEY.source, "i");

export function redactText(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const value of secretValues) out = out.split(value).join(REDACTED);
  out = out.replace(BEARER, `$1 ${REDACTED}`);
  // The same replacements as always; the checks only skip the patterns that cannot match (a log of
  // metric lines took 0.2 s for 4 MiB through the assignment pattern).
  if (ANY_SECRET_KEY.test(out)) out = out.replace(ASSIGNMENT, `$1${REDACTED}`);
  if (out.includes("://")) out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  return out;
}

/**
 * `redactText` over raw bytes, which stay as they were (binary output, a character cut at the
 * head/tail boundary): read as Latin-1, one character per byte, so only secrets are changed.
 */
export function redactBytes(bytes: Buffer, secretValues: readonly string[]): Buffer {
  const latin1Secrets = secretValues.map((value) => Buffer.from(value, "utf8").toString("latin1"));
  return Buffer.from(redactText(bytes.toString("latin1"), latin1Secrets), "latin1");
}
