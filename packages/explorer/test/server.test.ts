/**
 * Integration test: the explorer's HTTP server on 127.0.0.1 over a provenance directory with two
 * runs made by the prov4ml facade, a yProv4ML fixture and a truncated document. Needs the page
 * built (`pnpm --filter @prov4ml/explorer build`) for the asset checks.
 */
import { appendFileSync, cpSync, symlinkSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MetricSeriesData, RunDetail, RunSummary } from "../src/api-types.ts";
import { type ExplorerServer, startExplorer } from "../src/server.ts";
import { HOSTILE, LONG_SERIES, makeTestRuns, type TestRuns } from "./make-runs.ts";

let runs: TestRuns;
let server: ExplorerServer;

beforeAll(async () => {
  runs = await makeTestRuns();
  symlinkSync(runs.secretFile, join(runs.dir, "link-out.txt"));
  server = await startExplorer({ dirs: [runs.dir] });
});

afterAll(async () => {
  await server?.close();
});

/** A raw GET: the path goes on the wire exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port, hostname } = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => done({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

async function getJson<T>(path: string): Promise<T> {
  const response = await rawGet(path);
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as T;
}

async function listRuns(): Promise<RunSummary[]> {
  return (await getJson<{ runs: RunSummary[] }>("/api/runs")).runs;
}

describe("the explorer server", () => {
  it("binds 127.0.0.1 and needs no token there", () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    expect(server.token).toBeUndefined();
  });

  it("lists every run: facade runs with params, last metrics and status, the yProv4ML run, and the truncated one as an error", async () => {
    const list = await listRuns();
    const mnist = list.find((run) => run.experiment === "mnist")!;
    expect(mnist.status).toBe("FINISHED");
    expect(mnist.params).toMatchObject({ learning_rate: 0.01, optimizer: "adam", note: HOSTILE });
    expect(mnist.lastMetrics["loss (training)"]).toBeCloseTo(1 / 30 + 0.01);
    expect(mnist.durationMs).toBeGreaterThanOrEqual(0);
    const yprov = list.find((run) => run.path === "yprov/provgraph_5epochs_short.json")!;
    expect(yprov.error).toBeUndefined();
    expect(Object.keys(yprov.lastMetrics).length).toBeGreaterThan(0);
    const truncated = list.find((run) => run.path === "yprov/truncated.json")!;
    expect(truncated.error).toMatch(/truncated/);
  });

  it("sends one run with its series downsampled, its artifacts with SHA-256, and a download that works", async () => {
    const id = (await listRuns()).find((run) => run.experiment === "mnist")!.id;
    const detail = await getJson<RunDetail>(`/api/runs/${id}`);
    const loss = detail.metrics.find((metric) => metric.name === "loss")!;
    expect(loss.count).toBe(30);
    expect(loss.x).toHaveLength(30);
    const artifact = detail.artifacts.find((file) => file.name.includes("weights"))!;
    expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
    const download = await rawGet(artifact.download!);
    expect(download.status).toBe(200);
    expect(download.body).toBe("fake weights");
    const graph = await rawGet(detail.graph!);
    expect(graph.status).toBe(200);
    expect(graph.body).toContain("<svg");
  });

  it("re-downsamples a series in the window a zoomed chart asks for, on steps or on time", async () => {
    const id = (await listRuns()).find((run) => run.experiment === "machine")!.id;
    const detail = await getJson<RunDetail>(`/api/runs/${id}`);
    const signal = detail.metrics.find((metric) => metric.name === "signal")!;
    expect(signal).toMatchObject({ count: LONG_SERIES, shown: LONG_SERIES, panel: "metrics" });
    expect(signal.x).toHaveLength(2000);
    const zoomed = await getJson<MetricSeriesData>(
      `/api/runs/${id}/series/${signal.key}?axis=step&from=3000&to=3999`,
    );
    expect(zoomed).toMatchObject({ count: LONG_SERIES, shown: 1000 });
    expect(zoomed.x).toEqual(Array.from({ length: 1000 }, (_, index) => 3000 + index)); // every point, none merged
    expect(zoomed.min).toEqual(zoomed.max);
    const [t0, t1] = [signal.t[0]!, signal.t.at(-1)!];
    const byTime = await getJson<MetricSeriesData>(
      `/api/runs/${id}/series/${signal.key}?axis=time&from=${t0}&to=${t1}`,
    );
    expect(byTime.shown).toBeGreaterThan(LONG_SERIES - 10);
    expect((await rawGet(`/api/runs/${id}/series/${signal.key}?axis=depth`)).status).toBe(400);
    expect((await rawGet(`/api/runs/${id}/series/9999`)).status).toBe(404);
  });

  it("zooms from memory while the series' file is unchanged, and reads it again once it grows", async () => {
    const copy = join(runs.dir, "machine_copy_0");
    cpSync(runs.machineDir, copy, { recursive: true });
    const id = (await listRuns()).find((run) => run.path === "machine_copy_0")!.id;
    const detail = await getJson<RunDetail>(`/api/runs/${id}`);
    const key = detail.metrics.find((metric) => metric.name === "signal")!.key;
    const zoom = () =>
      getJson<MetricSeriesData>(`/api/runs/${id}/series/${key}?axis=step&from=9990&to=20000`);
    expect((await zoom()).shown).toBe(10);
    expect((await zoom()).shown).toBe(10);
    appendFileSync(
      join(copy, "metrics_GR0", "signal_training_prov4ml_GR0.csv"),
      "10000,2,1796167566151\n10001,2,1796167566152\n",
    );
    expect((await zoom()).shown).toBe(12);
  });

  it("puts system and carbon series in their panels, with how they were measured", async () => {
    const id = (await listRuns()).find((run) => run.experiment === "machine")!.id;
    const detail = await getJson<RunDetail>(`/api/runs/${id}`);
    const panel = (name: string) => detail.metrics.find((metric) => metric.name === name)?.panel;
    expect([panel("memory_usage"), panel("cpu_usage"), panel("energy_consumed"), panel("emissions")]).toEqual(
      ["system", "system", "carbon", "carbon"],
    );
    const carbon = Object.fromEntries(detail.carbonFacts!);
    expect(carbon["intensity source"]).toMatch(/Our World in Data/);
    expect(carbon.country).toBe("France");
    expect(carbon["CPU method"]).toBeTruthy();
    expect(Object.fromEntries(detail.systemFacts!)["memory basis"]).toBeTruthy();
  });

  it("keeps working after a corrupt document: its run answers with the error", async () => {
    const truncated = (await listRuns()).find((run) => run.path === "yprov/truncated.json")!;
    const detail = await getJson<RunDetail>(`/api/runs/${truncated.id}`);
    expect(detail.summary.error).toMatch(/truncated/);
    expect((await rawGet("/api/runs")).status).toBe(200);
  });

  it.each([
    "/files/0/../secret.txt",
    "/files/0/%2e%2e/secret.txt",
    "/files/0/%2E%2E%2Fsecret.txt",
    "/files/0/..%2f..%2fetc%2fpasswd",
    "/files/0/link-out.txt",
    "/files/1/anything",
    "/files/0/%2Fetc%2Fpasswd",
    "/../../etc/passwd",
    "/assets/../package.json",
    "/api/runs/0000000000000000",
  ])("answers 404 to %s", async (path) => {
    const response = await rawGet(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("top secret");
  });

  it("sends a strict Content-Security-Policy with the page", async () => {
    const page = await rawGet("/");
    expect(page.status).toBe(200);
    const policy = String(page.headers["content-security-policy"]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(page.body).not.toMatch(/<script>[^<]/);
  });
});

describe("a server beyond loopback", () => {
  it("asks for its token", async () => {
    const open = await startExplorer({ dirs: [runs.dir], host: "0.0.0.0" });
    try {
      expect(open.token).toMatch(/^[\w-]{20,}$/);
      const { port } = new URL(open.url);
      const withoutToken = await fetch(`http://127.0.0.1:${port}/api/runs`);
      expect(withoutToken.status).toBe(401);
      const withToken = await fetch(`http://127.0.0.1:${port}/api/runs?token=${open.token}`);
      expect(withToken.status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
