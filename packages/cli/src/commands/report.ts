/** `prov4ml report`: one run page as a self-contained HTML file, to mail or attach. */
import { renderReport } from "@prov4ml/explorer";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../errors.ts";
import { writeOutput } from "../output-file.ts";

const HELP = `Usage: prov4ml report <run dir | prov.json> [--compare <run dir>]... -o run.html

Writes the run page (facts, params, a chart per metric per context, files with SHA-256, the
provenance overview) as one HTML file that opens without a server or network: its data, script
and style are inlined. With --compare, the other runs are in it too, with a side-by-side view.

Options:
  -o, --output FILE   the HTML file to write (required)
  --compare RUN       another run to include and compare with (repeatable)
  --no-graph          leave the provenance drawing out
  -h, --help          show this help
`;

export const reportCommand: Command = {
  name: "report",
  summary: "write a run's page as one self-contained HTML file",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("report", args, {
      output: { type: "string", short: "o" },
      compare: { type: "string", multiple: true },
      "no-graph": { type: "boolean" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [runDir] = requirePositionals("report", positionals, ["run dir | prov.json"]);
    if (values.output === undefined)
      throw new UsageError("report needs -o <file>.html: where to write the page");
    const html = await renderReport(runDir!, {
      compare: [values.compare ?? []].flat(),
      graph: values["no-graph"] !== true,
    });
    writeOutput(io, html, values.output);
    return 0;
  },
};
