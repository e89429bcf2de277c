// One rank of a distributed run, as its own process: logs `points` metric points in chunks of
// 1000 through the built backend (dist/) and prints the close result as JSON.
import { mlflowBackend } from "../../dist/index.mjs";
import { lossChunk, workerRun } from "./worker-run.mjs";

const [uri, runDir, experimentName, points] = process.argv.slice(2);
const rank = Number(process.env.RANK);
const worldSize = Number(process.env.WORLD_SIZE);
const { run, messages } = workerRun({ runDir, experimentName, rank, worldSize });
const session = await mlflowBackend({ trackingUri: uri }).openRun(run);
const total = Number(points);
const size = 1000;
for (let offset = 0; offset < total; offset += size) {
  await session.write({ events: [], metrics: [lossChunk(offset, size, rank * 1e6)] });
}
const result = await session.close({
  status: "FINISHED",
  endTime: Date.now(),
  timeoutMs: 120_000,
  files: [],
  document: undefined,
});
console.log(JSON.stringify({ rank, info: result?.info, messages }));
