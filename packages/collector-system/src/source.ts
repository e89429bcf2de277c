import type { CollectedMetric, UnavailableSource } from "@prov4ml/core";

/** What one source read in one sample. */
export interface SourceReading {
  readonly metrics: readonly CollectedMetric[];
  readonly unavailable?: readonly UnavailableSource[];
}

/** One kind of measurement (memory, disk, CPU, …), opened once per run and read per sample. */
export interface MetricSource {
  read(): Promise<SourceReading>;
  /** Facts for the PROV document, e.g. which file or device the readings come from. */
  describe?(): Readonly<Record<string, string | number | readonly string[]>>;
  close?(): Promise<void>;
}

/** A source that could not be opened: it reads nothing and says why, once per sample. */
export function unavailableSource(source: string, reason: string): MetricSource {
  const reading: SourceReading = { metrics: [], unavailable: [{ source, reason }] };
  return { read: async () => reading };
}

/** A one-line reason from a failed file read, without stack or path noise. */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "not present";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code) return code;
  return error instanceof Error ? error.message : String(error);
}
