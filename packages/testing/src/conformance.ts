import type { BackendPlugin, RunInfo } from "@prov4ml/core";
import { describe } from "vitest";
import { type ConformanceSuite, conformanceCases, finishSession } from "./conformance-cases.ts";
import { makeRunInfo } from "./run-info.ts";

/** What a backend under test stored, read back through its own storage (files, server). */
export interface StoredRun {
  /** Values by series, keyed `context/name/source`, in the order they were stored. */
  metrics: Map<string, { steps: number[]; values: number[] }>;
  params: Record<string, string>;
}

export interface BackendConformanceOptions {
  /** Creates a fresh backend plugin. */
  create: () => BackendPlugin | Promise<BackendPlugin>;
  /** Reads back what a finished run stored. Without it, only the lifecycle is checked. */
  readBack?: (plugin: BackendPlugin, info: RunInfo) => Promise<StoredRun>;
  /** Builds the RunInfo for a test run (to point at a server or directory); default `makeRunInfo`. */
  runInfo?: (overrides: Partial<RunInfo>) => RunInfo;
  /** Per-test timeout (ms) for slow backends; default 30000. */
  timeoutMs?: number;
}

/**
 * The promises every backend keeps, as a vitest suite a backend runs in its own tests:
 * lifecycle, order, copies of reused chunks, non-finite values, runs kept apart.
 */
export function describeBackendConformance(label: string, options: BackendConformanceOptions): void {
  const timeout = options.timeoutMs ?? 30_000;
  const suite: ConformanceSuite = {
    options,
    runInfo: options.runInfo ?? makeRunInfo,
    timeout,
    finish: (info, session) => finishSession(info, session, timeout),
  };
  describe(`backend conformance: ${label}`, () => conformanceCases(suite));
}
