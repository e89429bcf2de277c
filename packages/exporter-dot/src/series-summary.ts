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
    let item = body.slice(start, end).trim();
    start = end + 1;
    if (item === "..." || item === "…") {
      truncated = true;
      continue;
    }
    const wrapped = WRAPPED_NUMBER.exec(item);
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

function parseNumber(item: string): number | undefined {
  const lower = item.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Number.POSITIVE_INFINITY;
  if (lower === "-inf" || lower === "-infinity") return Number.NEGATIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(item)) return undefined;
  return Number(item);
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
