import { readFile } from "node:fs/promises";
import type { RunEvent } from "../plugins/events.ts";

/**
 * Parses a run's event journal (one JSON object per line, in logging order), skipping empty lines
 * and a last line a crash cut short. The one journal reader of the repository.
 */
export function parseEventJournal(text: string): RunEvent[] {
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

/** Reads a journal file; a missing one (nothing journaled yet) is an empty journal. */
export async function readEventJournal(path: string): Promise<RunEvent[]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  return parseEventJournal(text);
}
