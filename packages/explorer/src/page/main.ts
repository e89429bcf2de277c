/// <reference lib="dom" />
/** The explorer's page: routes `#/` (runs), `#/run/<id>`, `#/compare/<id>,<id>…`. */
import { compareView } from "./compare-view.ts";
import { type DataSource, openDataSource } from "./data-source.ts";
import { el, routeLink, show } from "./dom.ts";
import { runPage } from "./run-page.ts";
import { runsTable } from "./runs-table.ts";

async function render(source: DataSource, app: HTMLElement): Promise<void> {
  const route = (location.hash || source.initialRoute).replace(/^#\/?/, "").split("/");
  const nav = await navigation(source);
  try {
    if (route[0] === "run" && route[1] !== undefined) {
      show(app, nav, runPage(await source.run(decodeURIComponent(route[1])), source.offline));
    } else if (route[0] === "compare" && route[1] !== undefined) {
      const ids = new Set(route[1].split(",").map(decodeURIComponent));
      const runs = (await source.runs()).filter((run) => ids.has(run.id));
      show(app, nav, compareView(runs));
    } else {
      show(app, nav, runsTable(await source.runs()));
    }
  } catch (error) {
    show(app, nav, el("p", { class: "error" }, error instanceof Error ? error.message : String(error)));
  }
}

/** The server's page links to the runs table; a report links to each of its runs and their comparison. */
async function navigation(source: DataSource): Promise<HTMLElement> {
  if (!source.offline) return el("nav", {}, routeLink("#/", "All runs"));
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
