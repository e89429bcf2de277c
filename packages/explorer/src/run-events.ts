/** Server-sent events for one run: a `change` whenever a file of its directory changes. */
import { type FSWatcher, watch } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "./security-headers.ts";

/** Changes closer together than this are sent as one (a training loop appends many rows a second). */
const COALESCE_MS = 250;

/**
 * Streams `event: change` while the run's directory changes (its metric CSVs grow, its document is
 * rewritten), until the page goes away. The page re-reads the run on each event.
 */
export function streamRunChanges(dir: string, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "text/event-stream; charset=utf-8",
    connection: "keep-alive",
  });
  response.write(": watching\n\n");
  let pending: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const stop = () => {
    watcher?.close();
    if (pending !== undefined) clearTimeout(pending);
  };
  try {
    watcher = watch(dir, { recursive: true }, () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        response.write("event: change\ndata: {}\n\n");
      }, COALESCE_MS);
    });
    watcher.on("error", () => {
      stop();
      response.end(); // the run directory was deleted: the page keeps what it shows
    });
  } catch {
    response.end();
    return;
  }
  request.on("close", stop);
}
