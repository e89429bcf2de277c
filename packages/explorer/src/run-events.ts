/** Server-sent events: a `change` whenever a file under the watched directories changes. */
import { type FSWatcher, watch } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "./security-headers.ts";

/** Changes closer together than this are sent as one (a training loop appends many rows a second). */
const COALESCE_MS = 250;

/**
 * Streams `event: change` while files under `dirs` change (a run's metric CSVs grow, its document
 * is rewritten, a new run directory appears), until the page goes away. The page re-reads on each.
 */
export function streamChanges(
  dirs: readonly string[],
  request: IncomingMessage,
  response: ServerResponse,
): void {
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": "text/event-stream; charset=utf-8",
    connection: "keep-alive",
  });
  response.write(": watching\n\n");
  let pending: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = [];
  const stop = () => {
    for (const watcher of watchers) watcher.close();
    if (pending !== undefined) clearTimeout(pending);
  };
  const changed = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      response.write("event: change\ndata: {}\n\n");
    }, COALESCE_MS);
  };
  try {
    for (const dir of dirs) {
      const watcher = watch(dir, { recursive: true }, changed);
      // A directory deleted while watched: stop; the page keeps what it shows.
      watcher.on("error", () => {
        stop();
        response.end();
      });
      watchers.push(watcher);
    }
  } catch {
    stop();
    response.end();
    return;
  }
  request.on("close", stop);
}
