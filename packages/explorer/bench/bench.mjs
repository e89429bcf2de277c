// Explorer benchmarks (built package; run `pnpm --filter @prov4ml/explorer build` first).
// Each figure is printed beside a baseline measured in the same run: reading the same files
// with loadRun. Scenarios: cold start to a listed runs table for 1,000 run directories; one run
// with a 10^6-point series (server-side min/max downsampling to ≤ 2,000 buckets) and a zoom into
// 2,000 of its points; the interactive graph of provgraph_3DGAN.json in Chromium; the report's size.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fsBackend } from "@prov4ml/backend-fs";
import { Context, createProv4ml } from "@prov4ml/core";
import { loadRun, provJsonExporter } from "@prov4ml/exporter-prov";
import { testChromiumLaunchOptions } from "@prov4ml/vitest-config";
import { chromium } from "playwright-core";
import { renderReport, startExplorer } from "../dist/index.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 1000);
const POINTS = 1_000_000;
const base = mkdtempSync(join(tmpdir(), "explorer-bench-"));

async function makeRun(dir) {
  // core + the facade's run-directory plugins (the facade depends on this package)
  const run = await createProv4ml({ plugins: [fsBackend(), provJsonExporter()] }).startRun({
    provUserNamespace: "www.example.org",
    experimentName: "bench",
    provenanceSaveDir: dir,
  });
  run.logParam("learning_rate", 0.01);
  for (let step = 0; step < 100; step++) run.logMetric("loss", 1 / (step + 1), Context.TRAINING, { step });
  const result = await run.endRun({ createGraph: false, createSvg: false });
  return result.runDir;
}

/** `prov4ml ui` as a user runs it: the explorer alone in a process of its own; resolves with its URL and a close. */
async function explorerProcess(dir) {
  const entry = new URL("../dist/index.mjs", import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const { startExplorer } = await import(${JSON.stringify(entry)}); const server = await startExplorer({ dirs: [${JSON.stringify(dir)}] }); console.log(server.url);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [url] = await once(createInterface({ input: child.stdout }), "line");
  return {
    url,
    close: async () => {
      child.kill();
      await once(child, "exit");
    },
  };
}

async function time(fn) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function line(label, ms, baselineMs) {
  console.log(
    `${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms   baseline ${baselineMs.toFixed(0).padStart(7)} ms   ratio ${(ms / baselineMs).toFixed(2)}`,
  );
}

try {
  const source = await makeRun(join(base, "source"));
  const many = join(base, "many");
  for (let index = 0; index < RUNS; index++)
    cpSync(source, join(many, `bench_${index}`), { recursive: true });

  const baseline = await time(() =>
    Promise.all(Array.from({ length: RUNS }, (_, index) => loadRun(join(many, `bench_${index}`)))),
  );
  const cold = await time(async () => {
    const server = await startExplorer({ dirs: [many] });
    const runs = (await (await fetch(new URL("/api/runs", server.url))).json()).runs;
    await server.close();
    return runs.length;
  });
  if (cold.value !== RUNS) throw new Error(`listed ${cold.value} runs, expected ${RUNS}`);
  line(`cold start to the listed runs table (${RUNS} run dirs)`, cold.ms, baseline.ms);

  const big = join(base, "big");
  cpSync(source, big, { recursive: true });
  // Written 10^4 rows at a time, so the bench's own 10^6 strings do not sit in the heap the
  // server then works in (a user's server never made them).
  const csv = join(big, "metrics_GR0", "loss_training_prov4ml_GR0.csv");
  writeFileSync(csv, "step,value,timestamp\n");
  for (let first = 0; first < POINTS; first += 10_000) {
    let rows = "";
    for (let step = first; step < first + 10_000; step++)
      rows += `${step},${Math.sin(step / 1000) + (step === 424242 ? 9 : 0)},${1_700_000_000_000 + step}\n`;
    appendFileSync(csv, rows);
  }
  const loadBaseline = await time(async () => (await (await loadRun(big)).metrics[0].load()).values.length);
  const server = await startExplorer({ dirs: [big] });
  const [{ id }] = (await (await fetch(new URL("/api/runs", server.url))).json()).runs;
  const detail = await time(async () => (await fetch(new URL(`/api/runs/${id}`, server.url))).json());
  const series = detail.value.metrics.find((metric) => metric.name === "loss");
  const zoom = await time(async () =>
    (
      await fetch(new URL(`/api/runs/${id}/series/${series.key}?axis=step&from=424000&to=425999`, server.url))
    ).json(),
  );
  const zoomAgain = await time(async () =>
    (
      await fetch(new URL(`/api/runs/${id}/series/${series.key}?axis=step&from=500000&to=501999`, server.url))
    ).json(),
  );
  await server.close();
  line(`run page data, 10^6-point series -> ${series.x.length} buckets`, detail.ms, loadBaseline.ms);
  if (zoom.value.x.length !== 2000 || Math.max(...zoom.value.max) < 8)
    throw new Error(`the zoom lost points or the spike: ${zoom.value.x.length} points`);
  line("first zoom into 2,000 of the 10^6 points (reads the CSV)", zoom.ms, loadBaseline.ms);
  line("next zoom into 2,000 of them (from memory)", zoomAgain.ms, loadBaseline.ms);

  const gan = join(base, "gan");
  cpSync(
    join(import.meta.dirname, "..", "..", "exporter-prov", "test", "fixtures", "provgraph_3DGAN.json"),
    join(gan, "provgraph_3DGAN.json"),
  );
  const ganBaseline = await time(() => loadRun(join(gan, "provgraph_3DGAN.json")));
  const ganServer = await startExplorer({ dirs: [gan] });
  const browser = await chromium.launch(testChromiumLaunchOptions());
  try {
    // The figure: a fresh server (nothing cached) in its own process, as `prov4ml ui` runs;
    // the run page opened until the chart of the 10^6-point series is on it, timed in the page (a
    // chart's canvas is drawn as it is added): Playwright's polling would add tens of ms of its own.
    const bigServer = await explorerProcess(big);
    const chartPage = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await chartPage.goto(new URL("/", bigServer.url).href); // the page's script, loaded once
    await chartPage.locator("table").first().waitFor({ timeout: 120_000 });
    await chartPage.evaluate(() => {
      const started = performance.now();
      new MutationObserver((_, observer) => {
        if (document.querySelector('canvas.chart-canvas[aria-label^="loss "]') === null) return;
        window.chartDrawnMs = performance.now() - started;
        observer.disconnect();
      }).observe(document.body, { childList: true, subtree: true });
    });
    await chartPage.goto(new URL(`/#/run/${id}`, bigServer.url).href);
    await chartPage.waitForFunction(() => window.chartDrawnMs !== undefined, undefined, { timeout: 120_000 });
    const firstChart = { ms: await chartPage.evaluate(() => window.chartDrawnMs) };
    await bigServer.close();
    line("first chart of the 10^6-point series (Chromium, cold server)", firstChart.ms, loadBaseline.ms);
    const [{ id: ganId }] = (await (await fetch(new URL("/api/runs", ganServer.url))).json()).runs;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const graph = await time(async () => {
      await page.goto(new URL(`/#/run/${ganId}`, ganServer.url).href);
      await page.locator(".graph-view[data-ready=true] g.node").first().waitFor({ timeout: 120_000 });
      return page.locator(".graph-view g.node").count();
    });
    line(
      `interactive graph of provgraph_3DGAN.json (${graph.value} nodes, Chromium)`,
      graph.ms,
      ganBaseline.ms,
    );
  } finally {
    await browser.close();
    await ganServer.close();
  }
  if (Math.max(...series.max) < 8)
    throw new Error(
      `the spike was lost in downsampling (${series.count} points, max ${Math.max(...series.max)}, ${loadBaseline.value} loaded)`,
    );

  const report = await time(() => renderReport(source));
  const reportBytes = Buffer.byteLength(report.value);
  const reportBaseline = await time(() => loadRun(source));
  line(`report of a 100-step run (${(reportBytes / 1024).toFixed(0)} KiB)`, report.ms, reportBaseline.ms);
} finally {
  rmSync(base, { recursive: true, force: true });
}
