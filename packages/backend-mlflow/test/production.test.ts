/**
 * Integration test: needs MLflow at production shape — PostgreSQL as the backend store and an S3
 * object store (moto), in both artifact modes — started by the root `npm test`
 * (scripts/lib/production-mlflow.mjs → PROV4ML_TEST_MLFLOW_PRODUCTION); skipped without it. Run it
 * alone with `node scripts/lib/production-mlflow.mjs` and that JSON in the variable.
 * What it proves beyond the SQLite suite: a whole run lands on PostgreSQL in both modes (artifacts
 * through the proxy, and straight to S3 by the client), large files go in parts (MLflow's proxied
 * multipart upload, S3 multipart) and read back byte-identical with mlflow's Python client, a store
 * refusing writes costs nothing (spooled, delivered by sync), wrong S3 keys fail clearly without
 * the secret, and PostgreSQL stopped for 10 s mid-run loses and duplicates nothing. That last test
 * stops the cluster both servers share: it runs last in this file, the only file using them.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArtifactEvent } from "@prov4ml/core";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// @ts-expect-error plain ESM helper without type declarations
import { postgresControl } from "../../../scripts/lib/postgres-server.mjs";
import {
  MlflowClient,
  MlflowS3CredentialsError,
  type MlflowSession,
  mlflowBackend,
  syncRunDirectory,
  type UploadProgress,
} from "../src/index.ts";
import { startFaultProxy } from "./fault-proxy.ts";
import { chunk, countPoints, makeRun, outcome, python, recordingLogger, tempDir } from "./helpers.ts";

interface Mode {
  uri: string;
  s3: Record<string, string>;
}
interface Production {
  proxied: Mode;
  direct: Mode;
  authenticatedS3: Record<string, string>;
  postgres: { dir: string; port: number };
}

const described = inject("mlflowProduction");
const production = described ? (JSON.parse(described) as Production) : undefined;
const PART = 5 * 1024 * 1024; // S3's smallest part: three parts for the 12 MiB file below

/**
 * Resolves once the server answers `consecutive` database reads in a row for the run: after a
 * PostgreSQL restart the server's connection pool still holds dead connections, each of which
 * fails one request before it is replaced.
 */
async function databaseAnswers(uri: string, runId: string, consecutive = 5): Promise<void> {
  const deadline = Date.now() + 240_000; // a hang's limit, not a speed promise
  let inARow = 0;
  while (inARow < consecutive) {
    if (Date.now() > deadline) throw new Error(`${uri} did not answer ${consecutive} reads in a row`);
    const answer = await fetch(`${uri}/api/2.0/mlflow/runs/get?run_id=${runId}`).catch(() => undefined);
    await answer?.text();
    inARow = answer?.ok ? inARow + 1 : 0;
    if (!answer?.ok) await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A file of `bytes` pseudo-random bytes (not compressible, not all zeros) and its SHA-256. */
function makeFile(dir: string, name: string, bytes: number): { path: string; sha256: string } {
  const words = new Uint32Array(Math.ceil(bytes / 4));
  let x = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    words[i] = x;
  }
  const data = Buffer.from(words.buffer, 0, bytes);
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, sha256: createHash("sha256").update(data).digest("hex") };
}

function artifactEvent(name: string, file: string): ArtifactEvent {
  return {
    type: "artifact",
    name,
    sourcePath: file,
    storedPath: file,
    isDirectory: false,
    size: readFileSync(file).length,
    sha256: "",
    context: "training",
    isInput: false,
    timestamp: Date.now(),
  };
}

/** SHA-256 of a run artifact as mlflow's Python client downloads it (from the proxy or from S3). */
function pythonArtifactSha(mode: Mode, runId: string, path: string): string {
  return python<string>(
    `
import hashlib, json, sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
local = mlflow.artifacts.download_artifacts(run_id=sys.argv[2], artifact_path=sys.argv[3])
print(json.dumps(hashlib.sha256(open(local, "rb").read()).hexdigest()))
`,
    [mode.uri, runId, path],
    mode.s3,
  );
}

describe.runIf(production && hasReferencePython())("MLflow on PostgreSQL + S3", () => {
  const saved = { ...process.env };
  beforeAll(() => Object.assign(process.env, production!.proxied.s3)); // both modes share one store
  afterAll(() => {
    process.env = saved;
  });

  for (const modeName of ["proxied", "direct"] as const) {
    const mode = () => production![modeName];

    it(`${modeName}: a run's metrics and artifacts land exactly, read back by mlflow's Python client`, async () => {
      const runDir = tempDir();
      const file = makeFile(runDir, "notes.bin", 4096);
      const run = makeRun({ runDir });
      const session = (await mlflowBackend({ trackingUri: mode().uri }).openRun(run)) as MlflowSession;
      for (let offset = 0; offset < 3000; offset += 1000)
        await session.write({ events: [], metrics: [chunk("loss", "training", offset, 1000)] });
      await session.write({ events: [artifactEvent("notes.bin", file.path)], metrics: [] });
      const result = await session.close(outcome("FINISHED"));
      const runId = String(result?.info?.mlflow_run_id);
      expect(result?.info?.mlflow_spooled_bytes).toBe(0);
      expect(await countPoints(mode().uri, runId, ["training/loss"])).toEqual({ "training/loss": 3000 });
      expect(pythonArtifactSha(mode(), runId, "notes.bin")).toBe(file.sha256);
    });

    it(`${modeName}: a file larger than one part goes in parts and arrives byte-identical`, async () => {
      const dir = tempDir();
      const file = makeFile(dir, "model.bin", 12 * 1024 * 1024 + 123);
      const progress: UploadProgress[] = [];
      const client = new MlflowClient({
        trackingUri: mode().uri,
        artifactPartBytes: PART,
        onUploadProgress: (p) => progress.push(p),
      });
      const experimentId = await client.getOrCreateExperiment(`production-parts-${Date.now()}`);
      const run = await client.createRun({ experimentId });
      await client.uploadArtifact(run, "models/model.bin", { filePath: file.path });
      // one progress report per part: the file went as a multipart upload, not one PUT
      expect(progress).toHaveLength(3);
      expect(progress.at(-1)).toEqual({
        path: "models/model.bin",
        sentBytes: 12 * 1024 * 1024 + 123,
        totalBytes: 12 * 1024 * 1024 + 123,
      });
      expect(pythonArtifactSha(mode(), run.run_id, "models/model.bin")).toBe(file.sha256);
    });
  }

  it("direct: an object store refusing writes costs nothing — spooled, the run finishes, sync delivers", async () => {
    const store = production!.direct.s3.AWS_ENDPOINT_URL!;
    const refusing = await startFaultProxy(store, (_path, _index, method) =>
      method === "PUT" ? "unavailable" : "pass",
    );
    const savedEndpoint = { ...process.env };
    Object.assign(process.env, { AWS_ENDPOINT_URL: refusing.uri, MLFLOW_S3_ENDPOINT_URL: refusing.uri });
    try {
      const runDir = tempDir();
      const file = makeFile(runDir, "weights.bin", 2048);
      const run = makeRun({ runDir, logger: recordingLogger() }) as ReturnType<typeof makeRun> & {
        logger: { messages: string[] };
      };
      const backend = mlflowBackend({
        trackingUri: production!.direct.uri,
        retry: { maxRetries: 1, baseDelayMs: 20 },
        drainTimeoutMs: 5000,
      });
      const session = (await backend.openRun(run)) as MlflowSession;
      await session.write({
        events: [artifactEvent("weights.bin", file.path)],
        metrics: [chunk("acc", "training", 0, 100)],
      });
      const result = await session.close(outcome("FINISHED"));
      expect(Number(result?.info?.mlflow_spooled_bytes)).toBeGreaterThan(0);
      expect(refusing.counts.unavailable).toBeGreaterThan(0);
      expect(result?.info?.mlflow_run_id).toBeTruthy(); // the run itself is in MLflow; only the file waits
      expect(
        run.logger.messages.some((m) => m.includes("ServiceUnavailable") && m.includes("prov4ml sync")),
      ).toBe(true);
      refusing.setPlan(() => "pass");
      const synced = await syncRunDirectory(runDir, { trackingUri: production!.direct.uri });
      expect(synced.remainingBytes).toBe(0);
      const runId = synced.mlflowRunId!;
      process.env = { ...savedEndpoint };
      expect(await countPoints(production!.direct.uri, runId, ["training/acc"])).toEqual({
        "training/acc": 100,
      });
      expect(pythonArtifactSha(production!.direct, runId, "weights.bin")).toBe(file.sha256);
    } finally {
      process.env = { ...savedEndpoint };
      await refusing.close();
    }
  });

  it("direct: wrong S3 credentials fail with a clear error that does not contain the secret", async () => {
    const guarded = production!.authenticatedS3;
    const wrongSecret = `${guarded.AWS_SECRET_ACCESS_KEY}-wrong`;
    const savedKeys = { ...process.env };
    Object.assign(process.env, guarded, { AWS_SECRET_ACCESS_KEY: wrongSecret });
    try {
      const dir = tempDir();
      const file = makeFile(dir, "small.bin", 1024);
      const client = new MlflowClient({
        trackingUri: production!.direct.uri,
        retry: { maxRetries: 2, baseDelayMs: 20 },
      });
      const experimentId = await client.getOrCreateExperiment(`production-keys-${Date.now()}`);
      const run = await client.createRun({ experimentId });
      const failure = await client.uploadArtifact(run, "small.bin", { filePath: file.path }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(MlflowS3CredentialsError);
      const message = (failure as Error).message;
      expect(message).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId/);
      expect(message).toMatch(/AWS_SECRET_ACCESS_KEY/);
      expect(message).not.toContain(wrongSecret);
      expect(JSON.stringify(failure)).not.toContain(wrongSecret);
    } finally {
      process.env = savedKeys;
    }
  });

  it("proxied: PostgreSQL stopped 10 s mid-run — 0 points lost, 0 duplicated", async () => {
    const pg = postgresControl(production!.postgres) as { start: () => void; stop: () => void };
    const logger = recordingLogger();
    const runDir = tempDir();
    const run = makeRun({ runDir, logger });
    const session = (await mlflowBackend({
      trackingUri: production!.proxied.uri,
      probeIntervalMs: 300,
    }).openRun(run)) as MlflowSession;
    let written = 0;
    const write = async () => {
      await session.write({ events: [], metrics: [chunk("loss", "training", written, 200)] });
      written += 200;
    };
    for (let i = 0; i < 5; i++) await write();
    // The run is open and its first points are in PostgreSQL before the database goes away.
    await session.forceFlush();
    const runId = session.mlflowRun!.run_id;
    expect(await countPoints(production!.proxied.uri, runId, ["training/loss"])).toEqual({
      "training/loss": 1000,
    });
    pg.stop();
    try {
      // The fault lasts 10 s by definition; training goes on meanwhile.
      const downUntil = Date.now() + 10_000;
      while (Date.now() < downUntil) {
        await write();
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      pg.start();
    }
    for (let i = 0; i < 5; i++) await write();
    await databaseAnswers(production!.proxied.uri, runId);
    const result = await session.close(outcome("FINISHED", [], 200_000));
    if (Number(result?.info?.mlflow_spooled_bytes) > 0) {
      // The end came between two probes while the server still failed: what waits is on disk, the
      // warning says how to deliver it, and delivering it is the user's next step.
      expect(result?.warnings.join("\n")).toContain("prov4ml sync");
      expect((await syncRunDirectory(runDir, { trackingUri: production!.proxied.uri })).remainingBytes).toBe(
        0,
      );
    }
    // the outage was felt: log-batch failed (503/500 after retries) and the session spooled meanwhile
    expect(logger.messages.some((m) => m.startsWith("warn:") && m.includes("Spooling"))).toBe(true);
    const points = await countPoints(production!.proxied.uri, runId, ["training/loss"]);
    expect(points).toEqual({ "training/loss": written });
    const steps = python<{ count: number; distinct: number }>(
      `
import json, sys
from mlflow.tracking import MlflowClient
h = MlflowClient(sys.argv[1]).get_metric_history(sys.argv[2], "training/loss")
print(json.dumps({"count": len(h), "distinct": len({m.step for m in h})}))
`,
      [production!.proxied.uri, runId],
    );
    expect(steps).toEqual({ count: written, distinct: written });
  });
});
