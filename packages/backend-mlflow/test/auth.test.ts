/**
 * Integration test: needs a real MLflow server. mlflow 3.17.2's `--app-name basic-auth` needs the
 * `mlflow[auth]` extra (Flask-WTF), which the pinned venv lacks, so a small reverse proxy in front
 * of the real server demands a Bearer token, as an authenticating gateway would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MlflowAuthError,
  MlflowClient,
  type MlflowSession,
  mlflowBackend,
  syncRunDirectory,
} from "../src/index.ts";
import {
  chunk,
  countPoints,
  makeRun,
  outcome,
  recordingLogger,
  sharedServerUri,
  tempDir,
} from "./helpers.ts";

const TOKEN = "s3cr3t-t0ken-value";

function bearerProxy(target: string): Promise<Server> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" });
      res.end("Unauthorized");
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe.runIf(hasReferencePython())("a server that wants a token", () => {
  let proxy: Server;
  let uri: string;
  beforeAll(async () => {
    proxy = await bearerProxy(sharedServerUri());
    uri = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it("401 without or with a wrong token: a clear error that never shows the token", async () => {
    const noToken = await new MlflowClient({ trackingUri: uri })
      .getOrCreateExperiment("auth")
      .catch((e) => e);
    expect(noToken).toBeInstanceOf(MlflowAuthError);
    expect(noToken.status).toBe(401);
    expect(noToken.message).toMatch(/requires authentication\. Set MLFLOW_TRACKING_TOKEN/);
    const wrong = await new MlflowClient({ trackingUri: uri, token: "wrong-token-123" })
      .getOrCreateExperiment("auth")
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(MlflowAuthError);
    expect(wrong.message).toContain("rejected the credentials sent");
    expect(wrong.message).not.toContain("wrong-token-123");
    const right = await new MlflowClient({ trackingUri: uri, token: TOKEN }).getOrCreateExperiment("auth");
    expect(right).toMatch(/^\d+$/);
  });

  it("a run with a bad token spools, says so without the secret, and syncs once the token is right", async () => {
    const logger = recordingLogger();
    const runDir = tempDir();
    const run = makeRun({ runDir, logger });
    const session = (await mlflowBackend({ trackingUri: uri, token: "not-the-token" }).openRun(
      run,
    )) as MlflowSession;
    await session.write({ events: [], metrics: [chunk("loss", "training", 0, 300)] });
    const result = await session.close(outcome("FINISHED", [], 5000));
    expect(Number(result?.info?.mlflow_spooled_bytes)).toBeGreaterThan(0);
    const text = logger.messages.join("\n");
    expect(text).toContain("MLFLOW_TRACKING_TOKEN");
    expect(text).not.toContain("not-the-token");
    const spoolDir = join(runDir, "mlflow_spool");
    for (const name of readdirSync(spoolDir)) {
      if (name.endsWith(".json") || name.endsWith(".jsonl"))
        expect(readFileSync(join(spoolDir, name), "utf8")).not.toContain("not-the-token");
    }
    const report = await syncRunDirectory(runDir, { token: TOKEN, trackingUri: uri });
    expect(report.deliveredPoints).toBe(300);
    expect(await countPoints(sharedServerUri(), report.mlflowRunId!, ["training/loss"])).toEqual({
      "training/loss": 300,
    });
  });
});
