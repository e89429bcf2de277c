import type { Attributes, BackendCloseResult, BackendSession, RunBatch, RunOutcome } from "@prov4ml/core";
import { BatchMapper } from "./batch-mapping.ts";
import { provDocumentTagKey } from "./event-mapping.ts";
import { LiveDelivery } from "./live-delivery.ts";
import { idleWait, sleep } from "./retry.ts";
import { SessionRecovery } from "./session-recovery.ts";
import { backlogWarning, closeInfoOf, mlflowProvAttributes } from "./session-report.ts";
import { type SessionSettings, sessionRunTarget } from "./session-settings.ts";
import { SessionState, type SessionStats } from "./session-state.ts";
import type { MlflowRunInfo, MlflowRunStatus } from "./wire.ts";
import { toSpoolLine, type WorkItem } from "./work-item.ts";

/**
 * One prov4ml run logging into one MLflow run. `write` only converts and queues; a background pump
 * sends log-batch requests (bounded concurrency, keep-alive) and uploads. When the server is
 * unreachable, or the memory queue is full, or the drain at close times out, the queue goes to the
 * run directory's spool, which is replayed in order when the server answers again (or by
 * `prov4ml sync`).
 */
export class MlflowSession implements BackendSession {
  readonly #s: SessionSettings;
  readonly #state = new SessionState();
  readonly #abort: AbortController;
  /** Delivery figures for `close`'s info and the tests. */
  readonly stats: SessionStats = this.#state.stats;
  readonly #ready: Promise<void>;
  readonly #mapper: BatchMapper;
  readonly #live: LiveDelivery;
  readonly #recovery: SessionRecovery;

  constructor(settings: SessionSettings) {
    this.#s = settings;
    this.#abort = settings.abort;
    this.#mapper = new BatchMapper(settings.metricKey, settings.logger, "MLflow backend");
    const state = this.#state;
    this.#live = new LiveDelivery({
      client: settings.client,
      concurrency: settings.concurrency,
      retry: settings.liveRetry,
      signal: settings.abort.signal,
      warn: (message) => settings.logger.warn(message),
      stats: state.stats,
      liveRun: () => (state.reachable !== "yes" || state.spoolBacklog ? undefined : state.mlflowRun),
      onFailure: (error, items) => this.#recovery.onFailure(error, items),
    });
    this.#recovery = new SessionRecovery({
      settings,
      target: sessionRunTarget(settings),
      state,
      live: this.#live,
      spill: (first) => this.#spillQueue(first),
    });
    this.#ready = this.#recovery.connect();
  }

  /** The MLflow run once known (created or attached in the background). */
  get mlflowRun(): MlflowRunInfo | undefined {
    return this.#state.mlflowRun;
  }

  /** Resolves when the first attempt to create or attach the run has settled. */
  ready(): Promise<void> {
    return this.#ready;
  }

  write(batch: RunBatch): Promise<void> | undefined {
    if (this.#state.closed) return undefined;
    this.#live.queue.add(this.#mapper.map(batch));
    return this.#afterIntake();
  }

  #afterIntake(): Promise<void> | undefined {
    // Not acknowledged live soon: on disk now, so a SIGKILL cannot lose it (replayed once connected).
    if (this.#state.spoolBacklog || this.#state.reachable !== "yes" || !this.#state.mlflowRun)
      return this.#spillQueue();
    if (this.#live.queue.points > this.#s.maxQueuedPoints) {
      this.#s.logger.warn(
        `MLflow backend: more than ${this.#s.maxQueuedPoints} metric points waiting; the queue overflows to ${this.#s.spool.dir} and is delivered from there.`,
      );
      return this.#spillQueue();
    }
    this.#live.pump();
    return undefined;
  }

  /** Moves `first` and the whole memory queue to the spool, in order. */
  async #spillQueue(first: WorkItem[] = []): Promise<void> {
    const items = [...first, ...this.#live.takeAll()];
    if (items.length === 0) return this.#s.spool.settled();
    if (items.some((item) => item.kind === "status")) this.#state.statusSpooled = true;
    this.#state.spoolBacklog = true;
    // One step of the spool's append chain, begun before any await: a replay catching up in the
    // meantime sees it coming, and two spills land in the order they were called.
    await this.#s.spool.appendPrepared(async () => {
      if (!this.#state.spoolStateWritten) {
        this.#state.spoolStateWritten = true;
        await this.#s.spool.lock();
        await this.#recovery.writeSpoolState();
      }
      const lines: string[] = [];
      for (const item of items) lines.push(await toSpoolLine(item, this.#s.spool));
      this.#state.stats.spooledRecords += lines.length;
      return lines;
    });
    this.#recovery.resume();
  }

  // --- flush and close

  #idle(): boolean {
    if (this.#live.inFlight > 0 || this.#state.replaying) return false;
    const empty = this.#live.empty;
    if (this.#state.reachable === "yes" && this.#state.mlflowRun) return empty && !this.#state.spoolBacklog;
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
    if (!this.#state.mlflowRun || this.#state.reachable !== "yes") await this.#spillQueue();
    this.#live.pump();
    while (!this.#idle() && Date.now() < deadline) {
      // Not connected yet (a rank waiting for rank 0, a server away): spool rather than wait.
      if (!this.#state.mlflowRun || this.#state.reachable !== "yes") await this.#spillQueue();
      if (this.#state.reachable === "yes" && this.#state.spoolBacklog && !this.#state.replaying)
        void this.#recovery.replay();
      await sleep(10);
    }
    return this.#idle();
  }

  provAttributes(): Attributes {
    const { dropped } = this.stats;
    return mlflowProvAttributes(
      this.#s.client.trackingUri,
      this.#state.mlflowRun,
      dropped,
      this.#state.rejections,
    );
  }

  async close(outcome: RunOutcome): Promise<BackendCloseResult | undefined> {
    const rank = this.#s.run.rank;
    const provJson = outcome.files.find((file) => file.format === "prov-json") ?? outcome.files[0];
    if (provJson) this.#live.queue.addTag({ key: provDocumentTagKey(rank), value: provJson.fileName });
    for (const file of outcome.files)
      this.#live.queue.addItem({ kind: "bytes", path: file.fileName, content: file.content });
    // One MLflow run for all ranks: rank 0 ends it.
    if (rank === 0) {
      this.#live.endWith({
        kind: "status",
        status: outcome.status as MlflowRunStatus,
        endTime: outcome.endTime,
      });
    }
    this.#live.pump();

    const timeoutMs = Math.min(outcome.timeoutMs, this.#s.drainTimeoutMs ?? Number.POSITIVE_INFINITY);
    // The server may be back between two probes (a database restarted while it answered /health).
    await this.#recovery.reconnectNow(Math.min(5000, timeoutMs));
    const drained = await this.#drain(timeoutMs, timeoutMs);
    this.#state.closed = true;
    // Nothing may hold the process after endRun: a connect still waiting on a silent server, a
    // probe, what is in flight (it spools itself when out of time).
    this.#abort.abort();
    if (!drained) {
      while (this.#live.inFlight > 0 || this.#state.replaying) await sleep(5);
      await this.#spillQueue();
    }
    await this.#s.spool.settled();
    const backlog = await this.#s.spool.backlog();
    const warnings = [...this.#state.rejections];
    if (backlog > 0) {
      const warning = this.#backlogWarning(outcome, drained, timeoutMs);
      this.#s.logger.warn(warning);
      warnings.push(warning);
    }
    if (this.#state.spoolStateWritten) await this.#s.spool.unlock();
    const info = closeInfoOf(
      this.#s.client.trackingUri,
      this.#state.mlflowRun,
      backlog,
      this.#state.statusSpooled,
    );
    return { info, warnings };
  }

  #backlogWarning(outcome: RunOutcome, drained: boolean, timeoutMs: number): string {
    return backlogWarning(outcome, {
      trackingUri: this.#s.client.trackingUri,
      reachable: this.#state.reachable,
      drained,
      timeoutMs,
      opened: this.#state.mlflowRun !== undefined,
      problem: this.#state.problem,
      statusSpooled: this.#state.statusSpooled,
      spoolDir: this.#s.spool.dir,
      runDir: this.#s.run.runDir,
    });
  }
}
