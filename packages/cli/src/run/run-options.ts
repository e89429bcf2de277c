/** The options of `prov4ml run`, parsed and checked; everything after `--` is the command. */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { wholeNumberOption } from "../arguments.ts";
import { UsageError } from "../errors.ts";

export interface RunCommandOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly dir: string;
  readonly experiment: string;
  readonly description: string | undefined;
  readonly tags: Record<string, string>;
  readonly runNumber: number | undefined;
  readonly intervalMs: number;
  readonly logLimit: number;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly watch: readonly string[];
  readonly quietProtocol: boolean;
  /** PROV4ML_EVENTS is a named pipe's path, not descriptor 3. */
  readonly eventsPipe: boolean;
  readonly follow: boolean;
  readonly graceMs: number;
  /** Pipe (and tee) stdout/stderr even when they are terminals. */
  readonly capture: boolean;
  readonly carbon: boolean;
  readonly country: string | undefined;
  readonly mlflowWaitMs: number;
  readonly help: boolean;
}

const OPTIONS = {
  dir: { type: "string" },
  experiment: { type: "string" },
  description: { type: "string" },
  tag: { type: "string", multiple: true },
  "run-number": { type: "string" },
  interval: { type: "string" },
  "log-limit": { type: "string" },
  input: { type: "string", multiple: true },
  output: { type: "string", multiple: true },
  watch: { type: "string", multiple: true },
  "quiet-protocol": { type: "boolean" },
  "events-pipe": { type: "boolean" },
  "no-follow": { type: "boolean" },
  grace: { type: "string" },
  capture: { type: "boolean" },
  "no-carbon": { type: "boolean" },
  country: { type: "string" },
  "mlflow-wait": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const SEE_HELP = "(see `prov4ml run --help`)";

export function parseRunOptions(argv: readonly string[]): RunCommandOptions {
  const split = argv.indexOf("--");
  // Without `--`, a first word that is not an option starts the command.
  const commandStart = split >= 0 ? split + 1 : argv[0] !== undefined && !argv[0].startsWith("-") ? 0 : -1;
  const own = split >= 0 ? argv.slice(0, split) : commandStart === 0 ? [] : [...argv];
  const commandLine = commandStart >= 0 ? argv.slice(commandStart) : [];
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; args: string[] }>>["values"];
  try {
    ({ values } = parseArgs({ args: own, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split(/\.\s|\n/)[0];
    throw new UsageError(`${reason}; put the command after \`--\` ${SEE_HELP}`);
  }
  const [command, ...args] = commandLine;
  if (values.help !== true && (command === undefined || command === ""))
    throw new UsageError(
      `missing the command to run: prov4ml run [options] -- <command> [args…] ${SEE_HELP}`,
    );
  return {
    command: command ?? "",
    args,
    dir: values.dir ?? "prov",
    experiment: values.experiment ?? experimentFromCommand(command ?? "run", args),
    description: values.description,
    tags: parseTags(values.tag ?? []),
    runNumber:
      values["run-number"] === undefined
        ? undefined
        : wholeNumberOption("run", "--run-number", values["run-number"], 0),
    intervalMs: Math.round(seconds("--interval", values.interval ?? "1", 0.05) * 1000),
    logLimit: byteSize(values["log-limit"] ?? "4M"),
    inputs: values.input ?? [],
    outputs: values.output ?? [],
    watch: values.watch ?? [],
    quietProtocol: values["quiet-protocol"] === true,
    eventsPipe: values["events-pipe"] === true,
    follow: values["no-follow"] !== true,
    graceMs: Math.round(seconds("--grace", values.grace ?? "10", 0) * 1000),
    capture: values.capture === true,
    carbon: values["no-carbon"] !== true,
    country: values.country,
    mlflowWaitMs: Math.round(seconds("--mlflow-wait", values["mlflow-wait"] ?? "60", 0) * 1000),
    help: values.help === true,
  };
}

/**
 * `python train.py` → `train`, `./run.sh` → `run`, `python -m pkg.train` → `pkg.train`: the
 * script's name says more than the interpreter's; inline code (`python -c …`) gives the interpreter's.
 */
export function experimentFromCommand(command: string, args: readonly string[]): string {
  const program = basename(command);
  let name = program.replace(/\.[A-Za-z0-9]+$/, "");
  if (INTERPRETER.test(program)) {
    for (const [index, arg] of args.entries()) {
      if (INLINE_CODE.has(arg)) break;
      if (arg === "-m") {
        name = args[index + 1] ?? name;
        break;
      }
      if (!arg.startsWith("-")) {
        name = basename(arg).replace(/\.[A-Za-z0-9]+$/, "");
        break;
      }
    }
  }
  const clean = name.replace(CONTROL_CHARACTERS, "").trim().slice(0, 100);
  return clean || "run";
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const INTERPRETER = /^(python[\d.]*|node|bash|sh|zsh|ruby|perl|Rscript|julia|deno|bun|uv|torchrun)$/;
/** Options after which the interpreter runs code from the command line, not a script. */
const INLINE_CODE = new Set(["-c", "-e", "--eval", "-p", "--print", "-"]);

function parseTags(list: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tag takes key=value, got ${JSON.stringify(item)} ${SEE_HELP}`);
    tags[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return tags;
}

function seconds(flag: string, text: string, min: number): number {
  const value = Number(text.replace(/s$/, ""));
  if (!Number.isFinite(value) || value < min)
    throw new UsageError(`${flag} takes seconds ≥ ${min}, got ${JSON.stringify(text)} ${SEE_HELP}`);
  return value;
}

const UNITS: Record<string, number> = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `4M`, `512K`, `1000` (bytes). */
export function byteSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(text.trim());
  if (!match)
    throw new UsageError(`--log-limit takes a size like 4M or 512K, got ${JSON.stringify(text)} ${SEE_HELP}`);
  return Math.floor(Number(match[1]) * (UNITS[(match[2] ?? "").toUpperCase()] ?? 1));
}
