/** A run's document file names: `prov_<run>_GR<rank>_<n>.json`. */
const RUN_DOCUMENT = /^prov_.*\.json$/;

/**
 * The run documents (`prov_*.json`) among a directory's entries, lowest rank first
 * (`prov_x_GR2_1.json` before `prov_x_GR10_1.json`, names without a rank last): the first is the
 * one `loadRun` reads, so every reader that picks "the run's document" picks the same one.
 */
export function runDocumentNames(entries: readonly string[]): string[] {
  return entries.filter((name) => RUN_DOCUMENT.test(name)).sort(byRank);
}

function byRank(a: string, b: string): number {
  return rankOf(a) - rankOf(b) || a.localeCompare(b);
}

function rankOf(name: string): number {
  return Number(/_GR(\d+)_/.exec(name)?.[1] ?? Number.MAX_SAFE_INTEGER);
}
