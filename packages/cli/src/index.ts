/**
 * @prov4ml/cli — the `prov4ml` command line (show, metrics, graph, convert, validate, sync), and its
 * parts as a library: `main(args, io)` to run it in-process, and `validateDocument`.
 *
 * @packageDocumentation
 */
export type { Command } from "./command.ts";
export { COMMANDS } from "./commands/index.ts";
export { CommandError, UsageError } from "./errors.ts";
export { bufferIO, type CommandIO, processIO } from "./io.ts";
export { main } from "./main.ts";
export type {
  Severity,
  ValidationProblem,
  ValidationProfile,
  ValidationReport,
} from "./validate/problem.ts";
export { type ValidateOptions, validateDocument, YPROV4ML_TOLERATED } from "./validate/validate-document.ts";
