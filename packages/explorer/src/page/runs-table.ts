/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/** The runs table: one row per run, sortable columns, a filter box, and run selection for compare. */
import type { RunSummary } from "../api-types.ts";
import { isMachineMetricName } from "../machine-facts.ts";
import { el, routeLink } from "./dom.ts";
import { formatDuration, formatStart, formatValue } from "./format.ts";

interface Column {
  label: string;
  value(run: RunSummary): string | number | undefined;
  render?(run: RunSummary): Node | string;
}

const MAX_PARAM_COLUMNS = 8;
const MAX_METRIC_COLUMNS = 6;

/** The table over `runs`, and `update` to show new rows keeping sort, filter and selection. */
export function runsTable(initialRuns: RunSummary[]): {
  element: HTMLElement;
  update(runs: RunSummary[]): void;
} {
  let runs = initialRuns;
  const chosen = new ColumnChoice();
  let columns = columnsFor(runs, chosen);
  let sortIndex = 3; // start, newest first
  let ascending = false;
  const filter = el("input", { class: "filter" });
  filter.type = "search";
  filter.placeholder = "Filter runs (any column)";
  filter.setAttribute("aria-label", "Filter runs");
  const selected = new Set<string>();
  const compare = el("button", { class: "compare-button" }, "Compare selected");
  compare.disabled = true;
  compare.addEventListener("click", () => {
    location.hash = `#/compare/${[...selected].join(",")}`;
  });
  const head = el("tr");
  const body = el("tbody");
  const count = el("span", { class: "count" });
  function buildHead() {
    head.replaceChildren(el("th", {}, ""));
    columns.forEach((column, index) => {
      const th = el("th", { class: "sortable" }, column.label);
      th.addEventListener("click", () => {
        ascending = sortIndex === index ? !ascending : true;
        sortIndex = index;
        refresh();
      });
      head.append(th);
    });
  }

  function refresh() {
    const needle = filter.value.trim().toLowerCase();
    const column = columns[sortIndex]!;
    const shown = runs
      .filter(
        (run) =>
          needle === "" ||
          columns.some((c) =>
            String(c.value(run) ?? "")
              .toLowerCase()
              .includes(needle),
          ),
      )
      .sort((a, b) => compareValues(column.value(a), column.value(b)) * (ascending ? 1 : -1));
    for (const [index, th] of [...head.children].slice(1).entries()) {
      th.setAttribute("aria-sort", index === sortIndex ? (ascending ? "ascending" : "descending") : "none");
    }
    body.replaceChildren(...shown.map((run) => rowOf(run, columns, selected, compare)));
    count.textContent = `${runs.length} runs`;
  }
  filter.addEventListener("input", refresh);
  const chooser = el("details", { class: "column-chooser" });
  const rebuild = () => {
    columns = columnsFor(runs, chosen);
    sortIndex = Math.min(sortIndex, columns.length - 1);
    buildHead();
    refresh();
    chooser.replaceChildren(el("summary", {}, "Columns"), chosen.form(runs, rebuild));
  };
  rebuild();
  const element = el(
    "section",
    { class: "runs" },
    el("div", { class: "toolbar" }, filter, compare, count, chooser),
    el("table", { class: "runs-table" }, el("thead", {}, head), body),
  );
  return {
    element,
    update(next) {
      runs = next;
      const open = chooser.open;
      rebuild();
      chooser.open = open;
    },
  };
}

function rowOf(
  run: RunSummary,
  columns: Column[],
  selected: Set<string>,
  compare: HTMLButtonElement,
): HTMLElement {
  const box = el("input");
  box.type = "checkbox";
  box.checked = selected.has(run.id);
  box.setAttribute("aria-label", `select ${run.run ?? run.path}`);
  box.addEventListener("change", () => {
    if (box.checked) selected.add(run.id);
    else selected.delete(run.id);
    compare.disabled = selected.size < 2 || selected.size > 10;
  });
  const row = el("tr", { class: run.error === undefined ? "" : "row-error" }, el("td", {}, box));
  // An unreadable run has only its path and status: the error fills the columns it has no values for.
  const afterStatus = columns.findIndex((column) => column.label === "status") + 1;
  const shown = run.error === undefined ? columns : columns.slice(0, afterStatus);
  for (const column of shown)
    row.append(el("td", {}, column.render?.(run) ?? formatValue(column.value(run))));
  if (run.error !== undefined) {
    const cell = el("td", { class: "error" }, run.error);
    cell.colSpan = columns.length - shown.length;
    row.append(cell);
  }
  return row;
}

/** Which params and metrics are columns: the first few until the user ticks others. */
class ColumnChoice {
  private params: Set<string> | undefined;
  private metrics: Set<string> | undefined;

  shown(runs: RunSummary[]): { params: string[]; metrics: string[] } {
    const { params, metrics } = available(runs);
    return {
      params:
        this.params === undefined
          ? params.slice(0, MAX_PARAM_COLUMNS)
          : params.filter((name) => this.params!.has(name)),
      metrics:
        this.metrics === undefined
          ? metrics.slice(0, MAX_METRIC_COLUMNS)
          : metrics.filter((name) => this.metrics!.has(name)),
    };
  }

  /** A checkbox per param and metric; ticking one calls `changed`. */
  form(runs: RunSummary[], changed: () => void): HTMLElement {
    const { params, metrics } = available(runs);
    const shown = this.shown(runs);
    const group = (title: string, names: string[], ticked: string[], kind: "params" | "metrics") =>
      el(
        "fieldset",
        {},
        el("legend", {}, title),
        ...names.map((name) => {
          const box = el("input", { class: `choose-${kind}` });
          box.type = "checkbox";
          box.checked = ticked.includes(name);
          box.value = name;
          box.addEventListener("change", () => {
            const current = new Set(kind === "params" ? this.shown(runs).params : this.shown(runs).metrics);
            if (box.checked) current.add(name);
            else current.delete(name);
            this[kind] = current;
            changed();
          });
          return el("label", {}, box, ` ${name}`);
        }),
      );
    return el(
      "div",
      { class: "column-choices" },
      group("params", params, shown.params, "params"),
      group("last value of", metrics, shown.metrics, "metrics"),
    );
  }
}

function available(runs: RunSummary[]): { params: string[]; metrics: string[] } {
  return {
    params: [...new Set(runs.flatMap((run) => Object.keys(run.params)))],
    // The run's own metrics first, then the system and carbon samples (keys are `name (context)`).
    metrics: [...new Set(runs.flatMap((run) => Object.keys(run.lastMetrics)))].sort(
      (a, b) =>
        Number(isMachineMetricName(a.replace(/ \(.*\)$/, ""))) -
        Number(isMachineMetricName(b.replace(/ \(.*\)$/, ""))),
    ),
  };
}

function columnsFor(runs: RunSummary[], choice: ColumnChoice): Column[] {
  const { params, metrics } = choice.shown(runs);
  return [
    { label: "experiment", value: (run) => run.experiment },
    {
      label: "run",
      value: (run) => run.run ?? run.path,
      render: (run) => routeLink(`#/run/${run.id}`, run.run ?? run.path),
    },
    { label: "status", value: (run) => run.status },
    { label: "start", value: (run) => run.start, render: (run) => formatStart(run.start) },
    { label: "duration", value: (run) => run.durationMs, render: (run) => formatDuration(run.durationMs) },
    { label: "energy (kWh)", value: (run) => run.energyKWh },
    { label: "emissions (kg CO₂e)", value: (run) => run.emissionsKg },
    ...params.map((name): Column => ({ label: name, value: (run) => primitive(run.params[name]) })),
    ...metrics.map((name): Column => ({ label: name, value: (run) => run.lastMetrics[name] })),
  ];
}

function primitive(value: string | number | boolean | undefined): string | number | undefined {
  return typeof value === "boolean" ? String(value) : value;
}

/** Numbers by value, text by locale; missing values last. */
function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
