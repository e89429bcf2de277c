/**
 * Regression tests for the defects an adversarial run found (issue 12) on the core's side, each in
 * a real child process importing the built facade: credentials on the command line (defect 7), a
 * provenance directory on a kernel file system (defect 9) and silent coercions (defect 11). Each adds a row to the figures table.
 * Needs no server.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { childEnv, spawnScript } from "./lib/child.ts";
import { recordFigures } from "./lib/figures.ts";
import { facadeDist, importUrl } from "./lib/paths.ts";
import { listFilesDeep } from "./lib/run-files.ts";

const TRAINING = `
import * as prov4ml from ${importUrl(facadeDist())};
const [saveDir] = process.argv.slice(2);
try {
  const run = await prov4ml.startRun({ experimentName: "adv", provenanceSaveDir: saveDir, logSourceCode: false,
    plugins: prov4ml.defaultPlugins({ mlflow: false }) });
  prov4ml.logMetric("loss", 1, prov4ml.Context.TRAINING, 0);
  const result = await prov4ml.endRun();
  console.log("RESULT " + JSON.stringify({ runDir: result.runDir }));
} catch (error) {
  console.log("ERROR " + JSON.stringify({ code: error.code, name: error.constructor.name, message: error.message }));
}
`;

describe("defect 7: credentials on the command line", () => {
  // Was a bug (core secrets.ts redactArgv): only --token=/--password-like flags and whole-URL
  // arguments were redacted; every form below was kept as-is in prov4ml:command_line.
  it("keeps no secret from any argv form in the run directory", async () => {
    const secret = `s3cr3t${randomBytes(8).toString("hex")}`;
    const argv = [
      `--db=postgres://u:${secret}@h/db`,
      `--pass=${secret}`,
      "-p",
      secret,
      `--key=${secret}`,
      `--access-key=${secret}`,
      `--pwd=${secret}`,
      `--bearer=${secret}`,
      `--passphrase=${secret}`,
      `MLFLOW_TRACKING_PASSWORD=${secret}`,
      `--header=Authorization: Bearer ${secret}`,
      `--wandb-key=${secret}`,
    ];
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-argv-"));
    const child = spawnScript(TRAINING, { args: [saveDir, ...argv], env: childEnv() });
    const { runDir } = JSON.parse((await child.waitFor(/RESULT (.+)\n/))[1]!) as { runDir: string };
    await child.exit;
    const files = listFilesDeep(runDir);
    const leaks = files.filter((file) => readFileSync(file, "utf8").includes(secret));
    const document = readFileSync(files.find((file) => file.endsWith(".json"))!, "utf8");
    recordFigures("7 argv credentials", {
      badInputs: argv.length,
      filesChecked: files.length,
      leaks: leaks.length,
    });
    expect(leaks).toEqual([]);
    expect(document).toContain("--db=postgres://h/db");
  });
});

describe.skipIf(process.platform !== "linux")("defect 9: kernel file systems as provenanceSaveDir", () => {
  // Was a bug (core run-directory.ts): startRun on /proc/self/prov spun at 100% CPU for good
  // (Node 20's recursive mkdir never returns there); /sys and /dev were not refused either.
  it("refuses /proc, /sys and /dev with a typed error, and the process ends", async () => {
    const dirs = ["/proc/self/prov", "/sys/prov4ml", "/dev/prov4ml"];
    for (const dir of dirs) {
      const child = spawnScript(TRAINING, { args: [dir], env: childEnv() });
      const error = JSON.parse((await child.waitFor(/ERROR (.+)\n/))[1]!) as {
        code: string;
        message: string;
      };
      expect((await child.exit).code).toBe(0);
      expect(error.code).toBe("UNUSABLE_DIRECTORY");
      expect(error.message).toContain("provenanceSaveDir");
    }
    recordFigures("9 kernel file systems", { trials: dirs.length, badInputs: dirs.length });
  });
});

const COERCIONS = `
import * as prov4ml from ${importUrl(facadeDist())};
const [saveDir] = process.argv.slice(2);
await prov4ml.startRun({ experimentName: "coerce", provenanceSaveDir: saveDir, logSourceCode: false,
  plugins: prov4ml.defaultPlugins({ mlflow: false }) });
const cases = {
  "step 1.5": () => prov4ml.logMetric("loss", 1, "training", 1.5),
  "step 2^60": () => prov4ml.logMetric("loss", 1, "training", { step: 2 ** 60 }),
  "undefined param": () => prov4ml.logParam("nothing", undefined),
  "Map param": () => prov4ml.logParam("map", new Map([["a", 1]])),
  "unknown parent": () => prov4ml.logContext("fold", { parent: "pretraining_phase" }),
  "half-bad batch": () => prov4ml.logMetrics({ good: 1, bad: "x" }),
};
const outcomes = {};
for (const [name, call] of Object.entries(cases)) {
  try { call(); outcomes[name] = "accepted"; } catch (error) { outcomes[name] = error.code ?? String(error); }
}
prov4ml.logParam("zero", -0);
const result = await prov4ml.endRun();
console.log("RESULT " + JSON.stringify({ outcomes, runDir: result.runDir, provJsonPath: result.provJsonPath }));
`;

describe("defect 11: silent coercions", () => {
  // Was a bug (core metric-options.ts, param-value.ts, contexts-and-params.ts, run.ts logMetrics):
  // step 1.5 was kept in the CSV but truncated by MLflow, 2^60 lost digits, undefined became
  // "undefined", a Map became {}, an unknown parent was created silently, and logMetrics kept
  // "good" although it threw for "bad".
  it("refuses each with a typed error, keeps nothing of a refused batch, and writes −0 as -0", async () => {
    const saveDir = mkdtempSync(join(tmpdir(), "prov4ml-fault-coerce-"));
    const child = spawnScript(COERCIONS, { args: [saveDir], env: childEnv() });
    const result = JSON.parse((await child.waitFor(/RESULT (.+)\n/))[1]!) as {
      outcomes: Record<string, string>;
      runDir: string;
      provJsonPath: string;
    };
    await child.exit;
    const outcomes = Object.values(result.outcomes);
    recordFigures("11 silent coercions", { badInputs: outcomes.length + 1 });
    expect(result.outcomes).toEqual({
      "step 1.5": "INVALID_ARGUMENT",
      "step 2^60": "INVALID_ARGUMENT",
      "undefined param": "INVALID_ARGUMENT",
      "Map param": "INVALID_ARGUMENT",
      "unknown parent": "INVALID_ARGUMENT",
      "half-bad batch": "INVALID_METRIC_VALUE",
    });
    const files = listFilesDeep(result.runDir).map((file) => file.slice(result.runDir.length + 1));
    expect(files.filter((file) => file.endsWith(".csv"))).toEqual([]);
    const document = readFileSync(result.provJsonPath, "utf8");
    expect(document).not.toContain("pretraining_phase");
    expect(document).toMatch(/"-0"/);
  });
});
