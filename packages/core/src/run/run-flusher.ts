import type { MetricStore } from "../metrics/metric-store.ts";
import type { RunBatch, RunEvent } from "../plugins/events.ts";
import type { ExporterPlugin } from "../plugins/exporter.ts";
import type { BackendDelivery } from "./backend-delivery.ts";
import { renderDocument } from "./document-rendering.ts";
import { buildRunDocument } from "./run-document.ts";
import type { RunState } from "./run-state.ts";

/**
 * What a run has logged and not yet handed over (events, and the points in the series store),
 * and when to hand it over: each flush delivers one batch to the backends, and writes a
 * provisional document when something changed and the checkpoint interval has passed.
 */
export class RunFlusher {
  private pendingEvents: RunEvent[] = [];
  private lastCheckpoint = 0;
  private checkpointDue = true;

  constructor(
    private readonly state: RunState,
    private readonly store: MetricStore,
    private readonly delivery: BackendDelivery,
    private readonly exporters: readonly ExporterPlugin[],
    private readonly checkpointIntervalMs: number,
    private readonly warn: (message: string) => void,
  ) {}

  push(event: RunEvent): void {
    this.pendingEvents.push(event);
    this.checkpointDue = true;
    // Now, not at the next flush: a loop that never yields must not keep it from the disk.
    this.delivery.watchEvent(event);
  }

  /** Hands everything logged so far to the backends (see `BackendDelivery.deliver`). */
  flush(): Promise<void> {
    const checkpoint = this.maybeCheckpoint();
    if (this.pendingEvents.length === 0 && this.store.pendingPoints === 0) {
      return Promise.all([checkpoint, this.delivery.idle()]).then(() => undefined);
    }
    const events = this.pendingEvents;
    this.pendingEvents = [];
    if (!this.delivery.takesMetricBatches) {
      // The watching backends read the chunks themselves: no views to build.
      this.store.skipPending();
      return Promise.all([checkpoint, this.delivery.deliver({ events, metrics: [] })]).then(() => undefined);
    }
    const { chunks, release } = this.store.drain();
    return Promise.all([checkpoint, this.delivery.deliver({ events, metrics: chunks })]).then(release);
  }

  /** Takes everything not yet handed over as one batch, for a synchronous end (no release: the process ends). */
  takeRemaining(): RunBatch {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    if (!this.delivery.takesMetricBatches) {
      this.store.skipPending();
      return { events, metrics: [] };
    }
    return { events, metrics: this.store.drain().chunks };
  }

  /** Writes a provisional document (status RUNNING) through the backends that keep documents. */
  async checkpoint(): Promise<void> {
    this.checkpointDue = false;
    this.lastCheckpoint = Date.now();
    const document = buildRunDocument(this.state);
    const files = await renderDocument(
      document,
      ["prov-json"],
      this.exporters,
      this.state.info.runName,
      this.warn,
    );
    await this.delivery.checkpoint({ document, files });
  }

  private maybeCheckpoint(): Promise<void> {
    if (!this.checkpointDue || Date.now() - this.lastCheckpoint < this.checkpointIntervalMs)
      return Promise.resolve();
    if (!this.delivery.keepsCheckpoints) return Promise.resolve();
    return this.checkpoint();
  }
}
