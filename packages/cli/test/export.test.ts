/**
 * `prov4ml export --ro-crate` over a hand-made run directory; the crate is read back by the Python
 * `rocrate` package of the reference venv (`.venv`, made by `npm test`).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { writeProv4mlRun } from "./prov4ml-run.ts";
import { isOneLineError, runCli } from "./run-cli.ts";

const READ_WITH_ROCRATE = `
import sys, json
from rocrate.rocrate import ROCrate
crate = ROCrate(sys.argv[1])
print(json.dumps({"main": crate.root_dataset["mainEntity"].id,
  "files": {e.id: {"contentSize": e["contentSize"], "encodingFormat": e["encodingFormat"], "sha256": e["sha256"]} for e in crate.data_entities}}))
`;

describe("export", () => {
  it.runIf(hasReferencePython())(
    "writes an RO-Crate of the run that rocrate reads: document and metric file with size, format, SHA-256",
    async () => {
      const run = writeProv4mlRun({ status: "FINISHED" });
      // Inside the run directory: the crate must not contain itself.
      const zip = join(run.dir, "crate.zip");
      const result = await runCli("export", run.dir, "--ro-crate", zip);
      expect(result.err).toBe("");
      expect(result.status).toBe(0);
      expect(result.out).toMatch(/crate\.zip: RO-Crate of 2 files, \d+ bytes/);
      const out = runPython(READ_WITH_ROCRATE, [zip]);
      expect(out.stderr).toBe("");
      const crate = JSON.parse(out.stdout);
      const bytes = readFileSync(run.file);
      expect(crate.main).toBe("prov_mnist_GR0_1.json");
      expect(crate.files["prov_mnist_GR0_1.json"]).toEqual({
        contentSize: String(bytes.length),
        encodingFormat: "application/json",
        sha256: createHash("sha256").update(bytes).digest("hex"),
      });
      expect(Object.keys(crate.files).sort()).toEqual([
        "metrics_GR0/loss_training_user_GR0.csv",
        "prov_mnist_GR0_1.json",
      ]);
      expect(crate.files["metrics_GR0/loss_training_user_GR0.csv"].encodingFormat).toBe("text/csv");
    },
  );

  it("asks for --ro-crate, and says what a directory without a run document is", async () => {
    const run = writeProv4mlRun({ status: "FINISHED" });
    const missing = await runCli("export", run.dir);
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/--ro-crate/);
    const empty = mkdtempSync(join(tmpdir(), "prov4ml-cli-"));
    const notRun = await runCli("export", empty, "--ro-crate", join(empty, "out.zip"));
    expect(notRun.status).toBe(1);
    expect(isOneLineError(notRun.err)).toBe(true);
    expect(notRun.err).toMatch(/prov_\*\.json/);
  });
});
