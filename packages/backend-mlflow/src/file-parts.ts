import { open } from "node:fs/promises";
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy, sleep } from "./retry.ts";

/** Part size of multipart uploads: 16 MiB (S3's minimum is 5 MiB, its maximum count 10,000 parts). */
export const DEFAULT_PART_BYTES = 16 * 1024 * 1024;
/** Parts in flight at once: memory stays at about this many part buffers whatever the file's size. */
export const PART_CONCURRENCY = 2;

/** How far a long upload is, for progress output. */
export interface UploadProgress {
  /** Artifact path being uploaded. */
  path: string;
  sentBytes: number;
  totalBytes: number;
}

/** One part of a file: 1-based number, byte range. */
export interface FilePart {
  number: number;
  start: number;
  length: number;
}

/** The parts of a `size`-byte file cut into `partBytes` pieces (at least one part). */
export function partsOf(size: number, partBytes: number): FilePart[] {
  const count = Math.max(1, Math.ceil(size / partBytes));
  return Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    start: index * partBytes,
    length: Math.min(partBytes, size - index * partBytes),
  }));
}

/** Reads one part's bytes into `into` (reused between parts, so memory stays flat) or a new buffer. */
export async function readPart(filePath: string, part: FilePart): Promise<Uint8Array> {
  const handle = await open(filePath, "r");
  try {
    const buffer = new Uint8Array(part.length);
    let read = 0;
    while (read < part.length) {
      const { bytesRead } = await handle.read(buffer, read, part.length - read, part.start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read === part.length ? buffer : buffer.subarray(0, read);
  } finally {
    await handle.close();
  }
}

/** What a streaming `sendPart` gets instead of the part's bytes (it reads them from the file itself). */
const NO_BYTES = new Uint8Array(0);

/**
 * Uploads every part through `sendPart` (retried on its own up to the policy's retries, so one cut
 * part does not resend the file), `PART_CONCURRENCY` at a time, and returns the results in part
 * order. `isRetryable` says which failures a retry can fix (a refused credential cannot).
 */
export async function uploadParts<T>(
  filePath: string,
  parts: FilePart[],
  sendPart: (part: FilePart, bytes: Uint8Array) => Promise<T>,
  options: {
    retry?: Partial<RetryPolicy> | undefined;
    signal?: AbortSignal | undefined;
    isRetryable: (error: unknown) => boolean;
    onPartDone?: ((part: FilePart) => void) | undefined;
    /** `sendPart` streams the part from the file itself: no buffer is read for it. */
    streamed?: boolean;
  },
): Promise<T[]> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const results: T[] = new Array(parts.length);
  let next = 0;
  const worker = async () => {
    while (next < parts.length) {
      const index = next++;
      const part = parts[index]!;
      results[index] = await retrying(
        async () => sendPart(part, options.streamed ? NO_BYTES : await readPart(filePath, part)),
        policy,
        options,
      );
      options.onPartDone?.(part);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, parts.length) }, worker));
  return results;
}

/** Runs `send` until it succeeds, a failure is not retryable, or the policy's retries are spent. */
export async function retrying<T>(
  send: () => Promise<T>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal | undefined; isRetryable: (error: unknown) => boolean },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await send();
    } catch (error) {
      if (attempt >= policy.maxRetries || !options.isRetryable(error)) throw error;
      await sleep(backoffDelay(policy, attempt), options.signal);
    }
  }
}
