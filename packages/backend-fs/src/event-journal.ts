import { eventJournalName } from "@prov4ml/core";

/** Relative path of the run's event journal: one JSON object per line, in logging order. */
export function eventJournalPath(rank: number): string {
  return eventJournalName(rank);
}

/** The journal reader is core's (one reader for every package). */
export { readEventJournal } from "@prov4ml/core";
