import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { Prov4mlError, parseMetricCsvBytes } from "@prov4ml/core";
import type { MetricPoints } from "./types.ts";

/** Metric points that cannot be read: a missing file, a format we cannot decode, or no base directory. */
export class MetricFileError extends Prov4mlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("METRIC_FILE", message, options);
  }
}

/** Reads a metric CSV named relative to the document's directory. */
export async function loadMetricCsv(file: string, baseDir: string | undefined): Promise<MetricPoints> {
  if (baseDir === undefined && !isAbsolute(file)) {
    throw new MetricFileError(
      `metric file ${JSON.stringify(file)} is relative to the run directory: pass loadRun(document, { baseDir }) to read it.`,
    );
  }
  const path = baseDir === undefined ? file : resolve(baseDir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw new MetricFileError(
      `cannot read metric file ${JSON.stringify(path)} (${code}): check that the run directory is complete.`,
      {
        cause: error,
      },
    );
  }
  const { steps, values, timestamps } = parseMetricCsvBytes(bytes);
  return { steps, values, timestamps };
}
