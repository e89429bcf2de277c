import { describe, expect, it } from "vitest";
import { ChunkPool, type ColumnChunk, MetricSeries } from "./metric-series.ts";

const key = { name: "m", context: "training", source: "prov4ml" };

describe("MetricSeries", () => {
  it("hands over each point exactly once across partial and full chunks, in order", () => {
    const pool = new ChunkPool(4);
    const series = new MetricSeries(key, pool);
    const received: number[] = [];
    const offsets: number[] = [];
    const take = () => {
      const { chunks, owned } = series.drain();
      for (const chunk of chunks) {
        offsets.push(chunk.offset);
        received.push(...chunk.values);
      }
      pool.release(owned);
    };
    let next = 0;
    for (const burst of [3, 2, 7, 1, 0, 9, 4]) {
      for (let i = 0; i < burst; i++) series.append(next, next++, 0);
      take();
    }
    expect(received).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(series.pendingCount).toBe(0);
    expect(series.summary).toMatchObject({ count: next, first: 0, last: next - 1, min: 0, max: next - 1 });
  });

  it("never overwrites handed-over points of the chunk still being filled", () => {
    const pool = new ChunkPool(8);
    const series = new MetricSeries(key, pool);
    series.append(0, 10, 0);
    series.append(1, 11, 0);
    const first = series.drain();
    for (let i = 2; i < 6; i++) series.append(i, 10 + i, 0);
    expect(Array.from(first.chunks[0]!.values)).toEqual([10, 11]);
    expect(first.owned).toEqual([]);
  });
});

describe("MetricSeries with a watching backend", () => {
  it("hands each new chunk to the watcher, publishes every row, and reuses a chunk only once persisted", () => {
    const pool = new ChunkPool(2);
    const watched: ColumnChunk[] = [];
    pool.watcher = (_key, chunk) => watched.push(chunk);
    const series = new MetricSeries(key, pool);
    for (let step = 0; step < 3; step++) series.append(step, step, 0);
    expect(watched.map((chunk) => Atomics.load(chunk.cursor, 0))).toEqual([2, 1]);
    pool.release(series.drain().owned);
    // The first chunk is full but its rows are not persisted yet: a fresh chunk, not it.
    for (let step = 3; step < 5; step++) series.append(step, step, 0);
    expect(watched[2]).not.toBe(watched[0]);
    Atomics.store(watched[0]!.cursor, 1, 2);
    for (let step = 5; step < 7; step++) series.append(step, step, 0);
    expect(watched[3]).toBe(watched[0]);
    expect(Atomics.load(watched[0]!.cursor, 0)).toBe(1);
  });
});

describe("chunk sizes", () => {
  it("starts a series small and doubles each chunk up to the pool's chunk size", () => {
    const pool = new ChunkPool(4096);
    const sizes: number[] = [];
    pool.watcher = (_key, chunk) => sizes.push(chunk.capacity);
    const series = new MetricSeries(key, pool);
    for (let step = 0; step < 20_000; step++) series.append(step, step, 0);
    expect(sizes.slice(0, 8)).toEqual([64, 128, 256, 512, 1024, 2048, 4096, 4096]);
    const { chunks } = series.drain();
    expect(chunks.reduce((sum, chunk) => sum + chunk.length, 0)).toBe(20_000);
  });
});

describe("MetricSeries without a watching backend", () => {
  it("leaves the cursor alone: no thread reads it, so the hot path skips the fenced store", () => {
    const series = new MetricSeries(key, new ChunkPool(8));
    for (let step = 0; step < 3; step++) series.append(step, step, 0);
    const { chunks } = series.drain();
    expect(chunks[0]!.values.length).toBe(3);
    expect(Atomics.load((series as unknown as { current: ColumnChunk }).current.cursor, 0)).toBe(0);
  });
});
