/**
 * Part 5 — secrets. A training runs with a tracking token, a password in the tracking URI,
 * secrets in environment variables and on its command line, against a real MLflow server and
 * then against one that is away (so errors are logged and records spooled, and `prov4ml sync`
 * delivers them later). Every file written — run directories, spool, the server's database,
 * artifacts and log — and every line the processes printed is searched for every secret, raw,
 * URL-encoded and base64-encoded: none may appear. An environment variable whose name looks
 * harmless proves that the environment is captured through an allow-list, not a deny-list.
 *
 * Needs the reference Python venv (it starts its own MLflow server).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SPOOL_DIR_NAME } from "@prov4ml/backend-mlflow";
import { loadRun } from "@prov4ml/exporter-prov";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childEnv, spawnScript } from "./lib/child.ts";
import { prov4mlCli } from "./lib/cli.ts";
import { recordFigures } from "./lib/figures.ts";
import { type MlflowServer, runsOf, startDedicatedServer } from "./lib/mlflow-server.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { listFilesDeep } from "./lib/run-files.ts";

const secret = (label: string) => `${label}-${randomBytes(12).toString("hex")}`;
const SECRETS = {
  token: secret("tok"),
  uriPassword: secret("pw"),
  envApiKey: secret("envkey"),
  envDatabasePassword: secret("dbpw"),
  /** In a variable whose name a deny-list would not catch. */
  envHarmlessName: secret("canary"),
  argToken: secret("argtok"),
  argPassword: secret("argpw"),
  argUrlPassword: secret("argurl"),
};

/** Every form a secret could take when written: raw, URL-encoded, base64 (alone and as user:password). */
function needles(): { label: string; bytes: Buffer }[] {
  const out: { label: string; bytes: Buffer }[] = [];
  for (const [label, value] of Object.entries(SECRETS)) {
    out.push({ label, bytes: Buffer.from(value) });
    out.push({
      label: `${label} (base64)`,
      bytes: Buffer.from(Buffer.from(value).toString("base64").replace(/=+$/, "")),
    });
  }
  out.push({
    label: "alice:uriPassword (base64)",
    bytes: Buffer.from(Buffer.from(`alice:${SECRETS.uriPassword}`).toString("base64").replace(/=+$/, "")),
  });
  return out;
}

/** Logged as a param: the search must find it in the run files and in the server's database. */
const MARKER = `marker-${randomBytes(8).toString("hex")}`;

function training(): string {
  return `
import * as prov4ml from ${importUrl(facadeDist())};
import { writeFileSync } from "node:fs";
import { join } from "node:path";
const [saveDir, experiment, endTimeoutMs] = process.argv.slice(2);
const run = await prov4ml.startRun({ experimentName: experiment, provenanceSaveDir: saveDir, flushIntervalMs: 50 });
prov4ml.logParams({ lr: 0.01, epochs: 3, marker: ${JSON.stringify(MARKER)} });
for (let step = 0; step < 300; step++) prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
const file = join(saveDir, "weights.bin");
writeFileSync(file, "weights");
await prov4ml.logArtifact(file);
prov4ml.logDataset("train", [1, 2, 3]);
const result = await prov4ml.endRun({ createGraph: true, createSvg: true, timeoutMs: Number(endTimeoutMs) });
console.log("RESULT " + JSON.stringify({ runDir: result.runDir, warnings: result.warnings, backendInfo: result.backendInfo }));
`;
}

function argv(): string[] {
  return [
    `--api-token=${SECRETS.argToken}`,
    "--password",
    SECRETS.argPassword,
    `https://bob:${SECRETS.argUrlPassword}@example.org/data`,
  ];
}

function secretEnv(uri: string): NodeJS.ProcessEnv {
  const url = new URL(uri);
  url.username = "alice";
  url.password = SECRETS.uriPassword;
  return childEnv({
    MLFLOW_TRACKING_URI: url.toString(),
    MLFLOW_TRACKING_TOKEN: SECRETS.token,
    MY_SERVICE_API_KEY: SECRETS.envApiKey,
    DATABASE_PASSWORD: SECRETS.envDatabasePassword,
    FAULT_SUITE_SETTING: SECRETS.envHarmlessName,
    PROV4ML_DEBUG: "1",
  });
}

describe.runIf(hasReferencePython())("secrets never reach a file or a log line", () => {
  let server: MlflowServer;
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-fault-secrets-"));
  // made while collecting, before the per-file temp directory exists: removed here
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const streams: { name: string; text: string }[] = [];
  const runDirs: string[] = [];

  beforeAll(async () => {
    server = await startDedicatedServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a run against a live server (token, URI password, env and argv secrets)", async () => {
    const child = spawnScript(training(), {
      args: [join(dir, "live"), "secrets_live", "30000", ...argv()],
      env: secretEnv(server.uri),
    });
    const result = JSON.parse((await child.waitFor(/RESULT (.+)\n/))[1]!) as {
      runDir: string;
      warnings: string[];
      backendInfo: Record<string, unknown>;
    };
    expect((await child.exit).code, child.stderr()).toBe(0);
    streams.push(
      { name: "live training stdout", text: child.stdout() },
      { name: "live training stderr", text: child.stderr() },
    );
    expect(result.warnings).toEqual([]);
    runDirs.push(result.runDir);
    // The run reached the server, and the document records a redacted tracking URI.
    const runs = await runsOf(server.uri, "secrets_live");
    expect(runs).toHaveLength(1);
    const view = await loadRun(result.runDir);
    expect(view.attributes["prov4ml:mlflow_tracking_uri"]).toBe(server.uri);
  });

  it("a run while the server is away, then `prov4ml sync` with the same secrets", async () => {
    // A port nothing listens on: every request fails, the records are spooled.
    const away = `http://127.0.0.1:${server.port + 1}`;
    const child = spawnScript(training(), {
      args: [join(dir, "away"), "secrets_away", "1500", ...argv()],
      env: secretEnv(away),
    });
    const result = JSON.parse((await child.waitFor(/RESULT (.+)\n/, 90_000))[1]!) as {
      runDir: string;
      warnings: string[];
    };
    await child.exit;
    streams.push(
      { name: "offline training stdout", text: child.stdout() },
      { name: "offline training stderr", text: child.stderr() },
    );
    // The user is told where the records wait and how to deliver them.
    expect(child.stderr()).toContain("prov4ml sync");
    expect(existsSync(join(result.runDir, SPOOL_DIR_NAME))).toBe(true);
    runDirs.push(result.runDir);

    const sync = prov4mlCli(["sync", result.runDir, "--tracking-uri", server.uri], secretEnv(server.uri));
    streams.push({ name: "prov4ml sync output", text: sync.stdout + sync.stderr });
    expect(sync.status, sync.stderr).toBe(0);
    expect(await runsOf(server.uri, "secrets_away")).toHaveLength(1);
  });

  it("no secret in any file written or any line printed; the environment is allow-listed", () => {
    const files = [...listFilesDeep(dir), ...listFilesDeep(server.workDir)];
    const found: string[] = [];
    const search = (name: string, bytes: Buffer) => {
      for (const needle of needles())
        if (bytes.includes(needle.bytes)) found.push(`${needle.label} in ${name}`);
    };
    for (const file of files) search(file, readFileSync(file));
    for (const stream of streams) search(stream.name, Buffer.from(stream.text));
    recordFigures("5 secrets", { filesChecked: files.length + streams.length, leaks: found.length });

    expect(runDirs).toHaveLength(2);
    expect(files.length).toBeGreaterThan(10);
    // A positive control: the search reaches the run files and the server's database.
    const marker = Buffer.from(MARKER);
    const withMarker = files.filter((file) => readFileSync(file).includes(marker));
    expect(withMarker.some((file) => file.startsWith(server.workDir))).toBe(true);
    expect(withMarker.some((file) => file.startsWith(dir))).toBe(true);
    expect(found).toEqual([]);
  });
});
