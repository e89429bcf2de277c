/**
 * Needs the reference Python venv (`.venv`, made by `npm test`): the `prov` package must read
 * every kind of run document prov4ml writes and serialise it to PROV-N.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import * as prov4ml from "../src/index.ts";

const READ_WITH_PROV = `
import sys, json
import prov.model as pm
from prov.model import ProvDocument
doc = ProvDocument.deserialize(sys.argv[1], format="json")
provn = doc.get_provn()
records = list(doc.get_records())
print(json.dumps({
  "records": len(records),
  "entities": len([r for r in records if isinstance(r, pm.ProvEntity)]),
  "activities": len([r for r in records if isinstance(r, pm.ProvActivity)]),
  "agents": len([r for r in records if isinstance(r, pm.ProvAgent)]),
  "provn_lines": provn.count("\\n"),
  "namespaces": sorted(ns.uri for ns in doc.get_registered_namespaces()),
  "default": doc.get_default_namespace().uri if doc.get_default_namespace() else None,
  "used_sha256": sorted(
    str(e.get_attribute("prov4ml:sha256").pop())
    for u in records if isinstance(u, pm.ProvUsage)
    for e in [doc.get_record(u.get_attribute("prov:entity").pop())[0]]
    if e.get_attribute("prov4ml:sha256")
  ),
}))
`;

describe.runIf(hasReferencePython())("run documents read by the reference Python prov package", () => {
  it("reads a run with every kind of record, odd names and non-finite values", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prov4ml-ref-"));
    const data = join(dir, "data.csv");
    writeFileSync(data, "x,y\n1,2\n");
    await prov4ml.startRun({
      experimentName: "reference check",
      provUserNamespace: "https://example.org/ml/",
      provenanceSaveDir: join(dir, "prov"),
      closeOnExit: false,
      tags: { team: "vision" },
    });
    prov4ml.logParams({
      lr: 0.001,
      optimizer: "adam",
      layers: [64, 32],
      flag: true,
      "weird name/é ü 日本": "x",
    });
    prov4ml.logContext("fold (1)", { parent: prov4ml.Context.TRAINING });
    for (let step = 0; step < 5; step++) {
      prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
      prov4ml.logMetric("acc:top-1", step / 5, prov4ml.Context.VALIDATION, step);
      prov4ml.logMetric(
        "odd",
        step === 2 ? Number.NaN : step === 3 ? Number.NEGATIVE_INFINITY : step,
        "fold (1)",
        step,
      );
    }
    prov4ml.logDataset("mnist/train", {
      stats: { total_samples: 60000, shuffle: true },
      source: "file:///data/mnist",
    });
    const input = await prov4ml.logArtifact(data, { name: "inputs/data.csv", isInput: true });
    await prov4ml.logModel({ w: new Float32Array(10) }, "mlp", { file: data });
    prov4ml.setTag("stage", "dev");
    const result = await prov4ml.endRun();

    const out = runPython(READ_WITH_PROV, [result.provJsonPath!]);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    const summary = JSON.parse(out.stdout);
    expect(summary.activities).toBeGreaterThanOrEqual(4); // run + training, validation, fold (1)
    expect(summary.agents).toBe(1);
    expect(summary.entities).toBeGreaterThanOrEqual(5 + 3 + 3); // params, metrics, dataset/artifacts/model
    expect(summary.provn_lines).toBeGreaterThan(summary.records);
    expect(summary.default).toBe("https://example.org/ml/");
    // The input file is used (not generated), with its SHA-256.
    expect(summary.used_sha256).toContain(input.sha256);
    expect(summary.namespaces).toEqual(
      expect.arrayContaining(["https://w3id.org/prov4ml/ns#", "http://www.w3.org/ns/mls#"]),
    );
  });
});
