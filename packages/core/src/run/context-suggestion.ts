import { Context } from "../context.ts";

/** Edits (insert, delete, substitute, swap neighbours) within which a context name looks like a typo. */
const TYPO_DISTANCE = 2;

/** Shortest known name a typo is looked for against: short names are too close to everything. */
const MIN_NAME_LENGTH = 5;

/**
 * The known context closest to `name` when `name` looks like a typo of it ("trainig" → "training"),
 * else undefined. Known contexts: the built-in ones and those declared so far. A typo is at most
 * two edits from a known name of five characters or more, and at most one edit per three
 * characters of it. A name equal to a known one, or far from all, is a deliberate custom context.
 */
export function closestKnownContext(name: string, declared: Iterable<string>): string | undefined {
  const known = new Set<string>([...Object.values(Context), ...declared]);
  if (known.has(name) || name.length < MIN_NAME_LENGTH - 1) return undefined;
  let best: string | undefined;
  let bestDistance = TYPO_DISTANCE + 1;
  for (const candidate of known) {
    if (candidate.length < MIN_NAME_LENGTH) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance * 3 <= candidate.length) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("trianing"). */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > TYPO_DISTANCE + 1) return TYPO_DISTANCE + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
