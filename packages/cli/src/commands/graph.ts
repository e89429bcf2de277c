/** `prov4ml graph`: the document drawn as DOT, or SVG (WebAssembly Graphviz, no `dot` needed). */
import { type DotDirection, renderSvg, toDot } from "@prov4ml/exporter-dot";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { loadDocument } from "../document-file.ts";
import { UsageError } from "../errors.ts";
import { writeOutput } from "../output-file.ts";

const HELP = `Usage: prov4ml graph <run dir | prov.json> [--svg] [-o file] [options]

Draws the provenance graph in the conventional PROV look, as Graphviz DOT (default) or SVG.
Large runs are summarised: numbered series (epoch_0 … epoch_1748) become one node; --full draws all.

Options:
  --svg                    render SVG (also implied by -o <file>.svg)
  -o, --output FILE        write to FILE instead of stdout
  --direction BT|TB|LR|RL  layout direction (default BT; yProv4ML drew RL)
  --collapse-contexts      one summary node per context for its metrics
  --full                   never collapse numbered series
  --no-attributes          no attribute notes
  --max-attribute-length N cut attribute values after N characters (default 100)
  -h, --help               show this help
`;

const DIRECTIONS = ["BT", "TB", "LR", "RL"];

export const graphCommand: Command = {
  name: "graph",
  summary: "draw the provenance graph as DOT or SVG",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("graph", args, {
      svg: { type: "boolean" },
      output: { type: "string", short: "o" },
      direction: { type: "string" },
      "collapse-contexts": { type: "boolean" },
      full: { type: "boolean" },
      "no-attributes": { type: "boolean" },
      "max-attribute-length": { type: "string" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [path] = requirePositionals("graph", positionals, ["run dir | prov.json"]);
    const direction = (values.direction ?? "BT").toUpperCase();
    if (!DIRECTIONS.includes(direction))
      throw new UsageError(`--direction must be one of ${DIRECTIONS.join(", ")}`);
    const maxLength =
      values["max-attribute-length"] === undefined ? 100 : Number(values["max-attribute-length"]);
    if (!Number.isInteger(maxLength) || maxLength < 1)
      throw new UsageError("--max-attribute-length needs a positive whole number");
    const { document } = await loadDocument(path!);
    const dot = toDot(document, {
      direction: direction as DotDirection,
      collapseContexts: values["collapse-contexts"] === true,
      collapseSeries: values.full ? false : "auto",
      showAttributes: values["no-attributes"] !== true,
      maxAttributeLength: maxLength,
    });
    const svg = values.svg === true || (values.output?.toLowerCase().endsWith(".svg") ?? false);
    writeOutput(io, svg ? await renderSvg(dot) : dot, values.output);
    return 0;
  },
};
