/// <reference lib="dom" />
/** Where the page's data comes from: the explorer's API, or the data a report carries. */
import type { ReportData, RunDetail, RunSummary } from "../api-types.ts";

export interface DataSource {
  /** True in a self-contained report (no server to ask). */
  readonly offline: boolean;
  /** Where to start when the address names no route. */
  readonly initialRoute: string;
  runs(): Promise<RunSummary[]>;
  run(id: string): Promise<RunDetail>;
}

/** The id of the script element holding a report's data (JSON, not executed). */
export const REPORT_DATA_ID = "prov4ml-report-data";

export function openDataSource(): DataSource {
  const embedded = document.getElementById(REPORT_DATA_ID);
  if (embedded !== null) {
    const data = JSON.parse(embedded.textContent ?? "{}") as ReportData;
    return {
      offline: true,
      initialRoute: data.initialRoute,
      runs: async () => data.runs,
      run: async (id) => {
        const detail = data.details[id];
        if (detail === undefined) throw new Error(`run ${id} is not in this report`);
        return detail;
      },
    };
  }
  return {
    offline: false,
    initialRoute: "#/",
    runs: async () => (await getJson<{ runs: RunSummary[] }>("/api/runs")).runs,
    run: (id) => getJson<RunDetail>(`/api/runs/${encodeURIComponent(id)}`),
  };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}
