/**
 * Needs the reference Python venv (`.venv`, made by `npm test`) with the `rocrate` package: the
 * RO-Crate `endRun({ createRoCrate: true })` writes is read back by it, every file checked.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import * as prov4ml from "../src/index.ts";

const READ_WITH_ROCRATE = `
import sys, json, hashlib
from urllib.parse import unquote
from rocrate.rocrate import ROCrate
crate = ROCrate(sys.argv[1])
root = crate.root_dataset
files = []
for e in crate.data_entities:
    data = (crate.source / unquote(e.id)).read_bytes()
    files.append({"id": e.id, "type": e.type, "contentSize": e["contentSize"], "encodingFormat": e["encodingFormat"],
      "sha256": e["sha256"], "actual": {"size": str(len(data)), "sha256": hashlib.sha256(data).hexdigest()}})
run = crate.get("#run")
print(json.dumps({
  "conformsTo": crate.metadata["conformsTo"].id if hasattr(crate.metadata["conformsTo"], "id") else crate.metadata["conformsTo"],
  "name": root["name"], "mainEntity": root["mainEntity"].id,
  "files": files,
  "run": {"type": run.type, "name": run["name"], "status": run["actionStatus"].id if hasattr(run["actionStatus"], "id") else run["actionStatus"],
    "result": sorted(r.id for r in run["result"])},
}))
`;

describe.runIf(hasReferencePython())("the RO-Crate of a run, read by the Python rocrate package", () => {
  it("endRun({ createRoCrate: true }) packs the PROV document, metric files and artifacts, each with size, format and SHA-256", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-crate-"));
    const weights = join(dir, "weights bin.txt");
    writeFileSync(weights, "w".repeat(100));
    await prov4ml.startRun({
      experimentName: "crate",
      provenanceSaveDir: join(dir, "prov"),
      closeOnExit: false,
      logSourceCode: false,
    });
    prov4ml.logParam("lr", 0.01);
    for (let step = 0; step < 3; step++)
      prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
    await prov4ml.logArtifact(weights);
    const result = await prov4ml.endRun({ createRoCrate: true, createGraph: true });
    expect(result.warnings).toEqual([]);
    const zip = result.files["ro-crate"]!;
    expect(zip).toBe(join(dir, "prov", "crate_0.zip"));

    const out = runPython(READ_WITH_ROCRATE, [zip]);
    expect(out.stderr).toBe("");
    const crate = JSON.parse(out.stdout);
    expect(crate.conformsTo).toBe("https://w3id.org/ro/crate/1.1");
    expect(crate.name).toBe("crate — crate_GR0_0");
    const document = basename(result.provJsonPath!);
    expect(crate.mainEntity).toBe(document);
    const ids = crate.files.map((file: { id: string }) => file.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        document,
        "prov_crate_GR0_0.dot",
        "metrics_GR0/loss_training_prov4ml_GR0.csv",
        "artifacts_GR0/weights%20bin.txt",
      ]),
    );
    for (const file of crate.files) {
      expect(file.type).toBe("File");
      expect({ size: file.contentSize, sha256: file.sha256 }).toEqual(file.actual);
    }
    const format = (id: string) => crate.files.find((file: { id: string }) => file.id === id).encodingFormat;
    expect(format(document)).toBe("application/json");
    expect(format("metrics_GR0/loss_training_prov4ml_GR0.csv")).toBe("text/csv");
    expect(format("artifacts_GR0/weights%20bin.txt")).toBe("text/plain");
    expect(crate.run).toMatchObject({
      type: "CreateAction",
      name: "crate_GR0_0",
      status: "http://schema.org/CompletedActionStatus",
    });
    expect(crate.run.result).toContain("artifacts_GR0/weights%20bin.txt");
  });
});
