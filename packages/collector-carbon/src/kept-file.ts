import { closeSync, openSync, readFileSync, readSync } from "node:fs";

/**
 * A small procfs/sysfs file read again and again: the descriptor stays open and each read is a
 * `pread` at offset 0 (the kernel regenerates the content), 3–5× cheaper than `readFileSync`.
 * A failed read closes the descriptor; the next read reopens it.
 */
export class KeptFile {
  readonly path: string;
  readonly #buffer: Buffer;
  #fd: number | undefined;

  constructor(path: string, bufferBytes = 512) {
    this.path = path;
    this.#buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** The file's first `bufferBytes` bytes (all of it for a counter file). Throws when unreadable. */
  readHead(): string {
    try {
      this.#fd ??= openSync(this.path, "r");
      const length = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
      return this.#buffer.toString("latin1", 0, length);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The whole file, for the rare content longer than the buffer. */
  readAll(): string {
    return readFileSync(this.path, "latin1");
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already closed.
    }
    this.#fd = undefined;
  }
}
