import type { MetricChunk } from "@prov4ml/core";
import type { MlflowBatch } from "./batch-mapping.ts";
import { LOG_BATCH_LIMITS, splitIntoBatches } from "./batching.ts";
import { linkIndexAt, type ModelLink } from "./model-links.ts";
import type { KeyValue, WireMetric } from "./wire.ts";
import { toWireMetric } from "./wire.ts";
import type { WorkItem } from "./work-item.ts";

/**
 * The REST session's memory queue, in delivery order: params and tags first, then metric points,
 * then other items (inputs, uploads). `take` cuts log-batch requests within MLflow's limits. Points
 * of a chunk the core hands over twice are queued once (series and offset are remembered).
 */
export class MemoryQueue {
  #params: KeyValue[] = [];
  #tags: KeyValue[] = [];
  #metricSegments: WireMetric[][] = [];
  #metricHead = 0;
  #items: WorkItem[] = [];
  readonly #receivedUpTo = new Map<string, number>();
  readonly #uploadedArtifacts = new Set<string>();
  /** Metric points waiting. */
  points = 0;

  /** Queues what a mapped batch asks of MLflow; each artifact path is uploaded once. */
  add(mapped: MlflowBatch): void {
    this.#params.push(...mapped.params);
    this.#tags.push(...mapped.tags);
    for (const { input, dataPath } of mapped.datasets)
      this.#items.push({ kind: "inputs", datasets: [input], dataPath });
    for (const artifact of mapped.artifacts) {
      if (this.#uploadedArtifacts.has(artifact.path)) continue;
      this.#uploadedArtifacts.add(artifact.path);
      this.#items.push({ kind: "artifact", ...artifact });
    }
    for (const model of mapped.models) this.#items.push({ kind: "model", model });
    for (const { key, chunk, links } of mapped.metrics) this.#addChunk(key, chunk, links);
  }

  addTag(tag: KeyValue): void {
    this.#tags.push(tag);
  }

  addItem(item: WorkItem): void {
    this.#items.push(item);
  }

  get empty(): boolean {
    return this.#params.length + this.#tags.length + this.points + this.#items.length === 0;
  }

  /** The next work item: a log-batch of params, tags and metrics within MLflow's limits, else an item. */
  take(): WorkItem | undefined {
    if (this.#params.length + this.#tags.length + this.points > 0) {
      const params = this.#params.splice(0, LOG_BATCH_LIMITS.params);
      const tags = this.#tags.splice(0, LOG_BATCH_LIMITS.tags);
      const room = LOG_BATCH_LIMITS.entities - params.length - tags.length;
      const metrics = this.#takeMetrics(Math.min(room, LOG_BATCH_LIMITS.metrics));
      const [first, ...rest] = splitIntoBatches({ metrics, params, tags });
      // Rare: the byte limit cut the batch; the rest goes first next time.
      for (const batch of rest.reverse()) this.#items.unshift({ kind: "batch", batch });
      if (first) return { kind: "batch", batch: first };
    }
    return this.#items.shift();
  }

  /**
   * Copies a chunk's points (the core reuses its arrays), skipping any already received. Points
   * logged after a model go, with that model's name, into their own log-batch items (sent with its
   * `model_id`, after the model's own item).
   */
  #addChunk(key: string, chunk: MetricChunk, links?: readonly ModelLink[]): void {
    const seriesId = `${chunk.source}\u0000${chunk.context}\u0000${chunk.name}`;
    const seen = this.#receivedUpTo.get(seriesId) ?? 0;
    const first = Math.max(0, seen - chunk.offset);
    if (first >= chunk.length) return;
    this.#receivedUpTo.set(seriesId, chunk.offset + chunk.length);
    if (links && linkIndexAt(links, chunk.timestamps[chunk.length - 1]!) >= 0) {
      this.#addLinkedPoints(key, chunk, first, links);
      return;
    }
    const points: WireMetric[] = new Array(chunk.length - first);
    for (let i = first; i < chunk.length; i++) {
      points[i - first] = toWireMetric(key, chunk.values[i]!, chunk.timestamps[i]!, chunk.steps[i]!);
    }
    this.#metricSegments.push(points);
    this.points += points.length;
  }

  #addLinkedPoints(key: string, chunk: MetricChunk, first: number, links: readonly ModelLink[]): void {
    const plain: WireMetric[] = [];
    const byModel = new Map<number, WireMetric[]>();
    for (let i = first; i < chunk.length; i++) {
      const point = toWireMetric(key, chunk.values[i]!, chunk.timestamps[i]!, chunk.steps[i]!);
      const index = linkIndexAt(links, chunk.timestamps[i]!);
      if (index < 0) plain.push(point);
      else {
        const points = byModel.get(index) ?? [];
        points.push(point);
        byModel.set(index, points);
      }
    }
    if (plain.length > 0) {
      this.#metricSegments.push(plain);
      this.points += plain.length;
    }
    for (const [index, metrics] of byModel) {
      const { name, isInput } = links[index]!;
      // Room for the model id each metric gets at delivery.
      const limits = { ...LOG_BATCH_LIMITS, bytes: LOG_BATCH_LIMITS.bytes / 2 };
      for (const batch of splitIntoBatches({ metrics }, limits))
        this.#items.push({ kind: "model-metrics", model: { name, isInput }, batch });
    }
  }

  #takeMetrics(count: number): WireMetric[] {
    const taken: WireMetric[] = [];
    while (taken.length < count && this.#metricSegments.length > 0) {
      const segment = this.#metricSegments[0]!;
      const end = Math.min(segment.length, this.#metricHead + count - taken.length);
      for (let i = this.#metricHead; i < end; i++) taken.push(segment[i]!);
      this.#metricHead = end;
      if (end === segment.length) {
        this.#metricSegments.shift();
        this.#metricHead = 0;
      }
    }
    this.points -= taken.length;
    return taken;
  }
}
