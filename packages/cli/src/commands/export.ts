/** `prov4ml export`: a run directory packed for others, as an RO-Crate 1.1 zip. */
import { writeRoCrate } from "@prov4ml/exporter-prov";
import { parseCommandArguments, requirePositionals } from "../arguments.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../errors.ts";

const HELP = `Usage: prov4ml export <run dir> --ro-crate out.zip

Packs a run directory as an RO-Crate 1.1 zip (what yProv4ML's end_run(crate_ro_crate=True)
writes): ro-crate-metadata.json beside the PROV document, the metric files, the artifacts and
the graphs, each file described with its size, media type and SHA-256, and the run as a
CreateAction with the files it made. endRun({ createRoCrate: true }) writes the same.

Options:
  --ro-crate FILE   the zip to write (required)
  -h, --help        show this help
`;

export const exportCommand: Command = {
  name: "export",
  summary: "pack a run directory as an RO-Crate zip",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("export", args, {
      "ro-crate": { type: "string" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [runDir] = requirePositionals("export", positionals, ["run dir"]);
    const target = values["ro-crate"];
    if (target === undefined)
      throw new UsageError("export needs --ro-crate <file>.zip: where to write the crate");
    const crate = await writeRoCrate(runDir!, target);
    io.stdout(
      `${crate.path}: RO-Crate of ${crate.files.length} file${crate.files.length === 1 ? "" : "s"}, ${crate.bytes} bytes\n`,
    );
    return 0;
  },
};
