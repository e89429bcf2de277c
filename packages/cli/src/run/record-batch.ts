/**
 * Records found by a relay thread, parsed there and sent to the main thread in one message per
 * read: metrics as typed columns (names and contexts by number, each string sent once per
 * stream; nothing per point for the message to copy), other records as objects, malformed lines
 * as their reasons. The main thread only applies them.
 */
import { NameCache, parsePlainMetricLine } from "./metric-line.ts";
import { type ProtocolRecord, parseProtocolLine } from "./protocol.ts";
import type { RecordSink } from "./record-sink.ts";

/** One read's records: metric columns of equal length (NaN or -1 where a field is absent). */
export interface RecordBatch {
  /** Names and contexts seen for the first time, numbered on from the previous batches'. */
  readonly newStrings: string[];
  readonly names: Int32Array;
  readonly values: Float64Array;
  readonly steps: Float64Array;
  readonly contexts: Int32Array;
  readonly timestamps: Float64Array;
  readonly others: ProtocolRecord[];
  readonly malformed: string[];
  readonly overlong: number;
}

/** Builds batches in the relay thread. */
export class RecordBatcher {
  readonly #names = new NameCache();
  readonly #ids = new Map<string, number>();
  #newStrings: string[] = [];
  #metricNames: number[] = [];
  #values: number[] = [];
  #steps: number[] = [];
  #contexts: number[] = [];
  #timestamps: number[] = [];
  #others: ProtocolRecord[] = [];
  #malformed: string[] = [];
  #overlong = 0;

  /** Parses the line `bytes[start, end)`; true when it is a valid record. */
  add(bytes: Uint8Array, start: number, end: number): boolean {
    const parsed =
      parsePlainMetricLine(bytes, start, end, this.#names) ?? parseProtocolLine(decode(bytes, start, end));
    if (!parsed.ok) {
      this.#malformed.push(`${parsed.reason}: ${decode(bytes, start, Math.min(end, start + 80))}`);
      return false;
    }
    const record = parsed.record;
    if (record.kind !== "metric") {
      this.#others.push(record);
      return true;
    }
    this.#metricNames.push(this.#id(record.name));
    this.#values.push(record.value);
    this.#steps.push(record.step ?? Number.NaN);
    this.#contexts.push(record.context === undefined ? -1 : this.#id(record.context));
    this.#timestamps.push(record.timestamp ?? Number.NaN);
    return true;
  }

  addOverlong(): void {
    this.#overlong++;
  }

  /** The batch so far (undefined when empty), and a fresh one begun. */
  take(): RecordBatch | undefined {
    if (this.#metricNames.length + this.#others.length + this.#malformed.length + this.#overlong === 0)
      return undefined;
    const batch: RecordBatch = {
      newStrings: this.#newStrings,
      names: Int32Array.from(this.#metricNames),
      values: Float64Array.from(this.#values),
      steps: Float64Array.from(this.#steps),
      contexts: Int32Array.from(this.#contexts),
      timestamps: Float64Array.from(this.#timestamps),
      others: this.#others,
      malformed: this.#malformed,
      overlong: this.#overlong,
    };
    this.#newStrings = [];
    this.#metricNames = [];
    this.#values = [];
    this.#steps = [];
    this.#contexts = [];
    this.#timestamps = [];
    this.#others = [];
    this.#malformed = [];
    this.#overlong = 0;
    return batch;
  }

  /** The buffers of a batch, to transfer rather than copy. */
  static transferables(batch: RecordBatch): ArrayBuffer[] {
    return [batch.names, batch.values, batch.steps, batch.contexts, batch.timestamps].map(
      (column) => column.buffer as ArrayBuffer,
    );
  }

  #id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(text, id);
      this.#newStrings.push(text);
    }
    return id;
  }
}

/** Applies batches to the run, in the main thread, in the order they were taken. */
export class BatchApplier {
  readonly #strings: string[] = [];

  constructor(readonly sink: RecordSink) {}

  apply(batch: RecordBatch): void {
    this.#strings.push(...batch.newStrings);
    const strings = this.#strings;
    for (let i = 0; i < batch.names.length; i++) {
      const step = batch.steps[i] as number;
      const context = batch.contexts[i] as number;
      const timestamp = batch.timestamps[i] as number;
      this.sink.acceptMetric(
        strings[batch.names[i] as number] as string,
        batch.values[i] as number,
        Number.isNaN(step) ? undefined : step,
        context < 0 ? undefined : strings[context],
        Number.isNaN(timestamp) ? undefined : timestamp,
      );
    }
    for (const record of batch.others) this.sink.acceptRecord(record, `prov4ml:${record.kind}`);
    for (const reason of batch.malformed) this.sink.refuse(reason);
    for (let i = 0; i < batch.overlong; i++) this.sink.countOverlong();
  }
}

function decode(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");
}
