/** `prov4ml validate`: structure and PROV-CONSTRAINTS checks, one line per problem, exit 1 if invalid. */
import { parseCommandArguments, requirePositionals, wholeNumberOption } from "../arguments.ts";
import type { Command } from "../command.ts";
import { loadDocument } from "../document-file.ts";
import { UsageError } from "../errors.ts";
import type { CommandIO } from "../io.ts";
import type { ValidationProblem, ValidationProfile, ValidationReport } from "../validate/problem.ts";
import { validateDocument } from "../validate/validate-document.ts";

const HELP = `Usage: prov4ml validate <run dir | prov.json> [--profile strict|yprov4ml] [--json]

Checks a PROV document: structure (required arguments, times, prefixes), PROV-CONSTRAINTS typing,
keys and impossibility constraints (errors), and ordering of stated times (warnings). Each problem
names its record and says how to fix it. Exits with status 1 when there is an error.

Profiles:
  strict     (default) PROV as the W3C specifies it; PROV-JSON the reader had to repair is an error
  yprov4ml   tolerates what every yProv4ML document does (wasStartedBy triggered by an activity,
             PROV-JSON quirks): reported as warnings

Options:
  --profile P      strict or yprov4ml
  --max-per-code N print at most N problems of each kind (default 10; --json prints all)
  --json           print the report as JSON
  -h, --help       show this help
`;

export const validateCommand: Command = {
  name: "validate",
  summary: "check a document against PROV constraints (exit 1 when invalid)",
  help: HELP,
  async run(args, io) {
    const { values, positionals, help } = parseCommandArguments("validate", args, {
      profile: { type: "string" },
      "max-per-code": { type: "string" },
      json: { type: "boolean" },
    });
    if (help) {
      io.stdout(HELP);
      return 0;
    }
    const [path] = requirePositionals("validate", positionals, ["run dir | prov.json"]);
    const profile = values.profile ?? "strict";
    if (profile !== "strict" && profile !== "yprov4ml")
      throw new UsageError(`--profile must be strict or yprov4ml; got ${JSON.stringify(profile)}`);
    const maxPerCode =
      values["max-per-code"] === undefined
        ? 10
        : wholeNumberOption("validate", "--max-per-code", values["max-per-code"], 0);
    const loaded = await loadDocument(path!);
    const report = validateDocument(loaded.document, {
      profile: profile as ValidationProfile,
      repairs: loaded.repairs,
    });
    if (values.json) io.stdout(`${JSON.stringify({ file: loaded.path, ...report }, null, 2)}\n`);
    else printReport(io, loaded.path, report, maxPerCode);
    return report.valid ? 0 : 1;
  },
};

function printReport(io: CommandIO, file: string, report: ValidationReport, maxPerCode: number): void {
  const lines: string[] = [];
  for (const problems of [report.errors, report.warnings]) {
    const shown = new Map<string, number>();
    for (const problem of problems) {
      const count = (shown.get(problem.code) ?? 0) + 1;
      shown.set(problem.code, count);
      if (count <= maxPerCode) lines.push(problemLine(problem));
    }
    for (const [code, count] of shown) {
      if (count > maxPerCode)
        lines.push(`  … ${count - maxPerCode} more ${code} (use --json or --max-per-code to see all)`);
    }
  }
  const verdict = report.valid ? "valid" : "INVALID";
  lines.push(
    `${file}: ${verdict} (profile ${report.profile}): ${report.errors.length} error${report.errors.length === 1 ? "" : "s"}, ${report.warnings.length} warning${report.warnings.length === 1 ? "" : "s"}`,
  );
  io.stdout(`${lines.join("\n")}\n`);
}

function problemLine(problem: ValidationProblem): string {
  return `${problem.severity.padEnd(7)} ${problem.code}  ${problem.record}: ${problem.message}. Fix: ${problem.fix}.`;
}
