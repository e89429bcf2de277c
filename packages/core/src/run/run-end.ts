import type { RunBatch } from "../plugins/events.ts";
import type { ExporterPlugin } from "../plugins/exporter.ts";
import type { RunInfo } from "../plugins/run-info.ts";
import type { BackendDelivery } from "./backend-delivery.ts";
import type { CollectorSampling } from "./collector-sampling.ts";
import { renderDocument, renderDocumentSync } from "./document-rendering.ts";
import type { EndRunOptions, EndRunResult } from "./options.ts";
import type { PendingWork } from "./pending-work.ts";
import { buildRunDocument } from "./run-document.ts";
import type { RunState } from "./run-state.ts";
import { messageOf, type RunWarnings } from "./run-warnings.ts";
import { withTimeout } from "./with-timeout.ts";

/** The parts of a run its end goes through, in order. */
export interface EndingRun {
  readonly info: RunInfo;
  readonly state: RunState;
  readonly pending: PendingWork;
  readonly sourceCodeReady: Promise<void>;
  readonly sampling: CollectorSampling;
  readonly delivery: BackendDelivery;
  readonly exporters: readonly ExporterPlugin[];
  readonly warnings: RunWarnings;
  /** Stops the run's timers and clock. */
  stopBackground(): void;
  /** Delivers what is still pending (the last batch). */
  flush(): Promise<void>;
  /** Takes what is still pending as one batch, for `finishRunSync`. */
  takeRemaining(): RunBatch;
}

/** Default bound on each backend's close (see `EndRunOptions.timeoutMs`). */
export const DEFAULT_END_TIMEOUT_MS = 30_000;

/**
 * A run's end: wait for pending artifacts and samples, collect collector totals, deliver the last
 * metrics, build and render the final document (DOT/SVG on request) and close every backend.
 */
export async function finishRun(run: EndingRun, options: EndRunOptions): Promise<EndRunResult> {
  run.stopBackground();
  const status = options.status ?? "FINISHED";
  const timeoutMs = options.timeoutMs ?? DEFAULT_END_TIMEOUT_MS;
  for (const result of await run.pending.settle(run.sourceCodeReady)) {
    if (result.status === "rejected")
      run.warnings.warn(`a logging call failed before the end: ${messageOf(result.reason)}`);
  }
  const { totals, attributes } = await run.sampling.finish();
  Object.assign(run.state.extraAttributes, attributes);
  await run.flush();
  // What the backends learn while delivering (an MLflow rejection, points a full disk cost) goes
  // into the document: let them deliver first, within half the end's bound (close gets the rest).
  const flushStarted = Date.now();
  await withTimeout(run.delivery.forceFlush(), timeoutMs / 2, () => new Error("timeout")).catch(
    () => undefined,
  );
  const closeTimeoutMs = Math.max(1000, timeoutMs - (Date.now() - flushStarted));

  run.state.status = status;
  run.state.endTime = Date.now();
  Object.assign(run.state.extraAttributes, run.delivery.provAttributes());
  const document = buildRunDocument(run.state);
  const formats = new Set<string>(["prov-json", ...(options.formats ?? [])]);
  if (options.createGraph || options.createSvg) formats.add("dot");
  if (options.createSvg) formats.add("svg");
  const warn = (message: string) => run.warnings.warn(message);
  const files = await renderDocument(document, [...formats], run.exporters, run.info.runName, warn);

  const closed = await run.delivery.close({
    status,
    endTime: run.state.endTime,
    document,
    files,
    timeoutMs: closeTimeoutMs,
  });
  run.warnings.addReported(closed.warnings);
  return {
    runName: run.info.runName,
    runId: run.info.runId,
    runDir: run.info.runDir,
    status,
    provJsonPath: closed.files["prov-json"],
    files: closed.files,
    totals,
    backendInfo: closed.info,
    warnings: run.warnings.list(),
  };
}

/**
 * A run's end with synchronous I/O only, from the process's `exit` event (`process.exit()`
 * without `endRun`): pending artifacts and samples are not waited for (nothing settles there);
 * the points and events not yet written and the final document go through each backend's
 * `closeSync`. No collector totals or backend info are gathered there.
 */
export function finishRunSync(run: EndingRun, status: "FINISHED" | "FAILED"): EndRunResult {
  run.stopBackground();
  const last = run.takeRemaining();
  run.state.status = status;
  run.state.endTime = Date.now();
  Object.assign(run.state.extraAttributes, run.delivery.provAttributes());
  const document = buildRunDocument(run.state);
  const warn = (message: string) => run.warnings.warn(message);
  const files = renderDocumentSync(document, ["prov-json"], run.exporters, run.info.runName, warn);
  const written = run.delivery.closeSync({ status, endTime: run.state.endTime, document, files }, last);
  return {
    runName: run.info.runName,
    runId: run.info.runId,
    runDir: run.info.runDir,
    status,
    provJsonPath: written["prov-json"],
    files: written,
    totals: {},
    backendInfo: {},
    warnings: run.warnings.list(),
  };
}
