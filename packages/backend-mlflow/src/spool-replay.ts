import type { Spool } from "./spool.ts";
import { coalesce, replayGroups, type WindowResult, type WorkItem } from "./work-item.ts";

export interface SpoolReplay {
  spool: Spool;
  /** Requests in flight at once. */
  concurrency: number;
  deliver: (item: WorkItem) => Promise<void>;
  /** A failure the server meant: the record is reported and passed, not retried. */
  isRejection: (error: unknown) => boolean;
  /** Checked before each read of the spool: false stops the replay (server gone, aborted). */
  keepGoing: () => boolean;
  /** Told about each acknowledged window, before the cursor moves past it. */
  onWindow: (window: WindowResult) => void;
  /** Called synchronously once nothing is left, so nothing can be appended in between. */
  onCaughtUp: () => void;
  /** A delivery failure that is not a rejection ends the replay here. */
  onFailure: (error: unknown) => Promise<void>;
}

/**
 * Delivers spooled records in order from the cursor on, moving the cursor past each acknowledged
 * window. Returns `"failed"` after `onFailure`, otherwise `"stopped"` (caught up or told to stop).
 */
export async function replaySpool(replay: SpoolReplay): Promise<"failed" | "stopped"> {
  const { spool } = replay;
  let offset = await spool.readCursor();
  while (replay.keepGoing()) {
    const records = spool.readRecords(offset);
    if (records.length === 0) {
      await spool.settled();
      if (spool.readRecords(offset).length > 0 || spool.appending) continue;
      // Caught up: live delivery takes over (single-threaded, so nothing slips in between).
      replay.onCaughtUp();
      break;
    }
    try {
      await replayGroups(
        coalesce(records),
        replay.concurrency,
        replay.deliver,
        replay.isRejection,
        async (window) => {
          replay.onWindow(window);
          offset = window.end;
          await spool.writeCursor(offset);
        },
      );
    } catch (error) {
      await replay.onFailure(error);
      return "failed";
    }
  }
  return "stopped";
}
