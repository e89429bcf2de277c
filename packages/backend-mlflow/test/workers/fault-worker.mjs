// A run in its own process for the fault tests, through the built backend (dist/):
//   fault-worker.mjs <uri> <runDir> <experiment> <points> kill  — logs, prints "written", then waits to be killed
//   fault-worker.mjs <uri> <runDir> <experiment> <points> close — logs, ends the run (endRun wait from
//     PROV4ML_TEST_END_TIMEOUT_MS), prints the close result as JSON and exits on its own
import { randomUUID } from "node:crypto";
import { mlflowBackend } from "../../dist/index.mjs";

const [uri, runDir, experimentName, points, mode] = process.argv.slice(2);
const messages = [];
const logger = { debug() {}, info() {}, warn: (m) => messages.push(m), error: (m) => messages.push(m) };
const run = {
  runId: process.env.PROV4ML_TEST_RUN_ID ?? randomUUID(),
  runName: `${experimentName}_GR0_0`,
  runNumber: 0,
  experimentName,
  rank: 0,
  worldSize: 1,
  runDir,
  startTime: Date.now(),
  userNamespace: "http://example.org/",
  user: "tester",
  description: undefined,
  tags: {},
  logger,
};
const session = await mlflowBackend({ trackingUri: uri, probeIntervalMs: 200 }).openRun(run);
const total = Number(points);
const size = 1000;
for (let offset = 0; offset < total; offset += size) {
  const steps = new Float64Array(size);
  const values = new Float64Array(size);
  const timestamps = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    steps[i] = offset + i;
    values[i] = offset + i;
    timestamps[i] = 1_700_000_000_000 + offset + i;
  }
  const events =
    offset === 0
      ? [{ type: "param", key: "lr", value: "0.1", rawValue: 0.1, context: undefined, timestamp: 0 }]
      : [];
  const metric = {
    name: "loss",
    context: "training",
    source: "prov4ml",
    offset,
    length: size,
    steps,
    values,
    timestamps,
  };
  await session.write({ events, metrics: [metric] });
}
if (mode === "kill") {
  console.log("written");
  setInterval(() => {}, 60_000); // stays alive until the test kills it
} else {
  const closeStarted = Date.now();
  const result = await session.close({
    status: "FINISHED",
    endTime: Date.now(),
    timeoutMs: Number(process.env.PROV4ML_TEST_END_TIMEOUT_MS ?? 2000),
    files: [],
    document: undefined,
  });
  console.log(
    JSON.stringify({
      info: result?.info,
      warnings: result?.warnings,
      messages,
      closeMs: Date.now() - closeStarted,
    }),
  );
}
