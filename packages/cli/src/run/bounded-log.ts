/**
 * A captured output stream kept within `limit` bytes: the first half and the last half, with a
 * marker saying how much was left out between them. Every byte appended is copied (the caller may
 * reuse its buffer), the tail into a ring allocated once it is needed: memory stays at `limit`.
 */
export class BoundedLog {
  readonly #half: number;
  readonly #keep: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  /** The last `#keep` bytes after the head, as a ring; `#ringEnd` is where the next byte goes. */
  #ring: Buffer | undefined;
  #ringEnd = 0;
  #tailBytes = 0;
  #total = 0;

  constructor(readonly limit: number) {
    const shares = keptShares(limit);
    this.#half = shares.head;
    this.#keep = shares.tail;
  }

  /** Every byte seen, kept or not. */
  get totalBytes(): number {
    return this.#total;
  }

  append(chunk: Uint8Array): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headBytes < this.#half) {
      const take = Math.min(this.#half - this.#headBytes, rest.length);
      this.#head.push(Buffer.from(rest.subarray(0, take)));
      this.#headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.#keep === 0) return;
    if (rest.length > this.#keep) rest = rest.subarray(rest.length - this.#keep);
    this.#ring ??= Buffer.allocUnsafe(this.#keep);
    const first = Math.min(rest.length, this.#keep - this.#ringEnd);
    this.#ring.set(rest.subarray(0, first), this.#ringEnd);
    this.#ring.set(rest.subarray(first), 0);
    this.#ringEnd = (this.#ringEnd + rest.length) % this.#keep;
    this.#tailBytes = Math.min(this.#keep, this.#tailBytes + rest.length);
  }

  /** The kept bytes, head and tail with a marker between; `omitted` bytes were dropped there. */
  contents(): { bytes: Buffer; omitted: number } {
    const tail: Buffer[] = [];
    const omitted = this.#total - this.#headBytes - this.#tailBytes;
    if (this.#ring && this.#tailBytes > 0) {
      const start = (this.#ringEnd - this.#tailBytes + this.#keep) % this.#keep;
      if (start + this.#tailBytes <= this.#keep)
        tail.push(this.#ring.subarray(start, start + this.#tailBytes));
      else tail.push(this.#ring.subarray(start), this.#ring.subarray(0, this.#ringEnd));
    }
    return { bytes: joinKept(this.#head, tail, omitted), omitted };
  }
}

/** How `limit` bytes are shared: the first `head` bytes of a stream and its last `tail` bytes. */
export function keptShares(limit: number): { head: number; tail: number } {
  const head = Math.floor(limit / 2);
  return { head, tail: limit - head };
}

/** Head and tail of a stream as one log, with a marker for the `omitted` bytes between them. */
export function joinKept(head: readonly Uint8Array[], tail: readonly Uint8Array[], omitted: number): Buffer {
  const marker =
    omitted > 0 ? [Buffer.from(`\n[… ${omitted} bytes left out by prov4ml run --log-limit …]\n`)] : [];
  return Buffer.concat([...head, ...marker, ...tail]);
}
