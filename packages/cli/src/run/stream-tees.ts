/**
 * How each of the command's stdout and stderr is wired: a terminal is inherited (it stays a
 * terminal, not teed); a regular file is inherited too, and read back (file-follow.ts); otherwise
 * the stream is teed — stdout through a kernel pipe and a relay thread where that can be set up
 * (pipe-relay.ts), the rest through the socket pair `spawn` makes, on the event loop (output-tee.ts).
 */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { isatty } from "node:tty";
import { makeFifos } from "./fifo.ts";
import { type FileTee, type FollowableFile, followableFile, followFile } from "./file-follow.ts";
import { type Tee, teeStream } from "./output-tee.ts";
import { passthroughTo } from "./passthrough.ts";
import { canRelay, type PipeRelay, startPipeRelay } from "./pipe-relay.ts";
import type { RecordSink } from "./record-sink.ts";

const STREAMS = ["stdout", "stderr"] as const;
type Stream = (typeof STREAMS)[number];

/** The tee of each stream the command writes into a pipe or file; a stream left to a terminal has none. */
export type Tees = { stdout?: Tee | FileTee; stderr?: Tee | FileTee };

/** What `spawn` gets for a stream: the wrapper's own, a socket pair, or a pipe's write end. */
export type StdioTarget = "inherit" | "pipe" | number;

export interface TeeOptions {
  /** Tee terminals too (`--capture`). */
  readonly capture: boolean;
  readonly logLimit: number;
  readonly quietProtocol: boolean;
}

export interface PreparedTees {
  readonly stdio: Record<Stream, StdioTarget>;
  /** Why a stream has no tee (a terminal; stderr in the same file as stdout). */
  readonly notes: Partial<Record<Stream, string>>;
  /** After the spawn (even a failed one): the tees of the piped streams; stdout's records go to `sink`. */
  attach(child: ChildProcess, sink: RecordSink): Tees;
  /** The command never started: the relay threads are let go. */
  dispose(): void;
}

/**
 * Decides and prepares each stream before the command starts — early, so that the relay threads
 * start up while the run is being set up.
 */
export function prepareTees(options: TeeOptions): PreparedTees {
  const files = directFiles(options);
  const notes: Partial<Record<Stream, string>> = {};
  const piped = STREAMS.filter((stream) => {
    if (files[stream]) return false;
    if (files.stdout && stream === "stderr" && sameFile(files.stdout, followableFile(2))) {
      notes.stderr = "in logs/stdout.log: stdout and stderr are the same file";
      return false;
    }
    if (options.capture || !isatty(stream === "stdout" ? 1 : 2)) return true;
    notes[stream] = `not captured: ${stream} is a terminal (use --capture to tee it)`;
    return false;
  });
  const relays: Partial<Record<Stream, PipeRelay>> = {};
  // stdout only: it carries the floods and the records; a relay thread costs ~0.1 s of CPU to
  // start, which stderr (mostly quiet) would rarely pay back.
  const relayed = piped.filter((stream) => stream === "stdout" && canRelay(1));
  const fifos = relayed.length > 0 ? makeFifos(relayed) : undefined;
  if (fifos) {
    try {
      for (const [index, stream] of relayed.entries())
        relays[stream] = startPipeRelay({
          fifo: fifos.paths[index] as string,
          outFd: stream === "stdout" ? 1 : 2,
          logLimit: options.logLimit,
          scan: stream === "stdout",
          quietProtocol: options.quietProtocol,
        });
    } finally {
      rmSync(fifos.dir, { recursive: true, force: true }); // the pipes live on without their names
    }
  }
  const target = (stream: Stream): StdioTarget =>
    relays[stream]?.childFd ?? (piped.includes(stream) ? "pipe" : "inherit");
  return {
    stdio: { stdout: target("stdout"), stderr: target("stderr") },
    notes,
    attach(child, sink) {
      const tees: Tees = {};
      for (const stream of STREAMS) {
        const file = files[stream];
        if (file)
          tees[stream] = followFile(file, {
            logLimit: options.logLimit,
            ...(stream === "stdout" ? { sink } : {}),
          });
      }
      // A reader gone from a socket pair gives the command ECONNRESET, not SIGPIPE: send it.
      const onReaderGone = () =>
        child.exitCode === null && child.signalCode === null && child.kill("SIGPIPE");
      for (const stream of STREAMS) {
        const relay = relays[stream];
        relay?.spawned(stream === "stdout" ? sink : undefined);
        const source = child[stream];
        if (files[stream]) continue;
        if (relay) tees[stream] = relay.tee;
        else if (source)
          tees[stream] = teeStream(source, passthroughTo(stream === "stdout" ? 1 : 2), {
            logLimit: options.logLimit,
            onReaderGone,
            ...(stream === "stdout" ? { sink, quietProtocol: options.quietProtocol } : {}),
          });
      }
      return tees;
    },
    dispose() {
      for (const relay of Object.values(relays)) relay.spawned();
    },
  };
}

/**
 * The streams the command may write directly because they are regular files. stdout only when its
 * records may stay in it (not --quiet-protocol); stderr not when it shares stdout's relayed file.
 */
function directFiles(options: TeeOptions): Partial<Record<Stream, FollowableFile>> {
  const stdout = options.quietProtocol ? undefined : followableFile(1);
  const stderr = followableFile(2);
  const shared = sameFile(followableFile(1), stderr);
  return {
    ...(stdout ? { stdout } : {}),
    ...(stderr && !shared ? { stderr } : {}),
  };
}

function sameFile(a: FollowableFile | undefined, b: FollowableFile | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
