/**
 * Integration test: needs a real MLflow server (PROV4ML_TEST_MLFLOW_URI, which `npm test` starts)
 * and the reference Python venv; reads the run's artifacts back with mlflow's own Python client.
 * The facade uploads the run's report among the MLflow run's artifacts at endRun.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mlflowBackend } from "@prov4ml/backend-mlflow";
import { renderReport } from "@prov4ml/explorer";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import * as prov4ml from "../src/index.ts";

const uri = process.env.PROV4ML_TEST_MLFLOW_URI;

const READ_REPORTS = `
import sys, json, tempfile, os
from mlflow.tracking import MlflowClient
c = MlflowClient(sys.argv[1])
out = {}
for run_id in sys.argv[2:]:
    names = [f.path for f in c.list_artifacts(run_id)]
    body = None
    if "prov4ml_report.html" in names:
        body = open(c.download_artifacts(run_id, "prov4ml_report.html", tempfile.mkdtemp()), encoding="utf-8").read()
    out[run_id] = {"artifacts": names, "report": body}
print(json.dumps(out))
`;

async function mlflowRun(experimentName: string, endOptions: prov4ml.FacadeEndRunOptions) {
  await prov4ml.startRun({
    experimentName,
    provenanceSaveDir: join(mkdtempSync(join(tmpdir(), "prov4ml-report-")), "prov"),
    closeOnExit: false,
    logSourceCode: false,
    extraPlugins: [mlflowBackend({ trackingUri: uri })],
  });
  prov4ml.logParam("lr", 0.01);
  for (let step = 0; step < 5; step++)
    prov4ml.logMetric("loss", 1 / (step + 1), prov4ml.Context.TRAINING, step);
  const result = await prov4ml.endRun(endOptions);
  expect(result.warnings).toEqual([]);
  return result;
}

describe.runIf(uri !== undefined && hasReferencePython())("the run's report in MLflow", () => {
  it("endRun uploads the self-contained report among the MLflow run's artifacts; mlflowReport: false leaves it out", async () => {
    const experimentName = `report-${Date.now()}`;
    const withReport = await mlflowRun(experimentName, {});
    const without = await mlflowRun(experimentName, { mlflowReport: false });
    const ids = [withReport, without].map((result) => String(result.backendInfo.mlflow_run_id));
    const out = runPython(READ_REPORTS, [uri!, ...ids]);
    expect(out.stderr).toBe("");
    const seen = JSON.parse(out.stdout);
    expect(seen[ids[0]!].artifacts).toContain("prov4ml_report.html");
    expect(seen[ids[0]!].report).toBe(await renderReport(withReport.runDir));
    expect(seen[ids[1]!].artifacts).not.toContain("prov4ml_report.html");
    // The PROV document still goes as before, beside the report.
    expect(seen[ids[1]!].artifacts).toContain(`prov_${without.runName}.json`);
  });
});
