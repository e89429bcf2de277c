/**
 * A captured output stream kept within `limit` bytes: the first half and the last half, with a
 * marker saying how much was left out between them. Memory stays at most `limit` plus one chunk.
 */
export class BoundedLog {
  readonly #half: number;
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  constructor(readonly limit: number) {
    this.#half = Math.floor(limit / 2);
  }

  /** Every byte seen, kept or not. */
  get totalBytes(): number {
    return this.#total;
  }

  append(chunk: Buffer): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headBytes < this.#half) {
      const take = Math.min(this.#half - this.#headBytes, rest.length);
      this.#head.push(Buffer.from(rest.subarray(0, take)));
      this.#headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || this.limit - this.#half === 0) return;
    this.#tail.push(rest);
    this.#tailBytes += rest.length;
    const keep = this.limit - this.#half;
    while (this.#tail.length > 1 && this.#tailBytes - (this.#tail[0] as Buffer).length >= keep) {
      this.#tailBytes -= (this.#tail.shift() as Buffer).length;
    }
  }

  /** The kept bytes, head and tail with a marker between; `omitted` bytes were dropped there. */
  contents(): { bytes: Buffer; omitted: number } {
    const keep = this.limit - this.#half;
    const tailAll = Buffer.concat(this.#tail);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - keep));
    const omitted = this.#total - this.#headBytes - tail.length;
    const parts = [...this.#head];
    if (omitted > 0)
      parts.push(Buffer.from(`\n[… ${omitted} bytes left out by prov4ml run --log-limit …]\n`));
    parts.push(tail);
    return { bytes: Buffer.concat(parts), omitted };
  }
}
