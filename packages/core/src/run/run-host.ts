import type { DatasetInspectorPlugin } from "../plugins/dataset-inspector.ts";
import type { RunEvent } from "../plugins/events.ts";
import type { ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import type { SamplingHost } from "./collector-sampling.ts";
import { type RecordsHost, touchContext } from "./contexts-and-params.ts";
import type { DatasetHost } from "./dataset-recording.ts";
import type { RecordingHost } from "./input-output-logging.ts";
import type { MetricLogging } from "./metric-logging.ts";
import type { PendingWork } from "./pending-work.ts";
import type { RunLifecycle } from "./run-lifecycle.ts";
import type { RunState } from "./run-state.ts";
import type { RunWarnings } from "./run-warnings.ts";

/** What the run's parts may see of it. */
export type RunHost = SamplingHost & RecordingHost & DatasetHost & RecordsHost;

/** The pieces of a run its host is made of. */
export interface RunHostParts {
  readonly state: RunState;
  readonly inspectors: readonly ModelInspectorPlugin[];
  readonly datasetInspectors: readonly DatasetInspectorPlugin[];
  readonly metrics: MetricLogging;
  readonly lifecycle: RunLifecycle;
  readonly pending: PendingWork;
  readonly warnings: RunWarnings;
  now(): number;
  pushEvent(event: RunEvent): void;
}

/** The one view of the run its parts share (they never see the `Run` class itself). */
export function createRunHost(parts: RunHostParts): RunHost {
  const { state, metrics, lifecycle, pending, warnings } = parts;
  const host: RunHost = {
    state,
    inspectors: parts.inspectors,
    datasetInspectors: parts.datasetInspectors,
    appendPoint: (name, value, context, source, step, timestamp) =>
      metrics.appendPoint(name, value, context, source, step, timestamp),
    get finalFlushDone() {
      return state.endTime !== undefined;
    },
    get ending() {
      return !lifecycle.active;
    },
    now: () => parts.now(),
    noteUnavailable: (description) => state.unavailableSources.add(description),
    touchContext: (name) => touchContext(host, name),
    pushEvent: (event) => parts.pushEvent(event),
    track: (promise) => pending.track(promise),
    warn: (message) => warnings.warn(message),
    warnOnce: (message) => warnings.warnOnce(message),
  };
  return host;
}
