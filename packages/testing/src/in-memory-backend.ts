import type {
  BackendPlugin,
  BackendSession,
  MetricSeriesKey,
  RunCheckpoint,
  RunEvent,
  RunInfo,
  RunOutcome,
} from "@prov4ml/core";

/** Points of one series, copied out of the run's reusable chunks. */
export interface RecordedSeries extends MetricSeriesKey {
  steps: number[];
  values: number[];
  timestamps: number[];
}

/** Everything one run delivered to the in-memory backend. */
export interface RecordedRun {
  info: RunInfo;
  events: RunEvent[];
  series: Map<string, RecordedSeries>;
  batches: number;
  checkpoints: RunCheckpoint[];
  outcome: RunOutcome | undefined;
}

export interface InMemoryBackend extends BackendPlugin {
  /** Runs by run name, in the order they were opened. */
  readonly runs: Map<string, RecordedRun>;
  /** The recorded series of a run by `context/name/source`. */
  seriesOf(runName: string, name: string, context: string, source?: string): RecordedSeries | undefined;
}

export function seriesKey(key: MetricSeriesKey): string {
  return `${key.context}\u0000${key.name}\u0000${key.source}`;
}

/**
 * A backend that keeps everything in memory: for tests of code that logs through prov4ml, and
 * the reference the conformance suite is checked against.
 */
export function inMemoryBackend(options: { name?: string } = {}): InMemoryBackend {
  const runs = new Map<string, RecordedRun>();
  return {
    kind: "backend",
    name: options.name ?? "@prov4ml/testing/in-memory",
    specVersion: 1,
    capabilities: { metrics: true, artifacts: false, documents: true },
    runs,
    seriesOf(runName, name, context, source = "prov4ml") {
      return runs.get(runName)?.series.get(seriesKey({ name, context, source }));
    },
    async openRun(info): Promise<BackendSession> {
      const recorded: RecordedRun = {
        info,
        events: [],
        series: new Map(),
        batches: 0,
        checkpoints: [],
        outcome: undefined,
      };
      runs.set(info.runName, recorded);
      return {
        write(batch) {
          recorded.batches++;
          recorded.events.push(...batch.events);
          for (const chunk of batch.metrics) {
            const key = seriesKey(chunk);
            let series = recorded.series.get(key);
            if (!series) {
              series = {
                name: chunk.name,
                context: chunk.context,
                source: chunk.source,
                steps: [],
                values: [],
                timestamps: [],
              };
              recorded.series.set(key, series);
            }
            if (chunk.offset !== series.values.length) {
              throw new Error(
                `chunk offset ${chunk.offset} does not follow ${series.values.length} points already received`,
              );
            }
            for (let i = 0; i < chunk.length; i++) {
              series.steps.push(chunk.steps[i]!);
              series.values.push(chunk.values[i]!);
              series.timestamps.push(chunk.timestamps[i]!);
            }
          }
        },
        async forceFlush() {},
        async checkpoint(checkpoint) {
          recorded.checkpoints.push(checkpoint);
        },
        async close(outcome) {
          recorded.outcome = outcome;
          return { info: { inMemoryBatches: recorded.batches } };
        },
      };
    },
  };
}
