/// <reference lib="dom" />
/** The explorer's page: routes `#/` (runs), `#/run/<id>`, `#/compare/<id>,<id>…`. */
import { compareView } from "./compare-view.ts";
import { type DataSource, openDataSource } from "./data-source.ts";
import { el, routeLink, show } from "./dom.ts";
import { runPage } from "./run-page.ts";
import { runsTable } from "./runs-table.ts";

async function render(source: DataSource, app: HTMLElement): Promise<void> {
  const route = location.hash.replace(/^#\/?/, "").split("/");
  const nav = el("nav", {}, source.offline ? el("span", {}, "prov4ml report") : routeLink("#/", "All runs"));
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
