/** `prov4ml graph`: the document drawn as DOT, or SVG (WebAssembly Graphviz, no `dot` needed). */
import { type DotDirection, renderSvg, toDot, toOverviewDot } from "@prov4ml/exporter-dot";
import { parseCommandArguments, requirePositionals, wholeNumberOption } from "../arguments.ts";
import type { Command } from "../command.ts";
import { loadDocument } from "../document-file.ts";
import { UsageError } from "../errors.ts";
import { writeOutput } from "../output-file.ts";

const HELP = `Usage: prov4ml graph <run dir | prov.json> [--svg] [-o file] [options]

Draws the provenance graph as Graphviz DOT (default) or SVG. By default an overview that fits
a screen: left to right, params and each context's metrics folded into one node, the run's key
facts in a note, every attribute in hover titles, a legend. --details draws every element,
relation and attribute in the conventional PROV look (numbered series still summarised; --full
draws all); the options below --details imply it.

Options:
  --svg                    render SVG (also implied by -o <file>.svg)
  -o, --output FILE        write to FILE instead of stdout
  --details                the complete drawing instead of the overview
  --direction BT|TB|LR|RL  layout direction (default BT; yProv4ML drew RL)
  --collapse-contexts      one summary node per context for its metrics
  --full                   never collapse numbered series
  --no-attributes          no attribute notes
  --max-attribute-length N cut attribute values after N characters (default 100)
  -h, --help               show this help
`;

const DIRECTIONS = ["BT", "TB", "LR", "RL"];
const DETAIL_OPTIONS = [
  "details",
  "direction",
  "collapse-contexts",
  "full",
  "no-attributes",
  "max-attribute-length",
] as const;

export const graphCommand: Command = {
  name: "graph",
  summary: "draw the provenance graph as DOT or SVG",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("graph", args, {
      svg: { type: "boolean" },
      details: { type: "boolean" },
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
      values["max-attribute-length"] === undefined
        ? 100
        : wholeNumberOption("graph", "--max-attribute-length", values["max-attribute-length"], 1);
    const { document } = await loadDocument(path!);
    const details = DETAIL_OPTIONS.some((name) => values[name] !== undefined);
    const dot = !details
      ? toOverviewDot(document)
      : toDot(document, {
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
