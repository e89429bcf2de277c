/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Browser test: the explorer's page served on 127.0.0.1, driven in a real Chromium (Debian's
 * chromium: PROV4ML_CHROMIUM, else /usr/bin/chromium; scripts/lib/chromium.mjs installs it in CI),
 * over runs made by the prov4ml facade, a yProv4ML fixture, a hostile param and a truncated
 * document. Fails on any console error. Screenshots go to test-output/ (git-ignored).
 */

import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { testChromiumLaunchOptions } from "@prov4ml/vitest-config";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPage } from "../scripts/build-page.mjs";
import { renderReport } from "../src/render-report.ts";
import { type ExplorerServer, startExplorer } from "../src/server.ts";
import { canvasesDrawn as chartsDrawn, colourPixels } from "./canvas-pixels.ts";
import {
  HOSTILE,
  LONG_SERIES,
  makeFacadeRun,
  makeLineageRuns,
  makeTestRuns,
  type TestRuns,
} from "./make-runs.ts";

const OUTPUT = join(import.meta.dirname, "..", "test-output");

let runs: TestRuns;
let server: ExplorerServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  await buildPage(); // the page as the sources say now
  runs = await makeTestRuns();
  server = await startExplorer({ dirs: [runs.dir] });
  browser = await chromium.launch(testChromiumLaunchOptions());
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(120_000); // waits on the page are for conditions; a busy machine is only slower
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("dialog", (dialog) => {
    consoleErrors.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the run page of the run whose link text starts with `name`. */
async function openRun(name: string): Promise<void> {
  await page.goto(server.url);
  await page
    .getByRole("link", { name: new RegExp(`^${name}`) })
    .first()
    .click();
  await page.locator("figure.chart canvas").first().waitFor();
}

function note(chart: ReturnType<Page["locator"]>): Promise<string | null> {
  return chart.locator("small").textContent();
}

describe("the explorer page in Chromium", () => {
  it("lists the runs, shows a hostile param as text, marks the corrupt document, filters and sorts", async () => {
    await page.goto(server.url);
    await page.locator(".runs-table tbody tr").nth(4).waitFor();
    expect(await page.locator(".runs-table tbody tr").count()).toBe(5);
    await expect.poll(() => page.getByText(HOSTILE, { exact: true }).count()).toBe(1);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("tr.row-error").textContent()).toMatch(/truncated/);
    // the error spans the columns the unreadable run has no values for, inside the table
    const errorSpan = await page
      .locator("tr.row-error td")
      .evaluateAll((cells) => cells.reduce((sum, cell) => sum + (cell as HTMLTableCellElement).colSpan, 0));
    expect(errorSpan).toBe(await page.locator(".runs-table thead th").count());
    await page.screenshot({ path: join(OUTPUT, "runs.png"), fullPage: true });

    await page.locator(".filter").fill("mnist_b");
    await expect.poll(() => page.locator(".runs-table tbody tr").count()).toBe(1);
    await page.locator(".filter").fill("");
    await page.locator("th", { hasText: /^learning_rate$/ }).click();
    const firstRun = await page.locator(".runs-table tbody tr").first().locator("td").nth(2).textContent();
    expect(firstRun).toMatch(/^mnist_GR0/); // 0.01 sorts before 0.1
  });

  it("shows the chosen params and last metric values as columns, with energy and emissions", async () => {
    await page.goto(server.url);
    await page.locator(".runs-table tbody tr").nth(4).waitFor();
    const headers = () => page.locator(".runs-table thead th").allTextContents();
    expect(await headers()).toEqual(
      expect.arrayContaining(["energy (kWh)", "emissions (kg CO₂e)", "optimizer"]),
    );
    await page.locator(".column-chooser summary").click();
    await page.locator("input.choose-params[value=optimizer]").uncheck();
    await expect.poll(headers).not.toContain("optimizer");
    await page.locator('input.choose-metrics[value="signal (training)"]').check();
    await expect.poll(headers).toContain("signal (training)");
    const column = (await headers()).indexOf("signal (training)");
    const machine = page.locator(".runs-table tbody tr", { hasText: "machine_GR0_0" });
    const last = Number(await machine.locator("td").nth(column).textContent());
    expect(last).toBeCloseTo(2 + Math.sin((LONG_SERIES - 1) / 200) + 0.1, 3);
    const energy = Number(
      await machine
        .locator("td")
        .nth((await headers()).indexOf("energy (kWh)"))
        .textContent(),
    );
    expect(energy).toBeGreaterThan(0);
    await page.screenshot({ path: join(OUTPUT, "runs-columns.png"), fullPage: true });
  });

  it("opens a run page: charts drawn, the graph drawn, files with SHA-256", async () => {
    await page.goto(server.url);
    await page.getByRole("link", { name: /^mnist_GR0/ }).click();
    await page.locator("canvas").first().waitFor();
    expect(await page.locator("canvas.chart-canvas").count()).toBe(2); // loss/training, acc/validation
    expect(await chartsDrawn(page)).toEqual([true, true]);
    await page.locator(".graph-view[data-ready=true] g.node").first().waitFor();
    expect(await page.locator(".files .hash").first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.locator(".params").getByText(HOSTILE, { exact: true }).count()).toBe(1);
    const environment = page.locator("table.environment");
    const fact = (label: string) => environment.locator("tr", { hasText: label }).locator("td").textContent();
    expect(await fact("Node.js")).toContain(process.versions.node);
    expect(await fact("git commit")).toMatch(/^[0-9a-f]{40}/); // the test runs inside this repository
    const dataset = page.locator("table.datasets tbody tr");
    expect(await dataset.locator("td").allTextContents()).toEqual([
      "mnist-train",
      "mnist.npz",
      "",
      "samples=60000",
    ]);
    await page.screenshot({ path: join(OUTPUT, "run.png"), fullPage: true });
  });

  it("zooms a long series (the server re-downsamples the range), shows values on hover, resets on double-click", async () => {
    await openRun("machine");
    const chart = page.locator("figure.chart", { hasText: "signal" });
    const note = chart.locator("small");
    await expect.poll(() => note.textContent()).toBe(`${LONG_SERIES} points, 2000 buckets (min/max)`);
    const box = (await chart.locator(".chart-overlay").boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    // At full width each bucket holds 5 points of a rippling series: the readout gives its range.
    await expect.poll(() => chart.locator(".readout").textContent()).toMatch(/^step \d+ · [\d.]+ … [\d.]+$/);
    const answered = page.waitForResponse((response) =>
      /\/series\/\d+\?axis=step&from=/.test(response.url()),
    );
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 4 });
    await page.mouse.up();
    expect((await answered).status()).toBe(200);
    await page.locator("figure.chart[data-state=zoomed]", { hasText: "signal" }).waitFor();
    const zoomedNote = await note.textContent();
    const inView = Number(/^(\d+) of 10000 points in view$/.exec(zoomedNote ?? "")?.[1]);
    expect(inView).toBeGreaterThan(500); // a tenth of the plot: about 1,000 points, every one drawn
    expect(inView).toBeLessThan(2000);
    await page.mouse.move(box.x + box.width / 2, y);
    await expect.poll(() => chart.locator(".readout").textContent()).toMatch(/^step \d+ · [\d.]+$/); // one point, its value
    await page.screenshot({ path: join(OUTPUT, "run-zoomed.png"), fullPage: true });
    await chart.locator(".chart-overlay").dblclick();
    await expect.poll(() => note.textContent()).toBe(`${LONG_SERIES} points, 2000 buckets (min/max)`);
  });

  it("switches the charts to a log scale, smooths them, and puts time on the x axis", async () => {
    await openRun("machine");
    const chart = page.locator("figure.chart", { hasText: "signal" });
    const canvas = chart.locator(".chart-canvas");
    await expect.poll(() => note(chart)).toMatch(/points/);
    const linear = await canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL());
    await page.locator(".log-scale").check();
    await expect
      .poll(() => canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL()))
      .not.toBe(linear);
    await page.locator(".log-scale").uncheck();
    await page.locator(".smoothing").fill("0.9");
    const box = (await chart.locator(".chart-overlay").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => chart.locator(".readout").textContent()).toMatch(/ · smoothed [\d.]+$/);
    await page.locator(".x-axis").selectOption("time");
    await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2);
    await expect.poll(() => chart.locator(".readout").textContent()).toMatch(/^time \d\d:\d\d:\d\d · /);
    // every chart redraws on the time axis once its data is back: wait for all, not only this one
    await expect.poll(() => chartsDrawn(page)).not.toContain(false);
    await page.screenshot({ path: join(OUTPUT, "run-smoothed.png"), fullPage: true });
    await page.locator(".smoothing").fill("0");
    await page.locator(".x-axis").selectOption("step");
  });

  it("shows the system and carbon panels with the measurement method and the intensity source", async () => {
    await openRun("machine");
    const system = page.locator(".panel-system");
    const carbon = page.locator(".panel-carbon");
    await carbon.locator("canvas").first().waitFor();
    const captions = async (panel: typeof system) =>
      (await panel.locator("figcaption strong").allTextContents()).sort();
    expect(await captions(system)).toEqual(
      expect.arrayContaining(["cpu_usage", "disk_usage", "memory_usage"]),
    );
    expect(await captions(carbon)).toEqual(
      expect.arrayContaining(["emissions", "energy_consumed", "cpu_power"]),
    );
    expect(await page.locator(".panel-metrics figcaption strong").allTextContents()).toEqual(["signal"]);
    const fact = (name: string) =>
      carbon.locator(".kv tr", { has: page.locator("th", { hasText: name }) }).locator("td");
    expect(await fact("intensity source").textContent()).toMatch(/Our World in Data/);
    expect(await fact("CPU method").textContent()).not.toBe("");
    expect(await system.locator(".kv td").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(OUTPUT, "run-machine.png"), fullPage: true });
    const names = await page.locator("figure.chart figcaption strong").allTextContents();
    const drawn = await chartsDrawn(page);
    expect(names.filter((_, index) => !drawn[index])).toEqual([]);
    await carbon.screenshot({ path: join(OUTPUT, "run-carbon.png") });
  });

  it("pans, zooms and searches the PROV graph, shows a node's attributes and highlights its lineage", async () => {
    await openRun("mnist_GR0");
    const graph = page.locator(".graph-view[data-ready=true] svg");
    await graph.locator("g.node").first().waitFor();
    // The hostile param is drawn as text: nothing from the document became an element that runs.
    expect(await page.locator("img, svg script, svg foreignObject, svg a, iframe").count()).toBe(0);
    await page.locator(".graph-search").fill("learning_rate");
    await expect.poll(() => page.locator(".graph-matches").textContent()).toMatch(/^[1-9]\d* match/);
    expect(await graph.locator("g.node.match").count()).toBeGreaterThan(0);
    await page.locator(".graph-search").fill("");

    const viewBox = async () =>
      ((await graph.getAttribute("viewBox")) ?? "")
        .split(/[\s,]+/)
        .map(Number)
        .join(" ");
    const before = await viewBox();
    await graph.scrollIntoViewIfNeeded();
    const box = (await graph.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(viewBox).not.toBe(before);
    const zoomed = await viewBox();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(viewBox).not.toBe(zoomed);
    await graph.dblclick({ position: { x: 5, y: 5 } });
    await expect.poll(viewBox).toBe(before);

    await graph.locator("g.node text", { hasText: /^mnist_GR0_0$/ }).click();
    await expect.poll(() => page.locator(".node-panel h3").textContent()).toBe("mnist_GR0_0");
    expect(await page.locator(".node-panel .node-attributes li").count()).toBeGreaterThan(0);
    await page.locator(".highlight-lineage").click();
    expect(await graph.locator("g.node.in-lineage").count()).toBeGreaterThan(2);
    expect(await graph.locator("g.node.dimmed").count()).toBeGreaterThan(0); // the legend is no one's lineage
    await page.screenshot({ path: join(OUTPUT, "run-graph.png"), fullPage: true });
  });

  it("downloads the document as PROV-JSON, PROV-N, Turtle and SVG", async () => {
    await openRun("mnist_GR0");
    const links = page.locator(".graph-toolbar a.download");
    expect(await links.allTextContents()).toEqual(["PROV-JSON", "PROV-N", "Turtle", "SVG"]);
    const bodies = await Promise.all(
      (await links.evaluateAll((all) => all.map((link) => (link as HTMLAnchorElement).href))).map(
        async (href) => {
          const response = await fetch(href);
          expect(response.headers.get("content-disposition")).toMatch(
            /^attachment; filename="mnist_GR0_0\.\w+"$/,
          );
          return response.text();
        },
      ),
    );
    expect(Object.keys(JSON.parse(bodies[0]!))).toContain("activity");
    expect(bodies[1]).toMatch(/^document\n/);
    expect(bodies[2]).toContain("@prefix prov: <http://www.w3.org/ns/prov#>");
    expect(bodies[3]).toContain("<svg");
  });

  it("opens the yProv4ML run with its charts", async () => {
    await page.goto(server.url);
    await page.getByRole("link", { name: "yprov/provgraph_5epochs_short.json" }).click();
    await page.locator("figure.chart canvas").first().waitFor();
    expect(await page.locator("figure.chart canvas").count()).toBeGreaterThan(0);
  });

  it("compares runs: params that differ first, metric overlays with a legend, bars of the totals", async () => {
    await page.goto(server.url);
    await page.locator(".runs-table tbody tr").first().waitFor();
    for (const name of ["mnist_b", "mnist_GR0", "machine"])
      await page.locator(".runs-table tbody tr", { hasText: name }).locator("input").check();
    await page.getByRole("button", { name: "Compare selected" }).click();
    await page.locator(".compare-params tbody tr").first().waitFor();
    const names = await page.locator(".compare-params tbody th").allTextContents();
    expect(names.slice(0, 3).sort()).toEqual(["learning_rate", "note", "optimizer"]);
    expect(await page.locator(".compare-params tr.differs").count()).toBe(3);

    // One chart per metric and context: the machine run's signal, the facade runs' loss and acc.
    const captions = await page.locator(".overlay-chart figcaption").allTextContents();
    expect(captions).toEqual(["acc · validation", "loss · training", "signal · training"]);
    const loss = page.locator(".overlay-chart", { hasText: "loss · training" });
    const legend = await loss
      .locator(".legend li")
      .evaluateAll((items) =>
        items.map((item) => [item.textContent!, (item as HTMLElement).dataset.colour!] as const),
      );
    expect(legend.map(([text]) => text).sort()).toEqual([
      "machine_GR0_0 (not logged)",
      "mnist_GR0_0 (30 points)",
      "mnist_b_GR0_0 (30 points)",
    ]);
    // Each run that logged the metric has its line in its legend colour on the canvas; the other none.
    const pixels = await colourPixels(
      loss,
      legend.map(([, colour]) => colour),
    );
    legend.forEach(([text], index) => {
      if (text.includes("not logged")) expect(pixels[index]).toBe(0);
      else expect(pixels[index]).toBeGreaterThan(50);
    });
    await loss.scrollIntoViewIfNeeded();
    const box = (await loss.locator("canvas").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => loss.locator(".readout").textContent())
      .toMatch(/^mnist(_b)?_GR0_0: [\d.]+ at step \d+ · mnist(_b)?_GR0_0: [\d.]+ at step \d+$/);

    // The toolbar's log scale and smoothing redraw the overlays; x stays the step (no axis choice).
    expect(await page.locator(".compare .x-axis").count()).toBe(0);
    const canvas = loss.locator("canvas");
    const linear = await canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL());
    await page.locator(".log-scale").check();
    await expect
      .poll(() => canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL()))
      .not.toBe(linear);
    await page.locator(".log-scale").uncheck();
    await expect
      .poll(() => canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL()))
      .toBe(linear);

    const bars = (title: string) =>
      page.locator(".total-bars", { hasText: title }).locator(".bar-row").allTextContents();
    const energy = await bars("energy (kWh)");
    expect(energy).toHaveLength(3);
    const columns = await page.locator(".compare-results thead th").allTextContents();
    const machineEnergy = await page
      .locator(".compare-results tr", { hasText: "energy (kWh)" })
      .locator("td")
      .nth(columns.indexOf("machine_GR0_0") - 1)
      .textContent();
    expect(Number(machineEnergy)).toBeGreaterThan(0);
    expect(energy).toContain(`machine_GR0_0${machineEnergy}`); // the bar shows the value of the table
    const durations = await bars("duration");
    expect(durations.every((row) => /\d+(\.\d)? (ms|s)$/.test(row))).toBe(true);
    expect(await bars("emissions")).toHaveLength(3);
    await page.screenshot({ path: join(OUTPUT, "compare.png"), fullPage: true });
  });

  it("shows a hostile run name in the compare view as text", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "explorer-hostile-")), "prov");
    await makeFacadeRun(dir, HOSTILE, 0.2);
    await makeFacadeRun(dir, "plain", 0.02);
    const hostileServer = await startExplorer({ dirs: [dir] });
    try {
      const listed = (await (await fetch(new URL("/api/runs", hostileServer.url))).json()) as {
        runs: { id: string }[];
      };
      const ids = listed.runs.map((run) => encodeURIComponent(run.id)).join(",");
      await page.goto(new URL(`/#/compare/${ids}`, hostileServer.url).href);
      await page.locator(".overlay-chart .legend li").first().waitFor();
      expect(await page.locator(".compare-params thead").getByText(`${HOSTILE}_GR0_0`).count()).toBe(1);
      expect(await page.locator(".legend li", { hasText: `${HOSTILE}_GR0_0` }).count()).toBe(2);
      expect(await page.locator(".bar-label", { hasText: `${HOSTILE}_GR0_0` }).count()).toBe(3);
      expect(await page.locator("img").count()).toBe(0);
    } finally {
      await hostileServer.close();
    }
  });

  it("opens the self-contained report from file:// with no request beyond it", async () => {
    const other = runs.runDir.replace(/mnist_0$/, "mnist_b_0");
    const html = await renderReport(runs.runDir, { compare: [other] });
    expect(html).not.toContain(runs.dir); // nothing about the machine's layout in a mailed file
    const file = join(OUTPUT, "report.html");
    writeFileSync(file, html);
    const requests: string[] = [];
    const listener = (request: { url(): string }) => requests.push(request.url());
    page.on("request", listener);
    try {
      await page.goto(pathToFileURL(file).href);
      await page.locator("figure.chart canvas").first().waitFor();
      expect(await page.locator("h1").textContent()).toBe("mnist_GR0_0");
      expect(await page.locator(".params").getByText(HOSTILE, { exact: true }).count()).toBe(1);
      await page.locator(".graph-view[data-ready=true] g.node").first().waitFor();
      expect(await page.locator(".graph-toolbar a.download").count()).toBe(0); // no server to ask
      await page.screenshot({ path: join(OUTPUT, "report.png"), fullPage: true });
      await page.getByRole("link", { name: "compare" }).click();
      await page.locator(".compare-params tr.differs").first().waitFor();
      expect(await page.locator(".compare-params thead th").count()).toBe(3);
      // The compared run's series are inlined: both lines drawn, from the report alone.
      const loss = page.locator(".overlay-chart", { hasText: "loss · training" });
      const colours = await loss
        .locator(".legend li")
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.colour!));
      expect((await colourPixels(loss, colours)).every((count) => count > 50)).toBe(true);
      expect(await page.locator(".total-bars").count()).toBe(3);
      await page.screenshot({ path: join(OUTPUT, "report-compare.png"), fullPage: true });
    } finally {
      page.off("request", listener);
    }
    expect(requests.filter((url) => !url.startsWith("file:") && !url.startsWith("data:"))).toEqual([]);
  });

  it("updates a run's chart while its series grows", async () => {
    const live = join(runs.dir, "live_0");
    cpSync(runs.runDir, live, { recursive: true });
    const listed = (await (await fetch(new URL("/api/runs", server.url))).json()) as {
      runs: { id: string; path: string }[];
    };
    const id = listed.runs.find((run) => run.path === "live_0")!.id;
    await page.goto(new URL(`/#/run/${id}`, server.url).href);
    const lossPoints = page.locator("figure.chart", { hasText: "loss" }).locator("small");
    await expect.poll(() => lossPoints.textContent()).toBe("30 points");
    // The stream is open once the server has answered it; then the series grows.
    await page.locator("#app[data-live=open]").waitFor({ state: "attached" });
    appendFileSync(
      join(live, "metrics_GR0", "loss_training_prov4ml_GR0.csv"),
      "30,0.5,1796167566151\n31,0.4,1796167566152\n",
    );
    await expect.poll(() => lossPoints.textContent(), { timeout: 90_000 }).toBe("32 points");
  });

  it("shows a new run in the open runs table, keeping the filter", async () => {
    await page.goto(server.url);
    await page.locator("#app[data-live=open]").waitFor({ state: "attached" });
    await page.locator(".filter").fill("mnist_GR0");
    const rows = page.locator(".runs-table tbody tr");
    await expect.poll(() => rows.count()).toBe(2); // mnist_0 and live_0 (a copy of it)
    cpSync(runs.runDir, join(runs.dir, "new_0"), { recursive: true });
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(3);
    expect(await page.locator(".filter").inputValue()).toBe("mnist_GR0");
  });

  it("keeps a chart's zoom while a live run's page is rebuilt, with the window's new points", async () => {
    const live = join(runs.dir, "zoomed_0");
    cpSync(runs.runDir, live, { recursive: true });
    const listed = (await (await fetch(new URL("/api/runs", server.url))).json()) as {
      runs: { id: string; path: string }[];
    };
    const id = listed.runs.find((run) => run.path === "zoomed_0")!.id;
    await page.goto(new URL(`/#/run/${id}`, server.url).href);
    const chart = page.locator("figure.chart", { hasText: "loss" });
    const note = chart.locator("small");
    await expect.poll(() => note.textContent()).toBe("30 points");
    await page.locator("#app[data-live=open]").waitFor({ state: "attached" });
    // Zoom into the right half (steps 15…29, and whatever comes after them).
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.locator(".chart-overlay").boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 2, y, { steps: 4 });
    await page.mouse.up();
    await page.locator("figure.chart[data-state=zoomed]", { hasText: "loss" }).waitFor();
    const before = Number(/^(\d+) of 30 points in view$/.exec((await note.textContent()) ?? "")?.[1]);
    expect(before).toBeGreaterThan(5);
    appendFileSync(join(live, "metrics_GR0", "loss_training_prov4ml_GR0.csv"), "30,0.5,1796167566151\n");
    // The page is rebuilt from the grown run: the chart is still zoomed, over the new total.
    await expect.poll(() => note.textContent(), { timeout: 90_000 }).toMatch(/^\d+ of 31 points in view$/);
    expect(await page.locator("figure.chart[data-state=zoomed]", { hasText: "loss" }).count()).toBe(1);
    await page.screenshot({ path: join(OUTPUT, "run-live-zoomed.png"), fullPage: true });
    // Leave as a person would (the page closes its event stream), and take the run away again.
    await page.goto(new URL("/#/lineage", server.url).href);
    await page.locator("article.lineage").waitFor();
    rmSync(live, { recursive: true, force: true });
  });

  it("draws the lineage across runs: training → model file → evaluation; a click opens the run", async () => {
    const joined = await makeLineageRuns();
    const lineageServer = await startExplorer({ dirs: [joined.dir] });
    try {
      await page.goto(new URL("/#/lineage", lineageServer.url).href);
      const graph = page.locator("svg.lineage-graph");
      await graph.waitFor();
      expect((await graph.locator(".lineage-node.run text").allTextContents()).sort()).toEqual([
        "evaluate_GR0_0",
        "train_GR0_0",
      ]);
      expect(await graph.locator(".lineage-node.model text").allTextContents()).toEqual([
        "model classifier.bin",
      ]);
      expect(await graph.locator(".lineage-edge.generated").count()).toBe(1);
      expect(await graph.locator(".lineage-edge.used").count()).toBe(1);
      // Left to right: the training run, then the file it made, then the run that used it.
      const left = async (selector: string) => (await graph.locator(selector).boundingBox())!.x;
      const [train, model, evaluate] = await Promise.all([
        left('.lineage-node.run:has-text("train_GR0_0")'),
        left(".lineage-node.model"),
        left('.lineage-node.run:has-text("evaluate_GR0_0")'),
      ]);
      expect(train).toBeLessThan(model);
      expect(model).toBeLessThan(evaluate);
      const row = page.locator(".lineage-files tbody tr", { hasText: "classifier.bin" });
      expect(await row.locator("td").nth(2).textContent()).toBe("train_GR0_0");
      expect(await row.locator("td").nth(3).textContent()).toBe("evaluate_GR0_0");
      await page.screenshot({ path: join(OUTPUT, "lineage.png"), fullPage: true });
      await graph.locator(".lineage-node.run", { hasText: "evaluate_GR0_0" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("evaluate_GR0_0");
      expect(
        await page
          .locator(".files tbody tr", { hasText: "classifier.bin" })
          .locator("td")
          .nth(1)
          .textContent(),
      ).toBe("input");
    } finally {
      await lineageServer.close();
    }
  });

  it("logged no console error", () => {
    expect(consoleErrors).toEqual([]);
  });
});
