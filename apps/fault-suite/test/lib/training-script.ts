/**
 * The training a fault hits: a loop that logs two metric series and, now and then, a param, and
 * writes a ledger line (`<series> <step> <epoch ms>`) with a synchronous write right after each
 * logging call. The kernel keeps what `writeSync` wrote even when the process is SIGKILLed, so the
 * ledger is the exact record of what the training logged and when.
 */
import { facadeDist, importUrl } from "./paths.ts";

export interface TrainingScriptOptions {
  /** Extra code after startRun (e.g. plugins are passed through `startRunExtra`). */
  prelude?: string;
  /** Extra properties of the startRun options object, as source text. */
  startRunExtra?: string;
  /** Imports at the top, as source text. */
  imports?: string;
}

/**
 * argv: saveDir, ledgerPath, flushIntervalMs, secondSeriesAtStep, pointsPerTick.
 * Prints `RUNDIR <dir>` once the run has started.
 */
export function trainingScript(options: TrainingScriptOptions = {}): string {
  return `
import * as prov4ml from ${importUrl(facadeDist())};
import { openSync, writeSync } from "node:fs";
${options.imports ?? ""}
const [saveDir, ledgerPath, flushMs, secondAt, perTick] = process.argv.slice(2);
const ledger = openSync(ledgerPath, "a");
const note = (series, step) => writeSync(ledger, series + " " + step + " " + Date.now() + "\\n");
${options.prelude ?? ""}
const run = await prov4ml.startRun({
  experimentName: "fault",
  provenanceSaveDir: saveDir,
  flushIntervalMs: Number(flushMs),
  logSourceCode: false,
  ${options.startRunExtra ?? ""}
});
prov4ml.logParam("lr", 0.01);
note("param", 0);
console.log("RUNDIR " + run.runDir);
let step = 0;
let accStep = 0;
setInterval(() => {
  for (let i = 0; i < Number(perTick); i++) {
    const s = step++;
    prov4ml.logMetric("loss", s, prov4ml.Context.TRAINING, s);
    note("loss", s);
    if (s >= Number(secondAt)) {
      const a = accStep++;
      prov4ml.logMetric("acc", a / 2, prov4ml.Context.VALIDATION, a);
      note("acc", a);
    }
    if (s > 0 && s % 250 === 0) {
      prov4ml.logParam("mark_" + s, s);
      note("param", s);
    }
  }
}, 2);
`;
}
