import type { Logger } from "@prov4ml/core";
import type { UploadProgress } from "./file-parts.ts";

/** Uploads at least this large report progress: smaller ones finish before anyone waits. */
const REPORTED_BYTES = 64 * 1024 * 1024;
const STEP_PERCENT = 10;

/** A progress callback that logs each further 10 % of a long upload (info level). */
export function uploadProgressLogger(logger: Logger): (progress: UploadProgress) => void {
  const reported = new Map<string, number>();
  return ({ path, sentBytes, totalBytes }) => {
    if (totalBytes < REPORTED_BYTES) return;
    const percent = Math.floor((sentBytes / totalBytes) * 100);
    const step = Math.floor(percent / STEP_PERCENT) * STEP_PERCENT;
    if (step <= (reported.get(path) ?? -1)) return;
    reported.set(path, step);
    if (sentBytes >= totalBytes) reported.delete(path);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    logger.info(`MLflow backend: uploading ${path}: ${percent}% (${mb(sentBytes)} of ${mb(totalBytes)} MB)`);
  };
}
