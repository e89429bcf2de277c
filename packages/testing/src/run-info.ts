import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunInfo, runNameOf, silentLogger } from "@prov4ml/core";

/** A RunInfo for driving a backend session directly, with a fresh temporary run directory. */
export function makeRunInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  const experimentName = overrides.experimentName ?? "conformance";
  const runNumber = overrides.runNumber ?? 0;
  const rank = overrides.rank ?? 0;
  const runDir =
    overrides.runDir ?? join(mkdtempSync(join(tmpdir(), "prov4ml-")), `${experimentName}_${runNumber}`);
  mkdirSync(runDir, { recursive: true });
  return {
    runId: randomUUID().replaceAll("-", ""),
    runName: runNameOf(experimentName, rank, runNumber),
    runNumber,
    experimentName,
    rank,
    worldSize: 1,
    runDir,
    startTime: Date.now(),
    userNamespace: "http://example.org/",
    user: "tester",
    description: undefined,
    tags: {},
    logger: silentLogger,
    ...overrides,
  };
}
