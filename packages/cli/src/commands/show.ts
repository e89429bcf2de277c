/** `prov4ml show`: what a run was — status, times, params, metrics, artifacts, models, carbon. */
import { TERMS } from "@prov4ml/core";
import { formatBytes } from "@prov4ml/explorer";
import { loadRun, type RunView } from "@prov4ml/exporter-prov";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import { carbonTotals } from "../carbon.ts";
import type { Command } from "../command.ts";
import { resolveDocumentPath } from "../document-file.ts";
import type { CommandIO } from "../io.ts";
import { formatNumber, formatTable } from "../table.ts";

const HELP = `Usage: prov4ml show <run dir | prov.json> [--json]

Shows a run: experiment, status, times, params, metrics (count, last, min, max), artifacts,
models, datasets and carbon totals. A document that still says RUNNING belongs to a run that was
never closed (or is still going).

Options:
  --json      print the run as JSON (for scripts)
  -h, --help  show this help
`;

export const showCommand: Command = {
  name: "show",
  summary: "show a run: status, times, params, metrics, artifacts, models, carbon",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("show", args, { json: { type: "boolean" } });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [path] = requirePositionals("show", positionals, ["run dir | prov.json"]);
    const run = await loadRun(resolveDocumentPath(path!));
    if (values.json) io.stdout(`${JSON.stringify(showJson(run), null, 2)}\n`);
    else printRun(run, io);
    return 0;
  },
};

export function showJson(run: RunView) {
  const { metrics, ...rest } = run;
  return {
    ...rest,
    closed: run.status !== "RUNNING",
    durationSeconds: durationSeconds(run),
    metrics: metrics.map(({ load: _load, ...summary }) => summary),
    carbon: carbonTotals(run),
  };
}

function durationSeconds(run: RunView): number | undefined {
  if (run.startTime === undefined || run.endTime === undefined) return undefined;
  const ms = Date.parse(run.endTime) - Date.parse(run.startTime);
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

function printRun(run: RunView, io: CommandIO): void {
  const lines = [
    ...headerLines(run),
    ...paramAndMetricLines(run),
    ...inputOutputLines(run),
    ...carbonAndRepairLines(run),
  ];
  io.stdout(`${lines.join("\n")}\n`);
}

/** Experiment, run, status, times and losses, one `name value` line each. */
function headerLines(run: RunView): string[] {
  const lines: string[] = [];
  const field = (name: string, value: string | undefined) => {
    if (value !== undefined && value !== "") lines.push(`${name.padEnd(12)}${value}`);
  };
  field("experiment", run.experimentName);
  field("run", run.runId === undefined ? run.runName : `${run.runName ?? ""} (id ${run.runId})`.trim());
  field("written by", run.generation);
  field(
    "status",
    run.status === "RUNNING" ? "RUNNING — not closed: the run never ended, or is still going" : run.status,
  );
  field("started", run.startTime);
  field("ended", run.endTime);
  const duration = durationSeconds(run);
  if (duration !== undefined) field("duration", `${formatNumber(duration)} s`);
  const lost = run.attributes[TERMS.lostMetricPoints];
  if (typeof lost === "number" && lost > 0)
    field(
      "lost",
      `${lost} metric points never reached this directory (the disk was full); counts are the files'`,
    );
  return lines;
}

function paramAndMetricLines(run: RunView): string[] {
  const params = Object.entries(run.params);
  const lines = ["", `params (${params.length})`];
  for (const [key, value] of params) lines.push(`  ${key} = ${short(String(value))}`);
  lines.push("", `metrics (${run.metrics.length})`);
  if (run.metrics.length > 0) {
    const rows = run.metrics.map((m) => [
      m.name,
      m.context,
      m.source,
      m.count === undefined ? (m.truncated ? "cut" : "") : String(m.count),
      formatNumber(m.last),
      formatNumber(m.min),
      formatNumber(m.max),
    ]);
    lines.push(indent(formatTable(["name", "context", "source", "count", "last", "min", "max"], rows)));
  }
  return lines;
}

/** Artifacts, models and datasets, each section only when the run has some. */
function inputOutputLines(run: RunView): string[] {
  const lines: string[] = [];
  if (run.artifacts.length > 0) {
    lines.push("", `artifacts (${run.artifacts.length})`);
    const rows = run.artifacts.map((a) => [
      a.name,
      a.role ?? "",
      formatBytes(a.sizeBytes),
      short(a.path ?? ""),
    ]);
    lines.push(indent(formatTable(["name", "role", "size", "path"], rows)));
  }
  if (run.models.length > 0) {
    lines.push("", `models (${run.models.length})`);
    const rows = run.models.map((m) => [
      m.name,
      m.format ?? "",
      m.parameterCount === undefined ? "" : String(m.parameterCount),
      formatBytes(m.memoryBytes),
      short(m.path ?? ""),
    ]);
    lines.push(indent(formatTable(["name", "format", "parameters", "memory", "path"], rows)));
  }
  if (run.datasets.length > 0) {
    lines.push("", `datasets (${run.datasets.length})`);
    for (const d of run.datasets) {
      const stats = Object.entries(d.stats)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      lines.push(`  ${d.name}${d.source ? ` from ${short(d.source)}` : ""}${stats ? ` (${stats})` : ""}`);
    }
  }
  return lines;
}

function carbonAndRepairLines(run: RunView): string[] {
  const lines: string[] = [];
  const carbon = carbonTotals(run);
  if (carbon) {
    lines.push(
      "",
      carbon.from === "attributes" ? "carbon (run totals)" : "carbon (last values of the CodeCarbon metrics)",
    );
    for (const [key, value] of Object.entries(carbon.values)) {
      lines.push(`  ${key} = ${typeof value === "number" ? formatNumber(value) : value}`);
    }
  }
  if (run.repairs.length > 0) {
    lines.push(
      "",
      `read with ${run.repairs.length} repair${run.repairs.length === 1 ? "" : "s"} (run \`prov4ml validate\` for details)`,
    );
  }
  return lines;
}

function indent(text: string): string {
  return text.replace(/^/gm, "  ");
}

function short(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > max ? `${oneLine.slice(0, max)}...` : oneLine;
}
