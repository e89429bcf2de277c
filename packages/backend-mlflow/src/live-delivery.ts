import type { MlflowClient } from "./client.ts";
import { MemoryQueue } from "./memory-queue.ts";
import type { RetryPolicy } from "./retry.ts";
import type { SessionStats } from "./session-state.ts";
import type { MlflowRunInfo } from "./wire.ts";
import { deliver, pointsIn, type WorkItem } from "./work-item.ts";

export interface LiveDeliverySettings {
  client: MlflowClient;
  /** Requests in flight at once. */
  concurrency: number;
  retry: RetryPolicy;
  signal: AbortSignal;
  warn: (message: string) => void;
  stats: SessionStats;
  /** The run to send to now, or `undefined` while live sending must wait (not connected, spool first). */
  liveRun: () => MlflowRunInfo | undefined;
  /** A live request failed for good (after its retries). */
  onFailure: (error: unknown, items: WorkItem[]) => Promise<void>;
}

/**
 * The memory queue and its live sender: log-batch requests and uploads with bounded concurrency,
 * the run's end status last, once everything before it is acknowledged.
 */
export class LiveDelivery {
  readonly queue = new MemoryQueue();
  readonly #s: LiveDeliverySettings;
  #finalStatus: WorkItem | undefined;
  #inFlight = 0;

  constructor(settings: LiveDeliverySettings) {
    this.#s = settings;
  }

  /** Requests sent and not yet settled. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Nothing waits in memory, the end status neither. */
  get empty(): boolean {
    return this.queue.empty && !this.#finalStatus;
  }

  /** The end status, sent after everything else. */
  endWith(status: WorkItem): void {
    this.#finalStatus = status;
  }

  /** Sends what the concurrency allows, when a run is there to send to. */
  pump(): void {
    const run = this.#s.liveRun();
    if (!run) return;
    while (this.#inFlight < this.#s.concurrency) {
      const item = this.queue.take();
      if (!item) break;
      this.#send(run, item);
    }
    // The end status goes last, once everything else is acknowledged.
    if (this.#finalStatus && this.#inFlight === 0 && this.queue.empty) {
      const status = this.#finalStatus;
      this.#finalStatus = undefined;
      this.#send(run, status);
    }
  }

  /** Empties the memory queue, in order; the end status too once nothing is in flight. */
  takeAll(): WorkItem[] {
    const items: WorkItem[] = [];
    for (let item = this.queue.take(); item; item = this.queue.take()) items.push(item);
    if (this.#finalStatus && this.#inFlight === 0) {
      items.push(this.#finalStatus);
      this.#finalStatus = undefined;
    }
    return items;
  }

  #send(run: MlflowRunInfo, item: WorkItem): void {
    this.#inFlight++;
    this.#s.stats.requests++;
    deliver(this.#s.client, run, item, {
      signal: this.#s.signal,
      retry: this.#s.retry,
      warn: this.#s.warn,
    })
      .then(
        () => {
          this.#s.stats.deliveredPoints += pointsIn(item);
        },
        (error) => this.#s.onFailure(error, [item]),
      )
      .finally(() => {
        this.#inFlight--;
        this.pump();
      });
  }
}
