import type { MetricChunk, MetricSeriesKey } from "../plugins/events.ts";

/** Points per chunk: big enough to amortise allocation, small enough to flush often. */
export const DEFAULT_CHUNK_SIZE = 4096;

/** A fixed-size columnar block of points; reused through a small pool once delivered. */
export class ColumnChunk {
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
  length = 0;

  constructor(readonly capacity: number) {
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.timestamps = new Float64Array(capacity);
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
  /** Chunks filled (or partly filled) and not yet handed over. */
  private readonly sealed: ColumnChunk[] = [];
  private current: ColumnChunk;
  /** Index (within the series) of the first point not yet handed over. */
  private deliveredCount = 0;

  constructor(
    readonly key: MetricSeriesKey,
    private readonly pool: ChunkPool,
  ) {
    this.current = pool.take();
  }

  /** Hot path: three typed-array stores and a summary update, no allocation. */
  append(step: number, value: number, timestamp: number): void {
    let chunk = this.current;
    if (chunk.length === chunk.capacity) {
      this.sealed.push(chunk);
      chunk = this.current = this.pool.take();
    }
    const index = chunk.length++;
    chunk.steps[index] = step;
    chunk.values[index] = value;
    chunk.timestamps[index] = timestamp;

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
   * Hands over every pending point as chunks and starts a fresh one. The caller must give the
   * returned chunks back with `release` once every backend is done with them.
   */
  drain(): { chunks: MetricChunk[]; owned: ColumnChunk[] } {
    if (this.pendingCount === 0) return { chunks: [], owned: [] };
    const owned = [...this.sealed];
    this.sealed.length = 0;
    if (this.current.length > 0) {
      owned.push(this.current);
      this.current = this.pool.take();
    }
    const chunks: MetricChunk[] = [];
    for (const chunk of owned) {
      chunks.push({
        ...this.key,
        offset: this.deliveredCount,
        length: chunk.length,
        steps: chunk.steps.subarray(0, chunk.length),
        values: chunk.values.subarray(0, chunk.length),
        timestamps: chunk.timestamps.subarray(0, chunk.length),
      });
      this.deliveredCount += chunk.length;
    }
    return { chunks, owned };
  }
}

/** Recycles chunks so a steady run allocates nothing after warm-up. */
export class ChunkPool {
  private readonly free: ColumnChunk[] = [];

  constructor(
    readonly chunkSize: number = DEFAULT_CHUNK_SIZE,
    private readonly maxFree = 64,
  ) {}

  take(): ColumnChunk {
    const chunk = this.free.pop();
    if (chunk) {
      chunk.length = 0;
      return chunk;
    }
    return new ColumnChunk(this.chunkSize);
  }

  release(chunks: readonly ColumnChunk[]): void {
    for (const chunk of chunks) if (this.free.length < this.maxFree) this.free.push(chunk);
  }
}
