/// <reference lib="dom" />
/** The explorer's page: routes `#/` (runs), `#/run/<id>`, `#/compare/<id>,<id>…`. */
import { compareView } from "./compare-view.ts";
import { type DataSource, openDataSource } from "./data-source.ts";
import { el, routeLink, show } from "./dom.ts";
import type { ChartWindow, ZoomMemory } from "./line-chart.ts";
import { lineageView } from "./lineage-view.ts";
import { runPage } from "./run-page.ts";
import { runsTable } from "./runs-table.ts";

/** The open stream of the run page shown, closed when the page shows something else. */
let liveUpdates: EventSource | undefined;
/** The charts' zoom on the run page shown, kept while live updates rebuild it; new for each visit. */
let zooms: ZoomMemory = new Map();

async function render(source: DataSource, app: HTMLElement, live = false): Promise<void> {
  const route = (location.hash || source.initialRoute).replace(/^#\/?/, "").split("/");
  const nav = await navigation(source);
  if (!live) {
    liveUpdates?.close();
    liveUpdates = undefined;
    delete app.dataset.live;
    zooms = new Map();
  }
  try {
    if (route[0] === "run" && route[1] !== undefined) {
      const id = decodeURIComponent(route[1]);
      const load = (key: number, window: ChartWindow) => source.series(id, key, window);
      show(app, nav, runPage(await source.run(id), source.offline, load, zooms));
      if (!source.offline && liveUpdates === undefined) {
        // A run that is training: its files change, the server says so, the page re-reads it.
        liveUpdates = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`);
        liveUpdates.addEventListener("change", () => void render(source, app, true));
        liveUpdates.addEventListener("open", () => {
          app.dataset.live = "open"; // the stream is up: changes from now on show
        });
      }
    } else if (route[0] === "lineage" && !source.offline) {
      show(app, nav, lineageView(await source.lineage()));
    } else if (route[0] === "compare" && route[1] !== undefined) {
      const ids = new Set(route[1].split(",").map(decodeURIComponent));
      const runs = (await source.runs()).filter((run) => ids.has(run.id));
      // Each run's series, downsampled as on its run page; one that cannot be read shows no line.
      const details = await Promise.all(runs.map((run) => source.run(run.id).catch(() => undefined)));
      show(app, nav, compareView(runs, details));
    } else {
      const table = runsTable(await source.runs());
      show(app, nav, table.element);
      if (!source.offline) {
        // New runs and finished ones show without a reload; the table keeps its sort and filter.
        liveUpdates = new EventSource("/api/events");
        liveUpdates.addEventListener("change", () => void source.runs().then(table.update, () => undefined));
        liveUpdates.addEventListener("open", () => {
          app.dataset.live = "open";
        });
      }
    }
  } catch (error) {
    show(app, nav, el("p", { class: "error" }, error instanceof Error ? error.message : String(error)));
  }
}

/** The server's page links to the runs table; a report links to each of its runs and their comparison. */
async function navigation(source: DataSource): Promise<HTMLElement> {
  if (!source.offline)
    return el("nav", {}, routeLink("#/", "All runs"), " · ", routeLink("#/lineage", "Lineage"));
  const runs = await source.runs();
  const links: Array<Node | string> = [el("strong", {}, "prov4ml report")];
  for (const run of runs) links.push(" · ", routeLink(`#/run/${run.id}`, run.run ?? run.path));
  if (runs.length > 1)
    links.push(" · ", routeLink(`#/compare/${runs.map((run) => run.id).join(",")}`, "compare"));
  return el("nav", {}, ...links);
}

function start(): void {
  const app = document.getElementById("app");
  if (app === null) return;
  const source = openDataSource();
  const update = () => {
    void render(source, app);
  };
  window.addEventListener("hashchange", update);
  update();
}

start();
