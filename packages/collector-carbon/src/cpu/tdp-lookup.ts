import { CPU_TDP_TABLE } from "./cpu-tdp-data.ts";

/** A CPU model found in the shipped TDP table. */
export interface TdpMatch {
  /** The table's name for it. */
  readonly name: string;
  readonly watts: number;
}

interface Row {
  readonly name: string;
  readonly lower: string;
  readonly tokens: ReadonlySet<string>;
  readonly watts: number;
}

let rows: Row[] | undefined;

function table(): Row[] {
  rows ??= CPU_TDP_TABLE.split("\n").map((line) => {
    const tab = line.lastIndexOf("\t");
    const name = line.slice(0, tab);
    return { name, lower: name.toLowerCase(), tokens: tokenSet(name), watts: Number(line.slice(tab + 1)) };
  });
  return rows;
}

/** rapidfuzz's `default_process`: lower case, non-alphanumerics → spaces, trimmed; then its tokens. */
function tokenSet(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]/gu, " ")
      .split(/\s+/)
      .filter((token) => token !== ""),
  );
}

/**
 * rapidfuzz `token_set_ratio` is 100 exactly when the token sets share a token and one contains
 * the other; that is all CodeCarbon's threshold of 100 lets through.
 */
function tokenSetFullMatch(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared > 0 && (shared === a.size || shared === b.size);
}

function exact(lowerQuery: string): Row | undefined {
  return table().find((row) => row.lower === lowerQuery);
}

/**
 * CodeCarbon 3.3's `TDP._get_matching_cpu`: an exact case-insensitive match; else the same after
 * stripping "(R)", " CPU @ …", " CPU" and "@ x.xxGHz"; else a unique token-set match (a tie of
 * several is no match). A TDP of 0 counts as unknown, as in CodeCarbon (`if power:`).
 */
export function lookupCpuTdp(model: string): TdpMatch | undefined {
  const matched = matchCpuName(model);
  if (matched === undefined) return undefined;
  const row = table().find((candidate) => candidate.name === matched);
  if (row === undefined || !(row.watts > 0)) return undefined;
  return { name: row.name, watts: row.watts };
}

/** The table name CodeCarbon would pick for `model`, if any. */
export function matchCpuName(model: string): string | undefined {
  const direct = exact(model.toLowerCase());
  if (direct) return direct.name;
  let cleaned = model.replaceAll("(R)", "");
  const at = cleaned.indexOf(" CPU @ ");
  if (at > 0) cleaned = cleaned.slice(0, at);
  cleaned = cleaned.replaceAll(" CPU", "").replace(/ @\s*\d+\.\d+GHz/g, "");
  const second = exact(cleaned.toLowerCase());
  if (second) return second.name;
  const query = tokenSet(cleaned);
  if (query.size === 0) return undefined;
  let found: Row | undefined;
  for (const row of table()) {
    if (!tokenSetFullMatch(query, row.tokens)) continue;
    if (found) return undefined; // several at 100: CodeCarbon refuses to pick
    found = row;
  }
  return found?.name;
}
