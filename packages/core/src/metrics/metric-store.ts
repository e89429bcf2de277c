import type { MetricChunk } from "../plugins/events.ts";
import {
  ChunkPool,
  type ChunkWatcher,
  type ColumnChunk,
  DEFAULT_CHUNK_SIZE,
  MetricSeries,
} from "./metric-series.ts";

/**
 * All metric series of a run, indexed by name then scanned by context and source: one Map
 * lookup and a comparison or two on the hot path, and no key strings built.
 */
export class MetricStore {
  private readonly byName = new Map<string, MetricSeries[]>();
  private readonly all: MetricSeries[] = [];
  private readonly pool: ChunkPool;
  private pending = 0;

  constructor(chunkSize = DEFAULT_CHUNK_SIZE) {
    this.pool = new ChunkPool(chunkSize);
  }

  /** Hands every chunk a series starts filling to `watcher` (a backend persisting on its own thread). */
  watchChunks(watcher: ChunkWatcher): void {
    this.pool.watcher = watcher;
  }

  /** The series for this key, or undefined if nothing was logged to it yet. */
  find(name: string, context: string, source: string): MetricSeries | undefined {
    const candidates = this.byName.get(name);
    if (candidates === undefined) return undefined;
    for (let i = 0; i < candidates.length; i++) {
      const series = candidates[i]!;
      if (series.key.context === context && series.key.source === source) return series;
    }
    return undefined;
  }

  /** Creates the series (the caller has validated the names). */
  create(name: string, context: string, source: string): MetricSeries {
    const series = new MetricSeries({ name, context, source }, this.pool);
    const candidates = this.byName.get(name);
    if (candidates) candidates.push(series);
    else this.byName.set(name, [series]);
    this.all.push(series);
    return series;
  }
  /** Counts a point appended directly to a series (kept here to trigger early flushes). */
  notePoint(): number {
    return ++this.pending;
  }

  get pendingPoints(): number {
    return this.pending;
  }

  series(): readonly MetricSeries[] {
    return this.all;
  }

  /** Marks everything pending as handed over, without views (see `MetricSeries.skipPending`). */
  skipPending(): void {
    const owned: ColumnChunk[] = [];
    for (const series of this.all) if (series.pendingCount > 0) owned.push(...series.skipPending());
    this.pending = 0;
    this.pool.release(owned);
  }

  /** Everything not yet delivered, as chunks, with the buffers to give back afterwards. */
  drain(): { chunks: MetricChunk[]; release: () => void } {
    const chunks: MetricChunk[] = [];
    const owned: ColumnChunk[] = [];
    for (const series of this.all) {
      if (series.pendingCount === 0) continue;
      const drained = series.drain();
      chunks.push(...drained.chunks);
      owned.push(...drained.owned);
    }
    this.pending = 0;
    return { chunks, release: () => this.pool.release(owned) };
  }
}
