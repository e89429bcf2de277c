import type {
  Attributes,
  BackendCloseResult,
  BackendSession,
  Logger,
  MetricChunk,
  RunBatch,
  RunInfo,
  RunOutcome,
} from "@prov4ml/core";
import { BatchMapper } from "./batch-mapping.ts";
import type { MlflowClient } from "./client.ts";
import { failureKind } from "./errors.ts";
import { mlflowRunNameOf, provDocumentTagKey, systemTags } from "./event-mapping.ts";
import { MemoryQueue } from "./memory-queue.ts";
import { idleWait, type RetryPolicy, sleep } from "./retry.ts";
import { type RunTarget, resolveMlflowRun } from "./run-resolver.ts";
import type { Spool, SpoolState } from "./spool.ts";
import type { MlflowRunInfo, MlflowRunStatus } from "./wire.ts";
import { coalesce, deliver, pointsIn, replayGroups, toSpoolLine, type WorkItem } from "./work-item.ts";

export interface SessionSettings {
  client: MlflowClient;
  run: RunInfo;
  spool: Spool;
  metricKey: (chunk: MetricChunk) => string;
  /** Explicit MLflow run id to attach to. */
  attachRunId: string | undefined;
  handoffFile: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Metric points held in memory before the queue overflows to the spool. */
  maxQueuedPoints: number;
  /** Retries of a live request before the server counts as gone and the queue goes to the spool. */
  liveRetry: RetryPolicy;
  /** How often an unreachable server is probed (GET /health). */
  probeIntervalMs: number;
  attachTimeoutMs: number;
  /** Upper bound of the drain at close, on top of the core's `outcome.timeoutMs`. */
  drainTimeoutMs: number | undefined;
  /** Shared with the client: aborting it stops every request and retry wait (close, out of time). */
  abort: AbortController;
  logger: Logger;
}

/** `broken`: the run cannot be opened for a reason waiting will not fix (see `#problem`). */
type Reachability = "unknown" | "yes" | "no" | "auth" | "broken";

/**
 * One prov4ml run logging into one MLflow run. `write` only converts and queues; a background pump
 * sends log-batch requests (bounded concurrency, keep-alive) and uploads. When the server is
 * unreachable, or the memory queue is full, or the drain at close times out, the queue goes to the
 * run directory's spool, which is replayed in order when the server answers again (or by
 * `prov4ml sync`).
 */
export class MlflowSession implements BackendSession {
  readonly #s: SessionSettings;
  readonly #target: RunTarget;
  #mlflowRun: MlflowRunInfo | undefined;
  #reachable: Reachability = "unknown";
  /** Records in the spool not yet delivered: new work goes there too, to keep order. */
  #spoolBacklog = false;
  #spoolStateWritten = false;
  #replaying = false;
  #probing = false;
  #closed = false;
  /** The end status went to the spool (MLflow still says RUNNING until it is delivered). */
  #statusSpooled = false;
  /** Why the run could not be opened, for close's warning. */
  #problem: string | undefined;
  /** Rejections the server meant (4xx with an MLflow error), for close's warnings. */
  readonly #rejections: string[] = [];
  readonly #abort: AbortController;

  readonly #queue = new MemoryQueue();
  #finalStatus: WorkItem | undefined;
  #inFlight = 0;

  /** Delivery figures for `close`'s info and the tests. */
  readonly stats = { deliveredPoints: 0, spooledRecords: 0, dropped: 0, requests: 0 };
  readonly #ready: Promise<void>;
  readonly #mapper: BatchMapper;

  constructor(settings: SessionSettings) {
    this.#s = settings;
    this.#abort = settings.abort;
    this.#mapper = new BatchMapper(settings.metricKey, settings.logger, "MLflow backend");
    const run = settings.run;
    this.#target = {
      experimentName: run.experimentName,
      runName: mlflowRunNameOf(run),
      startTime: run.startTime,
      createTags: systemTags(run, mlflowRunNameOf(run)),
      rank: run.rank,
      prov4mlRunId: run.runId,
      handoffFile: settings.handoffFile,
      mlflowRunId: settings.attachRunId,
    };
    this.#ready = this.#connect();
  }

  /** The MLflow run once known (created or attached in the background). */
  get mlflowRun(): MlflowRunInfo | undefined {
    return this.#mlflowRun;
  }

  /** Resolves when the first attempt to create or attach the run has settled. */
  ready(): Promise<void> {
    return this.#ready;
  }

  async #connect(): Promise<void> {
    try {
      const run = await resolveMlflowRun(
        this.#s.client,
        this.#target,
        this.#s.attachTimeoutMs,
        this.#abort.signal,
      );
      // Closed while we were still retrying: the spool now belongs to `prov4ml sync`, which finds
      // this run again by its prov4ml.run_id tag; writing the spool state here would race with it.
      if (this.#closed) return;
      this.#mlflowRun = run;
      this.#reachable = "yes";
      if (this.#spoolStateWritten) await this.#writeSpoolState();
      this.#s.logger.debug(`MLflow run ${this.#mlflowRun.run_id} at ${this.#s.client.trackingUri}`);
      this.#resume();
    } catch (error) {
      if (this.#closed) return; // aborted by close: everything is in the spool already
      if (failureKind(error) !== "rejected") {
        await this.#onFailure(error, []);
        return;
      }
      // Cannot be fixed by waiting (a bad experiment name, no run id from rank 0): keep everything
      // in the spool for `prov4ml sync` once the cause is fixed.
      this.#problem = `cannot open the MLflow run: ${(error as Error).message}`;
      this.#s.logger.error(`MLflow backend: ${this.#problem}`);
      this.#reachable = "broken";
      await this.#spillQueue();
    }
  }

  // --- intake

  write(batch: RunBatch): Promise<void> | undefined {
    if (this.#closed) return undefined;
    this.#queue.add(this.#mapper.map(batch));
    return this.#afterIntake();
  }

  #afterIntake(): Promise<void> | undefined {
    // Not acknowledged live soon: on disk now, so a SIGKILL cannot lose it (replayed once connected).
    if (this.#spoolBacklog || this.#reachable !== "yes" || !this.#mlflowRun) return this.#spillQueue();
    if (this.#queue.points > this.#s.maxQueuedPoints) {
      this.#s.logger.warn(
        `MLflow backend: more than ${this.#s.maxQueuedPoints} metric points waiting; the queue overflows to ${this.#s.spool.dir} and is delivered from there.`,
      );
      return this.#spillQueue();
    }
    this.#pump();
    return undefined;
  }

  #pump(): void {
    if (this.#reachable !== "yes" || !this.#mlflowRun || this.#spoolBacklog) return;
    while (this.#inFlight < this.#s.concurrency) {
      const item = this.#queue.take();
      if (!item) break;
      this.#sendLive(item);
    }
    // The end status goes last, once everything else is acknowledged.
    if (this.#finalStatus && this.#inFlight === 0 && this.#queue.empty) {
      const status = this.#finalStatus;
      this.#finalStatus = undefined;
      this.#sendLive(status);
    }
  }

  #sendLive(item: WorkItem): void {
    const run = this.#mlflowRun!;
    this.#inFlight++;
    this.stats.requests++;
    deliver(this.#s.client, run, item, {
      signal: this.#abort.signal,
      retry: this.#s.liveRetry,
      warn: (message) => this.#s.logger.warn(message),
    })
      .then(
        () => {
          this.stats.deliveredPoints += pointsIn(item);
        },
        (error) => this.#onFailure(error, [item]),
      )
      .finally(() => {
        this.#inFlight--;
        this.#pump();
      });
  }

  /** Transient → spool and probe; auth → spool and stop; a rejection the server means → report. */
  async #onFailure(error: unknown, items: WorkItem[]): Promise<void> {
    const kind = this.#abort.signal.aborted ? "transient" : failureKind(error);
    const transient = kind === "transient";
    if (kind === "auth") {
      if (this.#reachable !== "auth")
        this.#s.logger.error(
          `MLflow backend: ${(error as Error).message} Logging is spooled to ${this.#s.spool.dir}.`,
        );
      this.#reachable = "auth";
      await this.#spillQueue(items);
      return;
    }
    if (transient) {
      this.#problem = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
      if (this.#reachable !== "no" && !this.#abort.signal.aborted) {
        this.#s.logger.warn(
          `MLflow backend: ${error instanceof Error ? error.message : String(error)} Spooling to ${this.#s.spool.dir} until it answers again.`,
        );
      }
      this.#reachable = "no";
      await this.#spillQueue(items);
      this.#probe();
      return;
    }
    this.#reject(items.map((item) => item.kind).join(", ") || "the run", error);
  }

  #reject(what: string, error: unknown): void {
    this.stats.dropped++;
    const message = `MLflow backend: the server rejected ${what}: ${error instanceof Error ? error.message : String(error)}`;
    this.#s.logger.error(message);
    if (this.#rejections.length < 20) this.#rejections.push(message);
  }

  /** Moves `first` and the whole memory queue to the spool, in order. */
  async #spillQueue(first: WorkItem[] = []): Promise<void> {
    const items = [...first];
    for (let item = this.#queue.take(); item; item = this.#queue.take()) items.push(item);
    if (this.#finalStatus && this.#inFlight === 0) {
      items.push(this.#finalStatus);
      this.#finalStatus = undefined;
    }
    if (items.length === 0) return this.#s.spool.settled();
    if (items.some((item) => item.kind === "status")) this.#statusSpooled = true;
    this.#spoolBacklog = true;
    if (!this.#spoolStateWritten) {
      this.#spoolStateWritten = true;
      await this.#s.spool.lock();
      await this.#writeSpoolState();
    }
    const lines: string[] = [];
    for (const item of items) lines.push(await toSpoolLine(item, this.#s.spool));
    this.stats.spooledRecords += lines.length;
    await this.#s.spool.append(lines);
    this.#resume();
  }

  async #writeSpoolState(): Promise<void> {
    const state: SpoolState = {
      version: 1,
      trackingUri: this.#s.client.trackingUri,
      experimentName: this.#target.experimentName,
      runName: this.#target.runName,
      startTime: this.#target.startTime,
      createTags: [...this.#target.createTags],
      rank: this.#target.rank,
      prov4mlRunId: this.#target.prov4mlRunId,
      handoffFile: this.#target.handoffFile,
    };
    if (this.#target.mlflowRunId) state.mlflowRunId = this.#target.mlflowRunId;
    if (this.#mlflowRun) {
      state.mlflowRunId = this.#mlflowRun.run_id;
      state.experimentId = this.#mlflowRun.experiment_id;
      if (this.#mlflowRun.artifact_uri) state.artifactUri = this.#mlflowRun.artifact_uri;
    }
    await this.#s.spool.writeState(state);
  }

  // --- recovery

  /** Continues after the run is known or the server is back: replay the spool first, then the queue. */
  #resume(): void {
    if (this.#reachable !== "yes" || !this.#mlflowRun || this.#closed) return;
    if (this.#spoolBacklog) void this.#replay();
    else this.#pump();
  }

  /** Delivers spooled records in order, moving the cursor past each acknowledged one. */
  async #replay(): Promise<void> {
    if (this.#replaying) return;
    this.#replaying = true;
    const spool = this.#s.spool;
    try {
      let offset = await spool.readCursor();
      while (this.#reachable === "yes" && !this.#abort.signal.aborted) {
        const records = spool.readRecords(offset);
        if (records.length === 0) {
          await spool.settled();
          if (spool.readRecords(offset).length > 0 || spool.appending) continue;
          // Caught up: live delivery takes over (single-threaded, so nothing slips in between).
          this.#spoolBacklog = false;
          break;
        }
        try {
          await replayGroups(
            coalesce(records),
            this.#s.concurrency,
            (item) =>
              deliver(this.#s.client, this.#mlflowRun!, item, {
                signal: this.#abort.signal,
                retry: this.#s.liveRetry,
                warn: (message) => this.#s.logger.warn(message),
              }),
            (error) => !this.#abort.signal.aborted && failureKind(error) === "rejected",
            async (window) => {
              for (const item of window.delivered) this.stats.deliveredPoints += pointsIn(item);
              for (const { item, error } of window.rejected) this.#reject(`a spooled ${item.kind}`, error);
              if (
                [...window.delivered, ...window.rejected.map((r) => r.item)].some((i) => i.kind === "status")
              )
                this.#statusSpooled = false;
              offset = window.end;
              await spool.writeCursor(offset);
            },
          );
        } catch (error) {
          await this.#onFailure(error, []);
          return;
        }
      }
    } finally {
      this.#replaying = false;
    }
    if (!this.#spoolBacklog) this.#pump();
  }

  /** Polls GET /health while the server is away; when it answers, finishes connecting and replays. */
  #probe(): void {
    if (this.#probing || this.#closed) return;
    this.#probing = true;
    void (async () => {
      try {
        while (this.#reachable === "no" && !this.#closed) {
          await idleWait(this.#s.probeIntervalMs);
          if (this.#closed || !(await this.#s.client.health()) || this.#closed) continue;
          if (!this.#mlflowRun) {
            try {
              const run = await resolveMlflowRun(
                this.#s.client,
                this.#target,
                this.#s.attachTimeoutMs,
                this.#abort.signal,
              );
              if (this.#closed) break; // see #connect: the spool is sync's now
              this.#mlflowRun = run;
              await this.#writeSpoolState();
            } catch (error) {
              if (failureKind(error) === "auth") await this.#onFailure(error, []);
              continue;
            }
          }
          this.#s.logger.info(
            `MLflow backend: ${this.#s.client.trackingUri} answers again; delivering the spool.`,
          );
          this.#reachable = "yes";
          this.#resume();
        }
      } finally {
        this.#probing = false;
      }
    })();
  }

  // --- flush and close

  #idle(): boolean {
    if (this.#inFlight > 0 || this.#replaying) return false;
    const empty = this.#queue.empty && !this.#finalStatus;
    if (this.#reachable === "yes" && this.#mlflowRun) return empty && !this.#spoolBacklog;
    // Unreachable, auth or not yet attached: durable once on disk.
    return empty && !this.#s.spool.appending;
  }

  async forceFlush(): Promise<void> {
    // Durable either way: not connected after 10 s, everything is in the spool.
    await this.#drain(Number.POSITIVE_INFINITY, 10_000);
  }

  /**
   * Waits until idle or the deadline; what is then still queued goes to the spool. A connect still
   * in progress is given up to `connectWaitMs` (at close: the whole bound, a busy server is slow).
   */
  async #drain(timeoutMs: number, connectWaitMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    await Promise.race([this.#ready, idleWait(Math.min(timeoutMs, connectWaitMs))]);
    if (!this.#mlflowRun || this.#reachable !== "yes") await this.#spillQueue();
    this.#pump();
    while (!this.#idle() && Date.now() < deadline) {
      // Not connected yet (a rank waiting for rank 0, a server away): spool rather than wait.
      if (!this.#mlflowRun || this.#reachable !== "yes") await this.#spillQueue();
      if (this.#reachable === "yes" && this.#spoolBacklog && !this.#replaying) void this.#replay();
      await sleep(10);
    }
    return this.#idle();
  }

  provAttributes(): Attributes {
    const attributes: Attributes = { "prov4ml:mlflow_tracking_uri": this.#s.client.trackingUri };
    const run = this.#mlflowRun;
    if (run) {
      attributes["prov4ml:mlflow_experiment_id"] = run.experiment_id;
      attributes["prov4ml:mlflow_run_id"] = run.run_id;
    }
    // What the server refused on purpose (4xx with MLflow's error body), so the document says it too.
    if (this.stats.dropped > 0) {
      attributes["prov4ml:mlflow_rejected"] = this.stats.dropped;
      attributes["prov4ml:mlflow_rejection"] = [...this.#rejections];
    }
    return attributes;
  }

  async close(outcome: RunOutcome): Promise<BackendCloseResult | undefined> {
    const rank = this.#s.run.rank;
    const provJson = outcome.files.find((file) => file.format === "prov-json") ?? outcome.files[0];
    if (provJson) this.#queue.addTag({ key: provDocumentTagKey(rank), value: provJson.fileName });
    for (const file of outcome.files)
      this.#queue.addItem({ kind: "bytes", path: file.fileName, content: file.content });
    // One MLflow run for all ranks: rank 0 ends it.
    if (rank === 0) {
      this.#finalStatus = {
        kind: "status",
        status: outcome.status as MlflowRunStatus,
        endTime: outcome.endTime,
      };
    }
    this.#pump();

    const timeoutMs = Math.min(outcome.timeoutMs, this.#s.drainTimeoutMs ?? Number.POSITIVE_INFINITY);
    const drained = await this.#drain(timeoutMs, timeoutMs);
    this.#closed = true;
    // Nothing may hold the process after endRun: a connect still waiting on a silent server, a
    // probe, what is in flight (it spools itself when out of time).
    this.#abort.abort();
    if (!drained) {
      while (this.#inFlight > 0 || this.#replaying) await sleep(5);
      await this.#spillQueue();
    }
    await this.#s.spool.settled();
    const backlog = await this.#s.spool.backlog();
    const warnings = [...this.#rejections];
    if (backlog > 0) {
      const warning = this.#backlogWarning(outcome, drained, timeoutMs);
      this.#s.logger.warn(warning);
      warnings.push(warning);
    }
    if (this.#spoolStateWritten) await this.#s.spool.unlock();
    const info: Record<string, string | number | boolean> = {
      mlflow_tracking_uri: this.#s.client.trackingUri,
      mlflow_spooled_bytes: backlog,
    };
    if (this.#mlflowRun) {
      info.mlflow_run_id = this.#mlflowRun.run_id;
      info.mlflow_experiment_id = this.#mlflowRun.experiment_id;
    }
    if (this.#statusSpooled && backlog > 0) info.mlflow_status_spooled = true;
    return { info, warnings };
  }

  /** Says what happened, what is in the spool (the end status too) and how to deliver it. */
  #backlogWarning(outcome: RunOutcome, drained: boolean, timeoutMs: number): string {
    const uri = this.#s.client.trackingUri;
    const why =
      this.#reachable === "auth"
        ? `${uri} refused the credentials`
        : !drained
          ? `${uri} did not take everything within ${timeoutMs} ms (the endRun wait: timeoutMs of endRun, drainTimeoutMs of the backend)${this.#problem ? `; last problem: ${this.#problem}` : ""}`
          : !this.#mlflowRun
            ? `the MLflow run could not be opened at ${uri} before the run ended (${this.#problem ?? "no answer yet"})`
            : `${uri} could not be used${this.#problem ? `: ${this.#problem}` : ""}`;
    const status = this.#statusSpooled
      ? ` The run's end status (${outcome.status}) is in the spool too: MLflow shows the run as RUNNING until it is delivered.`
      : "";
    return `MLflow backend: ${why}. The rest is in ${this.#s.spool.dir}.${status} Deliver it with \`prov4ml sync ${this.#s.run.runDir}\`.`;
  }
}
