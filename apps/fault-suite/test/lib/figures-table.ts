import { FIGURE_KEYS, type Figures } from "./figures.ts";

const HEADERS: Record<keyof Figures, string> = {
  trials: "trials",
  pointsLogged: "points logged",
  pointsRecovered: "points recovered",
  pointsCountedLost: "points counted lost",
  badInputs: "bad inputs tried",
  filesChecked: "files checked for secrets",
  leaks: "leaks found",
};

export interface FigureRow extends Figures {
  part: string;
}

/** Sums JSON lines `{ part, ...counts }` into one row per part, in first-seen order, plus a total. */
export function sumFigures(lines: readonly string[]): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  for (const line of lines) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line) as Partial<Figures> & { part: string };
    let row = rows.get(entry.part);
    if (!row) {
      row = {
        part: entry.part,
        trials: 0,
        pointsLogged: 0,
        pointsRecovered: 0,
        pointsCountedLost: 0,
        badInputs: 0,
        filesChecked: 0,
        leaks: 0,
      };
      rows.set(entry.part, row);
    }
    for (const key of FIGURE_KEYS) row[key] += entry[key] ?? 0;
  }
  const total: FigureRow = {
    part: "total",
    trials: 0,
    pointsLogged: 0,
    pointsRecovered: 0,
    pointsCountedLost: 0,
    badInputs: 0,
    filesChecked: 0,
    leaks: 0,
  };
  for (const row of rows.values()) for (const key of FIGURE_KEYS) total[key] += row[key];
  return [...[...rows.values()].sort((a, b) => a.part.localeCompare(b.part)), total];
}

/** A plain-text table; the last row is the total. */
export function formatFigures(rows: readonly FigureRow[]): string {
  const header = ["part", ...FIGURE_KEYS.map((key) => HEADERS[key])];
  const body = rows.map((row) => [row.part, ...FIGURE_KEYS.map((key) => String(row[key]))]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join(" | ");
  const rule = widths.map((width) => "-".repeat(width)).join("-|-");
  return [line(header), rule, ...body.slice(0, -1).map(line), rule, line(body[body.length - 1]!)].join("\n");
}

/** Loss: points logged that were not recovered; leaks: secrets found. Either fails the suite. */
export function problemsIn(total: Figures): string[] {
  const problems: string[] = [];
  // A point counts as kept when it was found, or when the run said exactly that it was lost.
  const unaccounted = total.pointsLogged - total.pointsRecovered - total.pointsCountedLost;
  if (unaccounted > 0) problems.push(`${unaccounted} metric points lost without a word`);
  if (total.leaks > 0) problems.push(`${total.leaks} secrets leaked`);
  return problems;
}
