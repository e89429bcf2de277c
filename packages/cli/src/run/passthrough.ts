/**
 * Where the child's output goes on: the wrapper's own stdout or stderr, written the cheapest way
 * that keeps memory bounded. A file or /dev/null never blocks for long, so bytes go straight to
 * the descriptor with `writeSync` (no stream queue, no copy); a pipe or socket may be slow (`| less`)
 * and goes through Node's stream, whose backpressure pauses the reading until it drains. When the
 * reader goes away (`| head`) the passthrough says so (`readerGone`), and the tee closes the child's
 * end too, as the shell would; other failures (a full disk) only stop the passthrough.
 */
import { fstatSync, writeSync } from "node:fs";
import { isatty } from "node:tty";

/** One of the wrapper's own output streams, as the tee writes to it. */
export interface Passthrough {
  /** Passes the bytes on; false when the destination is full: wait for `onDrain` before more. */
  write(bytes: Uint8Array): boolean;
  /** Calls `listener` once the destination takes bytes again. */
  onDrain(listener: () => void): void;
  /** The reader went away (EPIPE, or ECONNRESET from a socket): nothing more will be passed on. */
  readonly readerGone: boolean;
}

/** A pipe's reader closed it; a socket's reader closed it with bytes still unread. */
const READER_GONE = new Set(["EPIPE", "ECONNRESET"]);

/** The wrapper's own stdout (1) or stderr (2). */
export function passthroughTo(fd: 1 | 2): Passthrough {
  let direct = isDirect(fd);
  let broken = false;
  let readerGone = false;
  let stream: NodeJS.WriteStream | undefined;
  const waiting: (() => void)[] = [];
  const toStream = (): NodeJS.WriteStream => {
    if (stream) return stream;
    stream = fd === 1 ? process.stdout : process.stderr;
    stream.on("error", (error: NodeJS.ErrnoException) => {
      broken = true; // no 'drain' will come: let the reading go on
      readerGone = READER_GONE.has(error.code ?? "");
      for (const listener of waiting.splice(0)) listener();
    });
    return stream;
  };
  return {
    get readerGone() {
      return readerGone;
    },
    write(bytes) {
      if (broken) return true;
      if (!direct) return toStream().write(bytes);
      let at = 0;
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        // A descriptor someone made non-blocking: the stream waits properly. Anything else (a
        // full disk, a closed descriptor) ends the passthrough, never the run.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EAGAIN") {
          broken = true;
          readerGone = READER_GONE.has(code ?? "");
        } else {
          direct = false;
          return toStream().write(bytes.subarray(at));
        }
      }
      return true;
    },
    onDrain(listener) {
      if (!stream || broken) return queueMicrotask(listener);
      waiting.push(listener);
      stream.once("drain", () => {
        const index = waiting.indexOf(listener);
        if (index >= 0) waiting.splice(index, 1)[0]?.();
      });
    },
  };
}

function isDirect(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}
