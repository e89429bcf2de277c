/**
 * Per-run() overhead of trackSession: the fixture model, batch 1, N calls through the raw
 * session and N through the tracked one, interleaved 3 times; overhead = difference of the
 * medians / N (target: ≤ 20 µs per run).
 *
 *   pnpm --filter @prov4ml/onnxruntime bench        (runs against dist/: build first)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { fsBackend } from "@prov4ml/backend-fs";
import { createProv4ml } from "@prov4ml/core";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { trackSession } from "../dist/index.mjs";

const MODEL = fileURLToPath(new URL("../fixtures/tiny_mlp.onnx", import.meta.url));
const N = Number(process.env.BENCH_CALLS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "prov4ml-onnx-bench-"));
const run = await createProv4ml({ plugins: [fsBackend()] }).startRun({
  experimentName: "bench",
  provenanceSaveDir: dir,
});
const session = await InferenceSession.create(MODEL);
const tracked = await trackSession(session, { modelPath: MODEL, run });
const input = new Tensor("float32", new Float32Array([0.1, 0.2]), [1, 2]);

async function loop(target) {
  const started = performance.now();
  for (let i = 0; i < N; i++) await target.run({ input });
  return performance.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
await loop(session);
await loop(tracked);
const raw = [];
const withTracking = [];
for (let round = 0; round < ROUNDS; round++) {
  raw.push(await loop(session));
  withTracking.push(await loop(tracked));
}
const perRawUs = (median(raw) / N) * 1000;
const perTrackedUs = (median(withTracking) / N) * 1000;
console.log(`onnxruntime-node run(), batch 1, ${N} calls × ${ROUNDS} interleaved rounds (medians):`);
console.log(`  raw ${perRawUs.toFixed(2)} µs/run, tracked ${perTrackedUs.toFixed(2)} µs/run`);
console.log(
  `  ratio ${(perTrackedUs / perRawUs).toFixed(3)}; overhead ${(perTrackedUs - perRawUs).toFixed(2)} µs/run (target ≤ 20 µs)`,
);
await tracked.finish();
await run.endRun();
rmSync(dir, { recursive: true, force: true });
