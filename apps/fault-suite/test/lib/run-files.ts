/** Reading what a (possibly killed) run left on disk, strictly: malformed rows are reported, not skipped. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface CsvRow {
  step: number;
  value: number;
  timestamp: number;
}

export interface StrictCsv {
  rows: CsvRow[];
  /** Complete lines that are not `step,value,timestamp` numbers. */
  malformed: string[];
  /** A last line without its newline: a write the kill cut short (allowed, and ignored). */
  cutShort: boolean;
}

const NUMBER = /^(-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|NaN|-?Infinity)$/;

export function readCsvStrict(path: string): StrictCsv {
  const lines = readFileSync(path, "utf8").split("\n");
  const last = lines.pop();
  const result: StrictCsv = { rows: [], malformed: [], cutShort: last !== "" && last !== undefined };
  lines.forEach((line, index) => {
    if (index === 0 && line === "step,value,timestamp") return;
    const fields = line.split(",");
    if (fields.length !== 3 || !fields.every((field) => NUMBER.test(field))) {
      result.malformed.push(line.slice(0, 200));
      return;
    }
    result.rows.push({ step: Number(fields[0]), value: Number(fields[1]), timestamp: Number(fields[2]) });
  });
  if (lines[0] !== undefined && lines[0] !== "step,value,timestamp")
    result.malformed.push(`header: ${lines[0]}`);
  return result;
}

/** `metrics_GR<rank>/*.csv` of a run directory, by file name. */
export function metricFiles(runDir: string, rank = 0): Map<string, StrictCsv> {
  const dir = join(runDir, `metrics_GR${rank}`);
  const files = new Map<string, StrictCsv>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir))
    if (name.endsWith(".csv")) files.set(name, readCsvStrict(join(dir, name)));
  return files;
}

/** The events journal (`events_GR<rank>.jsonl`); a last line cut short by a kill is allowed. */
export function readJournal(
  runDir: string,
  rank = 0,
): { events: Record<string, unknown>[]; malformed: string[] } {
  const path = join(runDir, `events_GR${rank}.jsonl`);
  if (!existsSync(path)) return { events: [], malformed: [] };
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop(); // "" after the final newline, or a line the kill cut short
  const events: Record<string, unknown>[] = [];
  const malformed: string[] = [];
  for (const line of lines) {
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      malformed.push(line.slice(0, 200));
    }
  }
  return { events, malformed };
}

/** Every regular file below `dir`, as absolute paths. */
export function listFilesDeep(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFilesDeep(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A ledger a child writes synchronously next to its logging calls: `<series> <step> <epoch ms>` lines. */
export interface LedgerEntry {
  series: string;
  step: number;
  at: number;
}

export function readLedger(path: string): LedgerEntry[] {
  const lines = readFileSync(path, "utf8").split("\n");
  lines.pop();
  return lines.map((line) => {
    const [series, step, at] = line.split(" ");
    return { series: series!, step: Number(step), at: Number(at) };
  });
}
