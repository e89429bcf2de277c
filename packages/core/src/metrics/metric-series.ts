import type { MetricChunk, MetricSeriesKey } from "../plugins/events.ts";

/** Points per chunk once a series has grown: big enough to amortise allocation, small enough to flush often. */
export const DEFAULT_CHUNK_SIZE = 4096;
/**
 * Points in a series' first chunk; each next chunk doubles, up to the pool's chunk size. A run
 * with thousands of series (per layer, per class) then holds memory in proportion to its points,
 * not to series × 96 KiB.
 */
export const FIRST_CHUNK_SIZE = 64;

/**
 * A fixed-size columnar block of points; reused through a small pool once delivered. Its three
 * columns live in one SharedArrayBuffer, so a backend can hand them to a worker thread without
 * copying (it must then finish with them before its `write` promise settles).
 */
export class ColumnChunk {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
  /** [0] rows published (Atomics), [1] rows a watching backend persisted (see `LiveChunk`). */
  readonly cursor: Int32Array;
  length = 0;
  /** True once handed to a watching backend: reusable only after it persisted every row. */
  watched = false;

  constructor(readonly capacity: number) {
    const bytes = Float64Array.BYTES_PER_ELEMENT;
    // 8 bytes of cursor first, so that the columns stay 8-byte aligned.
    const memory = new SharedArrayBuffer(bytes + capacity * 3 * bytes);
    this.cursor = new Int32Array(memory, 0, 2);
    this.steps = new Float64Array(memory, bytes, capacity);
    this.values = new Float64Array(memory, bytes + capacity * bytes, capacity);
    this.timestamps = new Float64Array(memory, bytes + 2 * capacity * bytes, capacity);
  }

  /** True when no watching backend still needs its rows. */
  get reusable(): boolean {
    return !this.watched || Atomics.load(this.cursor, 1) >= this.length;
  }
}

/** Running summary of a series, kept for the PROV document after its points have been delivered. */
export interface MetricSummary {
  count: number;
  first: number;
  last: number;
  min: number;
  max: number;
  firstStep: number;
  lastStep: number;
  firstTimestamp: number;
  lastTimestamp: number;
}

/**
 * One metric series (name × context × source). Points are appended into typed-array chunks; a
 * flush hands the filled chunks to the backends and keeps only the summary, so memory stays
 * bounded however long the run.
 */
export class MetricSeries {
  readonly summary: MetricSummary = {
    count: 0,
    first: Number.NaN,
    last: Number.NaN,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    firstStep: 0,
    lastStep: 0,
    firstTimestamp: 0,
    lastTimestamp: 0,
  };
  /** Full chunks with points not yet handed over (from `sealedFrom` on, for the first one). */
  private readonly sealed: ColumnChunk[] = [];
  private current: ColumnChunk;
  /** Points of `current` already handed over: later drains hand over only what follows. */
  private currentDrained = 0;
  /** Points of `sealed[0]` handed over before it was sealed. */
  private sealedFrom = 0;
  /** Index (within the series) of the first point not yet handed over. */
  private deliveredCount = 0;

  constructor(
    readonly key: MetricSeriesKey,
    private readonly pool: ChunkPool,
  ) {
    this.current = pool.take(key, pool.firstChunkSize);
  }

  /** Hot path: three typed-array stores and a summary update, no allocation. */
  append(step: number, value: number, timestamp: number): void {
    let chunk = this.current;
    if (chunk.length === chunk.capacity) {
      if (this.sealed.length === 0) this.sealedFrom = this.currentDrained;
      this.sealed.push(chunk);
      chunk = this.current = this.pool.take(this.key, chunk.capacity * 2);
      this.currentDrained = 0;
    }
    const index = chunk.length++;
    chunk.steps[index] = step;
    chunk.values[index] = value;
    chunk.timestamps[index] = timestamp;
    // Publishes the row to a backend persisting from another thread (after the stores above);
    // nobody reads the cursor of a chunk no backend watches, so those skip the fenced store.
    if (chunk.watched) Atomics.store(chunk.cursor, 0, index + 1);

    const summary = this.summary;
    if (summary.count === 0) {
      summary.first = value;
      summary.firstStep = step;
      summary.firstTimestamp = timestamp;
    }
    summary.count++;
    summary.last = value;
    summary.lastStep = step;
    summary.lastTimestamp = timestamp;
    // NaN never wins a comparison, so min/max describe the finite-or-infinite values only.
    if (value < summary.min) summary.min = value;
    if (value > summary.max) summary.max = value;
  }

  /** Points appended and not yet handed over. */
  get pendingCount(): number {
    return this.summary.count - this.deliveredCount;
  }

  /**
   * Hands over every pending point as views into the chunks. The current chunk keeps filling
   * after the handed-over part (which is never overwritten); full chunks are returned in `owned`,
   * for the caller to `release` once every backend is done with this batch.
   */
  drain(): { chunks: MetricChunk[]; owned: ColumnChunk[] } {
    if (this.pendingCount === 0) return { chunks: [], owned: [] };
    const chunks: MetricChunk[] = [];
    const owned = this.sealed.splice(0);
    owned.forEach((chunk, index) => {
      chunks.push(this.view(chunk, index === 0 ? this.sealedFrom : 0, chunk.length));
    });
    if (this.current.length > this.currentDrained) {
      chunks.push(this.view(this.current, this.currentDrained, this.current.length));
      this.currentDrained = this.current.length;
    }
    return { chunks, owned };
  }

  /**
   * Marks every pending point handed over without building views, when no backend takes points
   * through `write` (a watching backend reads the chunks itself); returns the full chunks to release.
   */
  skipPending(): ColumnChunk[] {
    const owned = this.sealed.splice(0);
    this.currentDrained = this.current.length;
    this.deliveredCount = this.summary.count;
    return owned;
  }

  private view(chunk: ColumnChunk, from: number, to: number): MetricChunk {
    const view: MetricChunk = {
      ...this.key,
      offset: this.deliveredCount,
      length: to - from,
      steps: chunk.steps.subarray(from, to),
      values: chunk.values.subarray(from, to),
      timestamps: chunk.timestamps.subarray(from, to),
    };
    this.deliveredCount += to - from;
    return view;
  }
}

/** Called with each chunk a series starts filling (see `BackendSession.watchChunk`). */
export type ChunkWatcher = (key: MetricSeriesKey, chunk: ColumnChunk) => void;

/** Recycles chunks so a steady run allocates nothing after warm-up. */
export class ChunkPool {
  /** Free chunks by capacity. */
  private readonly free = new Map<number, ColumnChunk[]>();
  /** Set when a backend persists chunks from another thread. */
  watcher: ChunkWatcher | undefined;
  readonly firstChunkSize: number;

  constructor(
    readonly chunkSize: number = DEFAULT_CHUNK_SIZE,
    private readonly maxFree = 64,
    firstChunkSize: number = FIRST_CHUNK_SIZE,
  ) {
    this.firstChunkSize = Math.min(firstChunkSize, chunkSize);
  }

  /** A chunk of `capacity` points (at most the pool's chunk size), reused when one is free. */
  take(key?: MetricSeriesKey, capacity: number = this.chunkSize): ColumnChunk {
    const size = Math.min(capacity, this.chunkSize);
    const chunk = this.reuse(size) ?? new ColumnChunk(size);
    if (this.watcher && key) {
      chunk.watched = true;
      this.watcher(key, chunk);
    }
    return chunk;
  }

  release(chunks: readonly ColumnChunk[]): void {
    for (const chunk of chunks) {
      let free = this.free.get(chunk.capacity);
      if (!free) {
        free = [];
        this.free.set(chunk.capacity, free);
      }
      if (free.length < this.maxFree) free.push(chunk);
    }
  }

  /** A free chunk of that capacity no watching backend still reads, reset; undefined if none. */
  private reuse(capacity: number): ColumnChunk | undefined {
    const free = this.free.get(capacity);
    const index = free ? free.findIndex((chunk) => chunk.reusable) : -1;
    if (index < 0) return undefined;
    const chunk = free!.splice(index, 1)[0]!;
    chunk.length = 0;
    chunk.watched = false;
    Atomics.store(chunk.cursor, 0, 0);
    Atomics.store(chunk.cursor, 1, 0);
    return chunk;
  }
}
