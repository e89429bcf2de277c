/**
 * Regression tests for the defects an adversarial run found (issue 12) on the core's side, each in
 * a real child process importing the built facade: credentials on the command line (defect 7) and
 * a provenance directory on a kernel file system (defect 9). Each adds a row to the figures table.
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
