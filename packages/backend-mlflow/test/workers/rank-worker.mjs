// One rank of a distributed run, as its own process: logs `points` metric points in chunks of
// 1000 through the built backend (dist/) and prints the close result as JSON.
import { randomUUID } from "node:crypto";
import { mlflowBackend } from "../../dist/index.mjs";

const [uri, runDir, experimentName, points] = process.argv.slice(2);
const rank = Number(process.env.RANK);
const worldSize = Number(process.env.WORLD_SIZE);
const messages = [];
const logger = { debug() {}, info() {}, warn: (m) => messages.push(m), error: (m) => messages.push(m) };
const run = {
  runId: randomUUID(),
  runName: `${experimentName}_GR${rank}_0`,
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
const session = await mlflowBackend({ trackingUri: uri }).openRun(run);
const total = Number(points);
const size = 1000;
const steps = new Float64Array(size);
const values = new Float64Array(size);
const timestamps = new Float64Array(size);
for (let offset = 0; offset < total; offset += size) {
  for (let i = 0; i < size; i++) {
    steps[i] = offset + i;
    values[i] = rank * 1e6 + offset + i;
    timestamps[i] = 1_700_000_000_000 + offset + i;
  }
  await session.write({
    events: [],
    metrics: [
      {
        name: "loss",
        context: "training",
        source: "prov4ml",
        offset,
        length: size,
        steps,
        values,
        timestamps,
      },
    ],
  });
}
const result = await session.close({
  status: "FINISHED",
  endTime: Date.now(),
  timeoutMs: 120_000,
  files: [],
  document: undefined,
});
console.log(JSON.stringify({ rank, info: result?.info, messages }));
