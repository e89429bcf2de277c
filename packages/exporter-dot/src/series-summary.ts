/**
 * yProv4ML v1 documents keep whole metric series in one attribute as a stringified Python list
 * (`"[0.1, 0.2, …]"`, up to 700 KB, items sometimes `np.float64(0.1)`, cut by numpy's `...`).
 * Drawn as text they would be unreadable; this summarises them instead.
 */
export interface SeriesSummary {
  readonly points: number;
  readonly first: number;
  readonly last: number;
  readonly min: number;
  readonly max: number;
  /** The writer cut the list (numpy's `...`): points, min and max cover what is left. */
  readonly truncated: boolean;
}

const WRAPPED_NUMBER = /^[A-Za-z_][\w.]*\((.*)\)$/s; // np.float64(0.5), Decimal('1')

/** The summary of a stringified numeric list, or undefined when the text is not one. */
export function summariseSeries(text: string): SeriesSummary | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) return undefined;
  const body = trimmed.slice(1, -1).trim();
  if (body === "") return undefined;
  let points = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let truncated = false;
  let start = 0;
  while (start <= body.length) {
    let end = body.indexOf(",", start);
    if (end === -1) end = body.length;
    let item = trimmedSlice(body, start, end);
    start = end + 1;
    if (item === "..." || item === "…") {
      truncated = true;
      continue;
    }
    // Only an item ending in ")" can be wrapped: the regex is not run on every item.
    const wrapped = item.charCodeAt(item.length - 1) === CLOSING_PAREN ? WRAPPED_NUMBER.exec(item) : null;
    if (wrapped) item = (wrapped[1] ?? "").replace(/^['"]|['"]$/g, "");
    const value = parseNumber(item);
    if (value === undefined) return undefined; // not a numeric list: leave it to truncation
    if (points === 0) first = value;
    last = value;
    points += 1;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (points === 0) return undefined;
  return { points, first, last, min, max, truncated };
}

const CLOSING_PAREN = 0x29;
const SPACE = 0x20;

/** `text.slice(from, to).trim()` for the list's separators, with one string made instead of two. */
function trimmedSlice(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  const item = text.slice(start, end);
  // Other (Unicode) white space is rare: `trim` knows all of it.
  return item.charCodeAt(0) > 0x7f || item.charCodeAt(item.length - 1) > 0x7f ? item.trim() : item;
}

function isBlank(code: number): boolean {
  return code === SPACE || (code >= 0x09 && code <= 0x0d);
}

function parseNumber(item: string): number | undefined {
  // Most items are plain decimals: checked by hand, without a lower-cased copy or a regex.
  if (isDecimal(item)) return Number(item);
  const lower = item.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Number.POSITIVE_INFINITY;
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  return undefined;
}

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** True for `[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?`, the whole item. */
function isDecimal(item: string): boolean {
  const length = item.length;
  let i = 0;
  let code = item.charCodeAt(0);
  if (code === 0x2b || code === 0x2d) code = item.charCodeAt(++i);
  let digits = 0;
  while (isDigit(code)) {
    digits++;
    code = item.charCodeAt(++i);
  }
  if (code === 0x2e) {
    code = item.charCodeAt(++i);
    while (isDigit(code)) {
      digits++;
      code = item.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (code === 0x65 || code === 0x45) {
    code = item.charCodeAt(++i);
    if (code === 0x2b || code === 0x2d) code = item.charCodeAt(++i);
    let exponent = 0;
    while (isDigit(code)) {
      exponent++;
      code = item.charCodeAt(++i);
    }
    if (exponent === 0) return false;
  }
  return i === length;
}

/** A number short enough for a label: six significant digits, but whole (timestamps stay exact). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) || Math.abs(value) >= 1e6) return String(Math.round(value));
  return String(Number(value.toPrecision(6)));
}

export function describeSeries(summary: SeriesSummary): string {
  const { points, first, last, min, max, truncated } = summary;
  const text = `${points} points: first ${formatNumber(first)}, last ${formatNumber(last)}, min ${formatNumber(min)}, max ${formatNumber(max)}`;
  return truncated ? `${text} (list cut by its writer)` : text;
}
