/** `prov4ml convert`: PROV-JSON (any generation, repaired) to PROV-JSON, PROV-N or Turtle. */
import { toProvJson, toProvN, toTurtle } from "@prov4ml/exporter-prov";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { loadDocument } from "../document-file.ts";
import { UsageError } from "../errors.ts";
import { writeOutput } from "../output-file.ts";
import { convertFormat } from "../spellings.ts";

const HELP = `Usage: prov4ml convert <run dir | prov.json> --to json|provn|ttl [-o file]

Converts a PROV-JSON document (yProv4ML's included: its quirks are repaired on reading) to
PROV-JSON, PROV-N or PROV-O Turtle.

Options:
  --to FORMAT        json (PROV-JSON, also prov-json), provn (PROV-N, also prov-n)
                     or ttl (PROV-O Turtle, also turtle)
  -o, --output FILE  write to FILE instead of stdout
  -h, --help         show this help
`;

const WRITERS = {
  json: (doc) => toProvJson(doc, { space: 2 }),
  provn: toProvN,
  ttl: toTurtle,
} satisfies Record<string, (doc: Parameters<typeof toProvN>[0]) => string>;

export const convertCommand: Command = {
  name: "convert",
  summary: "convert PROV-JSON to PROV-JSON, PROV-N or Turtle",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("convert", args, {
      to: { type: "string" },
      output: { type: "string", short: "o" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [path] = requirePositionals("convert", positionals, ["run dir | prov.json"]);
    if (values.to === undefined)
      throw new UsageError("missing --to json|provn|ttl (see `prov4ml convert --help`)");
    const format = convertFormat(values.to);
    if (format === undefined)
      throw new UsageError(`--to must be json, provn or ttl (or turtle); got ${JSON.stringify(values.to)}`);
    const { document } = await loadDocument(path!);
    writeOutput(io, WRITERS[format](document), values.output);
    return 0;
  },
};
