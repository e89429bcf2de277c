/// <reference lib="dom" />
/** Where the page's data comes from: the explorer's API, or the data a report carries. */
import type { MetricSeriesData, ReportData, RunDetail, RunLineage, RunSummary } from "../api-types.ts";
import type { ChartWindow } from "./line-chart.ts";

export interface DataSource {
  /** True in a self-contained report (no server to ask). */
  readonly offline: boolean;
  /** Where to start when the address names no route. */
  readonly initialRoute: string;
  runs(): Promise<RunSummary[]>;
  run(id: string): Promise<RunDetail>;
  /** Series `key` of run `id` in `window`: re-downsampled by the server, or cut from the report's buckets. */
  series(id: string, key: number, window: ChartWindow): Promise<MetricSeriesData>;
  /** Runs joined by content (the server's directories; a report has none). */
  lineage(): Promise<RunLineage>;
}

/** The id of the script element holding a report's data (JSON, not executed). */
export const REPORT_DATA_ID = "prov4ml-report-data";

export function openDataSource(): DataSource {
  const embedded = document.getElementById(REPORT_DATA_ID);
  if (embedded !== null) {
    const data = JSON.parse(embedded.textContent ?? "{}") as ReportData;
    const run = async (id: string) => {
      const detail = data.details[id];
      if (detail === undefined) throw new Error(`run ${id} is not in this report`);
      return detail;
    };
    return {
      offline: true,
      initialRoute: data.initialRoute,
      runs: async () => data.runs,
      run,
      series: async (id, key, window) => cutBuckets((await run(id)).metrics[key]!, window),
      lineage: async () => {
        throw new Error("a report holds its own runs only: open `prov4ml ui` for the lineage");
      },
    };
  }
  return {
    offline: false,
    initialRoute: "#/",
    runs: async () => (await getJson<{ runs: RunSummary[] }>("/api/runs")).runs,
    run: (id) => getJson<RunDetail>(`/api/runs/${encodeURIComponent(id)}`),
    lineage: () => getJson<RunLineage>("/api/lineage"),
    series: (id, key, window) => {
      const query = new URLSearchParams({ axis: window.axis });
      if (window.from !== undefined) query.set("from", String(window.from));
      if (window.to !== undefined) query.set("to", String(window.to));
      return getJson<MetricSeriesData>(`/api/runs/${encodeURIComponent(id)}/series/${key}?${query}`);
    },
  };
}

/** A report has no server to re-read the points: zooming keeps the buckets inside the window. */
function cutBuckets(series: MetricSeriesData, window: ChartWindow): MetricSeriesData {
  const from = window.from ?? Number.NEGATIVE_INFINITY;
  const to = window.to ?? Number.POSITIVE_INFINITY;
  const keep = series.x
    .map((step, index) => (window.axis === "time" ? series.t[index] : step))
    .map((at, index) => (at !== null && at !== undefined && at >= from && at <= to ? index : -1))
    .filter((index) => index >= 0);
  const pick = <T>(column: T[]) => keep.map((index) => column[index]!);
  // Each bucket stands for about the same number of points.
  const shown = Math.round((keep.length / Math.max(1, series.x.length)) * series.shown);
  return {
    ...series,
    shown,
    x: pick(series.x),
    t: pick(series.t),
    min: pick(series.min),
    max: pick(series.max),
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}
