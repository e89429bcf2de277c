/** `prov4ml metrics`: one metric series as a table, CSV or JSON. */
import { loadRun, type MetricSeriesView } from "@prov4ml/exporter-prov";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { resolveDocumentPath } from "../document-file.ts";
import { CommandError } from "../errors.ts";
import { sameContext } from "../spellings.ts";
import { formatTable } from "../table.ts";

const HELP = `Usage: prov4ml metrics <run dir | prov.json> <name> [--context C] [--source S] [--csv | --json]

Prints one metric series: step, value and timestamp (epoch ms) of every point. When the name is
logged in several contexts (or from several sources), pick one with --context / --source.

Options:
  --context C  the series' context, in either spelling: training or Context.TRAINING
  --source S   the series' source
  --csv        CSV with a header line step,value,timestamp
  --json       JSON { name, context, source, count, steps, values, timestamps }
  -h, --help   show this help
`;

export const metricsCommand: Command = {
  name: "metrics",
  summary: "print one metric series as a table, CSV or JSON",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("metrics", args, {
      context: { type: "string" },
      source: { type: "string" },
      csv: { type: "boolean" },
      json: { type: "boolean" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [path, name] = requirePositionals("metrics", positionals, ["run dir | prov.json", "name"]);
    const run = await loadRun(resolveDocumentPath(path!));
    const series = pickSeries(run.metrics, name!, values.context, values.source);
    const points = await series.load();
    const count = points.steps.length;
    if (values.json) {
      const numbers = (column: Float64Array) => Array.from(column, (v) => (Number.isFinite(v) ? v : null));
      io.stdout(
        `${JSON.stringify({ name: series.name, context: series.context, source: series.source, count, truncated: series.truncated ?? false, steps: numbers(points.steps), values: numbers(points.values), timestamps: numbers(points.timestamps) })}\n`,
      );
      return 0;
    }
    const rows: string[][] = [];
    for (let i = 0; i < count; i++) {
      const timestamp = points.timestamps[i]!;
      rows.push([
        String(points.steps[i]),
        String(points.values[i]),
        Number.isNaN(timestamp) ? "" : String(timestamp),
      ]);
    }
    if (values.csv) {
      io.stdout(
        `step,value,timestamp\n${rows.map((row) => row.join(",")).join("\n")}${rows.length > 0 ? "\n" : ""}`,
      );
    } else {
      io.stdout(
        `${series.name} · ${series.context || "(no context)"}${series.source ? ` · ${series.source}` : ""} · ${count} points${series.truncated ? " (cut by its writer)" : ""}\n`,
      );
      io.stdout(`${formatTable(["step", "value", "timestamp"], rows)}\n`);
    }
    return 0;
  },
};

export function pickSeries(
  metrics: readonly MetricSeriesView[],
  name: string,
  context: string | undefined,
  source: string | undefined,
): MetricSeriesView {
  const named = metrics.filter((m) => m.name === name);
  if (named.length === 0) {
    const names = [...new Set(metrics.map((m) => m.name))].sort();
    throw new CommandError(
      `no metric named ${JSON.stringify(name)}; this run has ${names.length === 0 ? "no metrics" : names.join(", ")}.`,
    );
  }
  const ofSource = named.filter((m) => source === undefined || m.source === source);
  // the context as typed first; then in the other spelling (training ⇄ Context.TRAINING)
  const exact = ofSource.filter((m) => context === undefined || m.context === context);
  const matching =
    exact.length > 0 || context === undefined
      ? exact
      : ofSource.filter((m) => sameContext(m.context, context));
  if (matching.length === 1) return matching[0]!;
  const describe = (list: readonly MetricSeriesView[]) =>
    list
      .map(
        (m) =>
          `--context ${JSON.stringify(m.context)}${m.source ? ` --source ${JSON.stringify(m.source)}` : ""}`,
      )
      .join(", ");
  if (matching.length === 0) {
    throw new CommandError(
      `metric ${JSON.stringify(name)} has no series with those options; it has: ${describe(named)}.`,
    );
  }
  throw new CommandError(
    `metric ${JSON.stringify(name)} has ${matching.length} series; pick one with ${describe(matching)}.`,
  );
}
