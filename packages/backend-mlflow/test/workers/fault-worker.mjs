// A run in its own process for the fault tests, through the built backend (dist/):
//   fault-worker.mjs <uri> <runDir> <experiment> <points> kill  — logs, prints "written", then waits to be killed
//   fault-worker.mjs <uri> <runDir> <experiment> <points> close — logs, ends the run (endRun wait from
//     PROV4ML_TEST_END_TIMEOUT_MS), prints the close result as JSON and exits on its own
import { mlflowBackend } from "../../dist/index.mjs";
import { lossChunk, workerRun } from "./worker-run.mjs";

const [uri, runDir, experimentName, points, mode] = process.argv.slice(2);
const { run, messages } = workerRun({ runDir, experimentName, runId: process.env.PROV4ML_TEST_RUN_ID });
const session = await mlflowBackend({ trackingUri: uri, probeIntervalMs: 200 }).openRun(run);
const total = Number(points);
const size = 1000;
for (let offset = 0; offset < total; offset += size) {
  const events =
    offset === 0
      ? [{ type: "param", key: "lr", value: "0.1", rawValue: 0.1, context: undefined, timestamp: 0 }]
      : [];
  await session.write({ events, metrics: [lossChunk(offset, size)] });
}
if (mode === "kill") {
  console.log("written");
  setInterval(() => {}, 60_000); // stays alive until the test kills it
} else {
  const result = await session.close({
    status: "FINISHED",
    endTime: Date.now(),
    timeoutMs: Number(process.env.PROV4ML_TEST_END_TIMEOUT_MS ?? 2000),
    files: [],
    document: undefined,
  });
  console.log(JSON.stringify({ info: result?.info, warnings: result?.warnings, messages }));
}
