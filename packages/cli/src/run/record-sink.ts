/**
 * Applies the child's records to the run, and counts what could not be applied. A record the run
 * refuses (a bad name, a missing artifact) counts as malformed: the child never crashes the wrapper.
 */
import { resolve } from "node:path";
import { Context, type Run } from "@prov4ml/core";
import { type ParsedLine, parseEventLine, parseProtocolLine } from "./protocol.ts";

/** At most this many reasons are kept for the report; the count has them all. */
const KEPT_REASONS = 5;

export class RecordSink {
  readonly #run: Run;
  readonly #cwd: string;
  readonly #artifacts: Promise<unknown>[] = [];
  /** Records applied to the run. */
  accepted = 0;
  /** `prov4ml:` lines and event lines that were not valid records. */
  malformed = 0;
  readonly reasons: string[] = [];

  constructor(run: Run, cwd: string) {
    this.#run = run;
    this.#cwd = cwd;
  }

  /** A `prov4ml:` stdout line; true when it was a valid record (and so may be left out with --quiet-protocol). */
  acceptProtocolLine(line: string): boolean {
    return this.#apply(parseProtocolLine(line), line);
  }

  /** One JSON line from the PROV4ML_EVENTS descriptor. */
  acceptEventLine(line: string): boolean {
    if (line.trim() === "") return true;
    return this.#apply(parseEventLine(line), line);
  }

  /** A record line over the length limit. */
  countOverlong(): void {
    this.#refuse("a prov4ml: line longer than 64 KiB");
  }

  /** Waits for the artifacts the child named to be hashed and stored. */
  async settle(): Promise<void> {
    await Promise.all(this.#artifacts);
  }

  #apply(parsed: ParsedLine, line: string): boolean {
    if (!parsed.ok) return this.#refuse(`${parsed.reason}: ${line.slice(0, 80)}`);
    const record = parsed.record;
    try {
      if (record.kind === "metric") {
        const options = {
          ...(record.step === undefined ? {} : { step: record.step }),
          ...(record.timestamp === undefined ? {} : { timestamp: record.timestamp }),
        };
        this.#run.logMetric(record.name, record.value, record.context ?? Context.TRAINING, options);
      } else if (record.kind === "param") this.#run.logParam(record.name, record.value, record.context);
      else if (record.kind === "tag") this.#run.setTag(record.name, record.value);
      else {
        const options = {
          ...(record.name ? { name: record.name } : {}),
          ...(record.context ? { context: record.context } : {}),
          isInput: record.input ?? false,
        };
        const stored = this.#run.logArtifact(resolve(this.#cwd, record.path), options).catch((error) => {
          this.#refuse(`artifact ${record.path}: ${error instanceof Error ? error.message : String(error)}`);
        });
        this.#artifacts.push(stored);
      }
    } catch (error) {
      return this.#refuse(`${error instanceof Error ? error.message : String(error)}: ${line.slice(0, 80)}`);
    }
    this.accepted++;
    return true;
  }

  #refuse(reason: string): false {
    this.malformed++;
    if (this.reasons.length < KEPT_REASONS) this.reasons.push(reason);
    return false;
  }
}
