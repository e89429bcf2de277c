/** Where a command writes. The bin passes the process streams; tests pass buffers. */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal: progress is then one line rewritten in place. */
  readonly stderrIsTTY?: boolean;
}

export function processIO(): CommandIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/** A CommandIO that keeps what was written, for tests and for callers that want the text. */
export function bufferIO(): CommandIO & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
