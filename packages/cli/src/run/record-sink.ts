/**
 * Applies the child's records to the run, and counts what could not be applied. A record the run
 * refuses (a bad name, a missing artifact) counts as malformed: the child never crashes the wrapper.
 */
import { resolve } from "node:path";
import { Context, type Run } from "@prov4ml/core";
import { NameCache, parsePlainMetricLine } from "./metric-line.ts";
import { type ParsedLine, type ProtocolRecord, parseEventLine, parseProtocolLine } from "./protocol.ts";

/** At most this many reasons are kept for the report; the count has them all. */
const KEPT_REASONS = 5;

export class RecordSink {
  readonly #run: Run;
  readonly #cwd: string;
  readonly #artifacts: Promise<unknown>[] = [];
  readonly #names = new NameCache();
  /** Records applied to the run. */
  accepted = 0;
  /** `prov4ml:` lines and event lines that were not valid records. */
  malformed = 0;
  readonly reasons: string[] = [];

  constructor(run: Run, cwd: string) {
    this.#run = run;
    this.#cwd = cwd;
  }

  /**
   * A `prov4ml:` stdout line, `bytes[start, end)`; true when it was a valid record (and so may be
   * left out with --quiet-protocol). Plain metric lines never become strings (the fast path).
   */
  acceptProtocolLine(bytes: Uint8Array, start: number, end: number): boolean {
    const parsed =
      parsePlainMetricLine(bytes, start, end, this.#names) ?? parseProtocolLine(decode(bytes, start, end));
    const refused = this.#apply(parsed);
    return (
      refused === undefined || this.refuse(`${refused}: ${decode(bytes, start, Math.min(end, start + 80))}`)
    );
  }

  /** One JSON line from the PROV4ML_EVENTS channel. */
  acceptEventLine(line: string): boolean {
    if (line.trim() === "") return true;
    const refused = this.#apply(parseEventLine(line));
    return refused === undefined || this.refuse(`${refused}: ${line.slice(0, 80)}`);
  }

  /** A record line over the length limit. */
  countOverlong(): void {
    this.refuse("a prov4ml: line longer than 64 KiB");
  }

  /** A record parsed elsewhere (the relay thread); `excerpt` names it if the run refuses it. */
  acceptRecord(record: ProtocolRecord, excerpt: string): void {
    const refused = this.#apply({ ok: true, record });
    if (refused !== undefined) this.refuse(`${refused}: ${excerpt}`);
  }

  /** A metric parsed elsewhere, by its fields (no record object on the hot path). */
  acceptMetric(name: string, value: number, step?: number, context?: string, timestamp?: number): void {
    const refused = this.#logMetric(name, value, step, context, timestamp);
    if (refused !== undefined) this.refuse(`${refused}: prov4ml:metric name=${name}`);
  }

  /** Counts a line that was not a valid record; the reason is kept among the first few. */
  refuse(reason: string): false {
    this.malformed++;
    if (this.reasons.length < KEPT_REASONS) this.reasons.push(reason);
    return false;
  }

  /** Waits for the artifacts the child named to be hashed and stored. */
  async settle(): Promise<void> {
    await Promise.all(this.#artifacts);
  }

  /** Applies a record to the run; the reason when it cannot be. */
  #apply(parsed: ParsedLine): string | undefined {
    if (!parsed.ok) return parsed.reason;
    const record = parsed.record;
    if (record.kind === "metric")
      return this.#logMetric(record.name, record.value, record.step, record.context, record.timestamp);
    try {
      if (record.kind === "param") this.#run.logParam(record.name, record.value, record.context);
      else if (record.kind === "tag") this.#run.setTag(record.name, record.value);
      else this.#logArtifact(record);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    this.accepted++;
    return undefined;
  }

  /** The hot path of the channel; the reason when the run refuses the point. */
  #logMetric(
    name: string,
    value: number,
    step?: number,
    context?: string,
    timestamp?: number,
  ): string | undefined {
    try {
      // A bare step (logMetric's fast path) unless there is a timestamp.
      const options = timestamp === undefined ? step : { step, timestamp };
      this.#run.logMetric(name, value, context ?? Context.TRAINING, options);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    this.accepted++;
    return undefined;
  }

  #logArtifact(record: ProtocolRecord & { kind: "artifact" }): void {
    const options = {
      ...(record.name ? { name: record.name } : {}),
      ...(record.context ? { context: record.context } : {}),
      isInput: record.input ?? false,
    };
    const stored = this.#run.logArtifact(resolve(this.#cwd, record.path), options).catch((error) => {
      this.refuse(`artifact ${record.path}: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.#artifacts.push(stored);
  }
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
}
