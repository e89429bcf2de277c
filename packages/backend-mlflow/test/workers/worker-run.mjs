// What the worker processes share: the RunInfo of one rank and the metric chunks they log.
import { randomUUID } from "node:crypto";
import { runNameOf } from "@prov4ml/core";

/** A RunInfo for one rank whose warnings and errors are collected in `messages`. */
export function workerRun({ runDir, experimentName, rank = 0, worldSize = 1, runId = randomUUID() }) {
  const messages = [];
  const logger = { debug() {}, info() {}, warn: (m) => messages.push(m), error: (m) => messages.push(m) };
  const run = {
    runId,
    runName: runNameOf(experimentName, rank, 0),
    runNumber: 0,
    experimentName,
    rank,
    worldSize,
    runDir,
    startTime: Date.now(),
    userNamespace: "http://example.org/",
    user: "tester",
    description: undefined,
    tags: {},
    logger,
  };
  return { run, messages };
}

/** `training/loss` points [offset, offset + size) with value `valueBase + step`. */
export function lossChunk(offset, size, valueBase = 0) {
  const steps = new Float64Array(size);
  const values = new Float64Array(size);
  const timestamps = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    steps[i] = offset + i;
    values[i] = valueBase + offset + i;
    timestamps[i] = 1_700_000_000_000 + offset + i;
  }
  return {
    name: "loss",
    context: "training",
    source: "prov4ml",
    offset,
    length: size,
    steps,
    values,
    timestamps,
  };
}
