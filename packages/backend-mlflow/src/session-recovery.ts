import { failureKind } from "./errors.ts";
import type { LiveDelivery } from "./live-delivery.ts";
import { idleWait } from "./retry.ts";
import { type RunTarget, resolveMlflowRun } from "./run-resolver.ts";
import { spoolStateOf } from "./session-report.ts";
import type { SessionSettings } from "./session-settings.ts";
import type { SessionState } from "./session-state.ts";
import { replaySpool } from "./spool-replay.ts";
import { deliver, pointsIn, type WorkItem } from "./work-item.ts";

export interface SessionRecoveryParts {
  settings: SessionSettings;
  target: RunTarget;
  state: SessionState;
  live: LiveDelivery;
  /** Moves `first` and the whole memory queue to the spool, in order (the session's spill). */
  spill: (first?: WorkItem[]) => Promise<void>;
}

/**
 * How a session opens its MLflow run and gets back to live delivery: the first connect, the
 * reaction to failures (spool and probe, spool and stop, or report a rejection), the probe of an
 * unreachable server, and the in-order replay of the spool once the server answers again.
 */
export class SessionRecovery {
  readonly #s: SessionSettings;
  readonly #target: RunTarget;
  readonly #state: SessionState;
  readonly #live: LiveDelivery;
  readonly #spill: (first?: WorkItem[]) => Promise<void>;

  constructor(parts: SessionRecoveryParts) {
    this.#s = parts.settings;
    this.#target = parts.target;
    this.#state = parts.state;
    this.#live = parts.live;
    this.#spill = parts.spill;
  }

  /** Creates or attaches the run (the first connect, and the probe once the server is back). */
  #resolveRun() {
    return resolveMlflowRun(this.#s.client, this.#target, this.#s.attachTimeoutMs, this.#s.abort.signal);
  }

  /** Creates or attaches the MLflow run; on failure, spools (and probes, unless waiting cannot help). */
  async connect(): Promise<void> {
    try {
      const run = await this.#resolveRun();
      // Closed while we were still retrying: the spool now belongs to `prov4ml sync`, which finds
      // this run again by its prov4ml.run_id tag; writing the spool state here would race with it.
      if (this.#state.closed) return;
      this.#state.mlflowRun = run;
      this.#state.reachable = "yes";
      if (this.#state.spoolStateWritten) await this.writeSpoolState();
      this.#s.logger.debug(`MLflow run ${this.#state.mlflowRun.run_id} at ${this.#s.client.trackingUri}`);
      this.resume();
    } catch (error) {
      if (this.#state.closed) return; // aborted by close: everything is in the spool already
      if (failureKind(error) !== "rejected") {
        await this.onFailure(error, []);
        return;
      }
      // Cannot be fixed by waiting (a bad experiment name, no run id from rank 0): keep everything
      // in the spool for `prov4ml sync` once the cause is fixed.
      this.#state.problem = `cannot open the MLflow run: ${(error as Error).message}`;
      this.#s.logger.error(`MLflow backend: ${this.#state.problem}`);
      this.#state.reachable = "broken";
      await this.#spill();
    }
  }

  /** Transient → spool and probe; auth → spool and stop; a rejection the server means → report. */
  async onFailure(error: unknown, items: WorkItem[]): Promise<void> {
    const kind = this.#s.abort.signal.aborted ? "transient" : failureKind(error);
    const transient = kind === "transient";
    if (kind === "auth") {
      if (this.#state.reachable !== "auth")
        this.#s.logger.error(
          `MLflow backend: ${(error as Error).message} Logging is spooled to ${this.#s.spool.dir}.`,
        );
      this.#state.reachable = "auth";
      await this.#spill(items);
      return;
    }
    if (transient) {
      this.#state.problem = (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
      if (this.#state.reachable !== "no" && !this.#s.abort.signal.aborted) {
        this.#s.logger.warn(
          `MLflow backend: ${error instanceof Error ? error.message : String(error)} Spooling to ${this.#s.spool.dir} until it answers again.`,
        );
      }
      this.#state.reachable = "no";
      await this.#spill(items);
      this.probe();
      return;
    }
    this.reject(items.map((item) => item.kind).join(", ") || "the run", error);
  }

  reject(what: string, error: unknown): void {
    this.#state.stats.dropped++;
    const message = `MLflow backend: the server rejected ${what}: ${error instanceof Error ? error.message : String(error)}`;
    this.#s.logger.error(message);
    if (this.#state.rejections.length < 20) this.#state.rejections.push(message);
  }

  async writeSpoolState(): Promise<void> {
    await this.#s.spool.writeState(
      spoolStateOf(this.#s.client.trackingUri, this.#target, this.#state.mlflowRun),
    );
  }

  /** Continues after the run is known or the server is back: replay the spool first, then the queue. */
  resume(): void {
    if (this.#state.reachable !== "yes" || !this.#state.mlflowRun || this.#state.closed) return;
    if (this.#state.spoolBacklog) void this.replay();
    else this.#live.pump();
  }

  /** Delivers spooled records in order, moving the cursor past each acknowledged one. */
  async replay(): Promise<void> {
    if (this.#state.replaying) return;
    this.#state.replaying = true;
    try {
      const result = await replaySpool({
        spool: this.#s.spool,
        concurrency: this.#s.concurrency,
        deliver: (item) =>
          deliver(this.#s.client, this.#state.mlflowRun!, item, {
            signal: this.#s.abort.signal,
            retry: this.#s.liveRetry,
            warn: (message) => this.#s.logger.warn(message),
          }),
        isRejection: (error) => !this.#s.abort.signal.aborted && failureKind(error) === "rejected",
        keepGoing: () => this.#state.reachable === "yes" && !this.#s.abort.signal.aborted,
        onWindow: (window) => {
          for (const item of window.delivered) this.#state.stats.deliveredPoints += pointsIn(item);
          for (const { item, error } of window.rejected) this.reject(`a spooled ${item.kind}`, error);
          if ([...window.delivered, ...window.rejected.map((r) => r.item)].some((i) => i.kind === "status"))
            this.#state.statusSpooled = false;
        },
        onCaughtUp: () => {
          this.#state.spoolBacklog = false;
        },
        onFailure: (error) => this.onFailure(error, []),
      });
      if (result === "failed") return;
    } finally {
      this.#state.replaying = false;
    }
    if (!this.#state.spoolBacklog) this.#live.pump();
  }

  /**
   * One health check now instead of at the probe's next turn (used at the end of the run): when it
   * answers, the session replays its spool. Bounded by `timeoutMs`; a server still failing sends
   * the session back to spooling at once.
   */
  async reconnectNow(timeoutMs: number): Promise<void> {
    if (this.#state.reachable !== "no" || !this.#state.spoolBacklog || !this.#state.mlflowRun) return;
    if (timeoutMs <= 0 || !(await this.#s.client.health(timeoutMs))) return;
    if (this.#state.reachable !== "no") return; // the probe got there first
    this.#state.reachable = "yes";
    this.resume();
  }

  /** Polls GET /health while the server is away; when it answers, finishes connecting and replays. */
  probe(): void {
    if (this.#state.probing || this.#state.closed) return;
    this.#state.probing = true;
    void (async () => {
      try {
        while (this.#state.reachable === "no" && !this.#state.closed) {
          await idleWait(this.#s.probeIntervalMs);
          if (this.#state.closed || !(await this.#s.client.health()) || this.#state.closed) continue;
          if (!this.#state.mlflowRun) {
            try {
              const run = await this.#resolveRun();
              if (this.#state.closed) break; // see connect: the spool is sync's now
              this.#state.mlflowRun = run;
              await this.writeSpoolState();
            } catch (error) {
              if (failureKind(error) === "auth") await this.onFailure(error, []);
              continue;
            }
          }
          this.#s.logger.info(
            `MLflow backend: ${this.#s.client.trackingUri} answers again; delivering the spool.`,
          );
          this.#state.reachable = "yes";
          this.resume();
        }
      } finally {
        this.#state.probing = false;
      }
    })();
  }
}
