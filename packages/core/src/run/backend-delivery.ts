import type {
  BackendCloseResult,
  BackendSession,
  LiveChunk,
  RunCheckpoint,
  RunExitOutcome,
  RunOutcome,
} from "../plugins/backend.ts";
import type { RunBatch, RunEvent } from "../plugins/events.ts";
import type { Attributes } from "../prov/literals.ts";
import { messageOf } from "./run-warnings.ts";
import { withTimeout } from "./with-timeout.ts";

/** A backend session as the run opened it, with what the plugin declared it can take. */
export interface OpenedBackend {
  readonly name: string;
  readonly session: BackendSession;
  /** `capabilities.metrics` of the plugin: false means the backend gets events only. */
  readonly takesMetrics?: boolean;
}

interface AttachedBackend extends OpenedBackend {
  /** Settles when the session's previous write has. */
  tail: Promise<void>;
  /** Writes handed over or queued and not yet settled; a batch goes straight to `write` only at 0. */
  inFlight: number;
  /** Batches queued behind a busy write, not yet handed to the session (for `closeSync`). */
  queued: RunBatch[];
  failures: number;
}

/** What the backends said when they closed, merged. */
export interface ClosedBackends {
  /** Path of each written format (the first backend that wrote it wins). */
  readonly files: Record<string, string>;
  readonly info: Record<string, string | number | boolean>;
  readonly warnings: string[];
}

/**
 * Delivery to backends: one ordered queue per backend, the same batch fanned out to all of them,
 * and failure accounting (a failing backend never stops the others, nor the training).
 */
export class BackendDelivery {
  private readonly backends: AttachedBackend[];

  constructor(
    backends: readonly OpenedBackend[],
    private readonly warn: (message: string) => void,
  ) {
    this.backends = backends.map((backend) => ({
      ...backend,
      // A backend that persists the live chunks itself must not get the same rows again.
      takesMetrics: backend.takesMetrics !== false && backend.session.watchChunk === undefined,
      tail: Promise.resolve(),
      inFlight: 0,
      queued: [],
      failures: 0,
    }));
  }

  /** True when some backend takes metric points through `write` (views of the chunks are then built). */
  get takesMetricBatches(): boolean {
    return this.backends.some((backend) => backend.takesMetrics !== false);
  }

  /** True when some backend persists metric chunks from its own thread (`watchChunk`). */
  get watchesChunks(): boolean {
    return this.backends.some((backend) => backend.session.watchChunk !== undefined);
  }

  /** Hands a chunk a series starts filling to the backends that persist chunks themselves. */
  watchChunk(chunk: LiveChunk): void {
    for (const backend of this.backends) {
      try {
        backend.session.watchChunk?.(chunk);
      } catch (error) {
        this.failed(backend, error);
      }
    }
  }

  /** Hands an event, as it is logged, to the backends that persist events themselves. */
  watchEvent(event: RunEvent): void {
    for (const backend of this.backends) {
      if (!backend.session.watchEvent) continue;
      try {
        backend.session.watchEvent(event);
      } catch (error) {
        this.failed(backend, error);
      }
    }
  }

  /** True when some backend keeps provisional documents. */
  get keepsCheckpoints(): boolean {
    return this.backends.some((backend) => backend.session.checkpoint !== undefined);
  }

  /** Settles when every backend has settled every batch handed to it so far. */
  idle(): Promise<void> {
    return Promise.all(this.backends.map((backend) => backend.tail)).then(() => undefined);
  }

  /**
   * Hands a batch to every backend. A backend with nothing in flight gets it synchronously (so a
   * synchronous backend frees the buffers at once); a busy one gets it queued behind the batches
   * before it: batches reach each backend in order.
   */
  deliver(batch: RunBatch): Promise<void> {
    const deliveries = this.backends.map((backend) => {
      const ownBatch = ownPart(backend, batch);
      const write = () => {
        if (backend.queued[0] === ownBatch) backend.queued.shift();
        let result: void | Promise<void>;
        try {
          result = backend.session.write(ownBatch);
        } catch (error) {
          result = Promise.reject(error);
        }
        return Promise.resolve(result)
          .catch((error) => this.failed(backend, error))
          .finally(() => {
            backend.inFlight--;
          });
      };
      if (backend.inFlight++ === 0) backend.tail = write();
      else {
        backend.queued.push(ownBatch);
        backend.tail = backend.tail.then(write);
      }
      return backend.tail;
    });
    return Promise.all(deliveries).then(() => undefined);
  }

  /** Asks every backend to make what it holds durable (delivered, or spooled). */
  forceFlush(): Promise<void> {
    return this.each((backend) => backend.session.forceFlush());
  }

  checkpoint(checkpoint: RunCheckpoint): Promise<void> {
    return this.each((backend) => backend.session.checkpoint?.(checkpoint));
  }

  /** PROV attributes the backends add to the final document (an MLflow run id, say). */
  provAttributes(): Attributes {
    const attributes: Attributes = {};
    for (const backend of this.backends) {
      try {
        Object.assign(attributes, backend.session.provAttributes?.() ?? {});
      } catch (error) {
        this.failed(backend, error);
      }
    }
    return attributes;
  }

  /** Closes every backend, each within `outcome.timeoutMs` (plus a second for its own timeout to fire first). */
  async close(outcome: RunOutcome): Promise<ClosedBackends> {
    const results = await Promise.all(
      this.backends.map((backend) =>
        withTimeout(
          backend.session.close(outcome),
          outcome.timeoutMs + 1000,
          () => new Error(`backend ${backend.name} did not close in time`),
        ).catch((error): BackendCloseResult | undefined => {
          // Always said, whatever the count: a close that failed may have cost the final document.
          backend.failures++;
          this.warn(`backend ${backend.name} failed to close: ${messageOf(error)}`);
          return undefined;
        }),
      ),
    );
    const closed: ClosedBackends = { files: {}, info: {}, warnings: [] };
    for (const result of results) {
      for (const [format, path] of Object.entries(result?.files ?? {})) closed.files[format] ??= path;
      Object.assign(closed.info, result?.info ?? {});
      closed.warnings.push(...(result?.warnings ?? []));
    }
    return closed;
  }

  /**
   * Closes every backend that can with synchronous I/O (see `BackendSession.closeSync`), handing
   * each the batches still queued for it followed by `last`. For the process's `exit` event.
   */
  closeSync(outcome: Omit<RunExitOutcome, "pending">, last: RunBatch): Record<string, string> {
    const files: Record<string, string> = {};
    for (const backend of this.backends) {
      if (!backend.session.closeSync) continue;
      const ownLast = ownPart(backend, last);
      try {
        const result = backend.session.closeSync({ ...outcome, pending: [...backend.queued, ownLast] });
        for (const [format, path] of Object.entries(result?.files ?? {})) files[format] ??= path;
      } catch (error) {
        this.failed(backend, error);
      }
    }
    return files;
  }

  private each(call: (backend: AttachedBackend) => Promise<void> | undefined): Promise<void> {
    return Promise.all(
      this.backends.map(async (backend) => {
        try {
          await call(backend);
        } catch (error) {
          this.failed(backend, error);
        }
      }),
    ).then(() => undefined);
  }

  private failed(backend: AttachedBackend, error: unknown): void {
    backend.failures++;
    // Report the first failure and then every hundredth, so a full disk does not flood the log.
    if (backend.failures === 1 || backend.failures % 100 === 0) {
      this.warn(`backend ${backend.name} failed (${backend.failures}x): ${messageOf(error)}`);
    }
  }
}

/**
 * The part of a batch a backend gets: no metrics for one that watches chunks, no events for one
 * that watches events (each got those as they were logged).
 */
function ownPart(backend: AttachedBackend, batch: RunBatch): RunBatch {
  const withoutMetrics = backend.takesMetrics === false;
  const withoutEvents = backend.session.watchEvent !== undefined;
  if (!withoutMetrics && !withoutEvents) return batch;
  return { events: withoutEvents ? [] : batch.events, metrics: withoutMetrics ? [] : batch.metrics };
}
