/** What the main thread and a relay thread (`relay-worker.ts`) share: its start data and messages. */
import type { RecordBatch } from "./record-batch.ts";

/** Slots of the shared control memory (Int32 indexes, and the byte offset of one Float64). */
export const RelaySlot = {
  /** 1 once the main thread wants the relay to stop reading. */
  Stop: 0,
  /** Record batches posted and not yet applied by the main thread. */
  BatchesInFlight: 1,
  /** Byte offset of a Float64: when the last bytes were read (epoch ms). */
  LastDataByte: 8,
  /** Size of the shared memory. */
  Bytes: 16,
} as const;

export interface RelayWorkerData {
  /** The pipe's read end (blocking). */
  readonly readFd: number;
  /** The wrapper's own stdout (1) or stderr (2). */
  readonly outFd: number;
  readonly logLimit: number;
  /** Find `prov4ml:` lines (stdout). */
  readonly scan: boolean;
  /** Leave valid record lines out of the passthrough. */
  readonly quiet: boolean;
  readonly control: SharedArrayBuffer;
  /** Random bytes the main thread writes into the pipe to wake a stopped relay (see `wakeReader`). */
  readonly wakeToken: Uint8Array;
}

export type RelayMessage =
  /** The records of one read, parsed. */
  | { type: "records"; batch: RecordBatch }
  /** The stream ended (or the relay was stopped): the bounded log. */
  | { type: "done"; bytes: Uint8Array; omitted: number; totalBytes: number };
