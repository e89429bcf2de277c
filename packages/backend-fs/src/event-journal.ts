import { readFile } from "node:fs/promises";
import { eventJournalName, type RunEvent } from "@prov4ml/core";

/** Relative path of the run's event journal: one JSON object per line, in logging order. */
export function eventJournalPath(rank: number): string {
  return eventJournalName(rank);
}

/** Reads a journal back, skipping a last line a crash cut short. */
export async function readEventJournal(path: string): Promise<RunEvent[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const events: RunEvent[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      // an incomplete final line after a crash
    }
  }
  return events;
}
