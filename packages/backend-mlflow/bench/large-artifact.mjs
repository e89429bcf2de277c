// Benchmark (not a test): a 300 MB model file uploaded by the built client (dist/) into MLflow at
// production shape (scripts/lib/production-mlflow.mjs: PostgreSQL + moto S3), in both modes —
// proxied (MLflow's multipart upload, parts PUT to presigned URLs) and direct (S3 multipart) — and
// once as one streamed PUT into a plain SQLite server's local artifacts. Reports the RSS growth of
// this process during each upload (bound: 64 MB) and the time, and checks the size MLflow lists.
// Uses PROV4ML_TEST_MLFLOW_PRODUCTION when set, otherwise starts the stack (about a minute).
// Run: `pnpm --filter @prov4ml/backend-mlflow exec node bench/large-artifact.mjs` after a build.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMlflowServer } from "../../../scripts/lib/mlflow-server.mjs";
import { startProductionMlflow } from "../../../scripts/lib/production-mlflow.mjs";
import { MlflowClient } from "../dist/index.mjs";

const SIZE = Number(process.env.BENCH_ARTIFACT_BYTES ?? 300 * 1024 * 1024);
const RSS_BOUND = 64 * 1024 * 1024;
const repoRoot = resolve(fileURLToPath(import.meta.url), "../../../..");
const python = process.env.PROV4ML_PYTHON ?? join(repoRoot, ".venv", "bin", "python");

/** Sparse-ish: a random 1 MiB block every 8 MiB, holes between (cheap to make, not all zeros). */
function makeModelFile(path) {
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1024 * 1024);
  for (let offset = 0; offset < SIZE; offset += 8 * 1024 * 1024) {
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    writeSync(fd, block, 0, Math.min(block.length, SIZE - offset), offset);
  }
  writeSync(fd, Buffer.from([1]), 0, 1, SIZE - 1);
  closeSync(fd);
}

async function measure(label, uri, env, file) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const client = new MlflowClient({ trackingUri: uri });
    const experimentId = await client.getOrCreateExperiment(`bench-large-${Date.now()}`);
    const run = await client.createRun({ experimentId });
    globalThis.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    await client.uploadArtifact(run, "model/model.bin", { filePath: file });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const [listed] = await client.listArtifacts(run.run_id, "model");
    const growth = peak - baseline;
    console.log(
      `${label.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s  ${(SIZE / 1024 / 1024 / seconds).toFixed(0).padStart(4)} MB/s  RSS +${(growth / 1024 / 1024).toFixed(1)} MB ${growth <= RSS_BOUND ? "(≤ 64 MB)" : "(OVER 64 MB)"}  listed ${listed?.file_size} bytes ${Number(listed?.file_size) === SIZE ? "ok" : "WRONG"}`,
    );
    return growth <= RSS_BOUND && Number(listed?.file_size) === SIZE;
  } finally {
    process.env = saved;
  }
}

const workDir = mkdtempSync(join(tmpdir(), "prov4ml-large-artifact-"));
const file = join(workDir, "model.bin");
makeModelFile(file);
const given = process.env.PROV4ML_TEST_MLFLOW_PRODUCTION;
const started = given ? undefined : await startProductionMlflow({ python });
const production = given ? JSON.parse(given) : started.describe();
const plain = await startMlflowServer({ python, workDir: join(workDir, "sqlite") });
let ok = true;
try {
  console.log(`uploading a ${(SIZE / 1024 / 1024).toFixed(0)} MB file:`);
  const results = [
    await measure("SQLite + local, one PUT", plain.uri, {}, file),
    await measure("proxied, MLflow multipart", production.proxied.uri, production.proxied.s3, file),
    await measure("direct, S3 multipart", production.direct.uri, production.direct.s3, file),
  ];
  ok = results.every(Boolean);
} finally {
  await plain.stop();
  await started?.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
