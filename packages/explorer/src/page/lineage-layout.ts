/** Columns for the lineage graph: each run right of the files it used, each file right of its makers. */
import type { LineageFile, RunLineage } from "../api-types.ts";

export interface LaidOutNode {
  key: string;
  kind: "run" | LineageFile["kind"];
  column: number;
  row: number;
}

/**
 * Longest-path ranks over the runs-and-files graph (a file ranks after every run that generated it,
 * a run after every file it used), rows in order of appearance. Cycles (a run that used what it
 * made) stop after as many rounds as there are nodes.
 */
export function layOutLineage(lineage: RunLineage, files: LineageFile[]): LaidOutNode[] {
  const runIds = new Set(files.flatMap((file) => [...file.generatedBy, ...file.usedBy]));
  const rank = new Map<string, number>();
  for (const id of runIds) rank.set(`run:${id}`, 0);
  for (const file of files) rank.set(file.key, 0);
  for (let round = 0; round < rank.size; round++) {
    let changed = false;
    const raise = (key: string, below: number) => {
      if ((rank.get(key) ?? 0) < below + 1) {
        rank.set(key, below + 1);
        changed = true;
      }
    };
    for (const file of files) {
      for (const maker of file.generatedBy) raise(file.key, rank.get(`run:${maker}`)!);
      for (const user of file.usedBy)
        if (!file.generatedBy.includes(user)) raise(`run:${user}`, rank.get(file.key)!);
    }
    if (!changed) break;
  }
  const rows = new Map<number, number>();
  const place = (key: string, kind: LaidOutNode["kind"]): LaidOutNode => {
    const column = rank.get(key)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { key, kind, column, row };
  };
  return [
    ...lineage.runs.filter((run) => runIds.has(run.id)).map((run) => place(`run:${run.id}`, "run")),
    ...files.map((file) => place(file.key, file.kind)),
  ];
}
