/**
 * Integration test: needs a real MLflow server and the reference Python venv. Four processes
 * (RANK 0..3, WORLD_SIZE 4) log 10,000 points each into one MLflow run: rank 0 creates it and
 * publishes its id in `<runDir>/mlflow_run_id`, the others attach.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { hasReferencePython } from "@prov4ml/vitest-config";
import { describe, expect, it } from "vitest";
import { countPoints, python, sharedServerUri, tempDir } from "./helpers.ts";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./workers/rank-worker.mjs", import.meta.url));

describe.runIf(hasReferencePython())("several processes, one MLflow run", () => {
  it("4 processes × 10,000 points land in one run, all present", { timeout: 600_000 }, async () => {
    const uri = sharedServerUri();
    const runDir = tempDir();
    const experiment = `ranks-${Date.now()}`;
    const outputs = await Promise.all(
      [0, 1, 2, 3].map((rank) =>
        run(process.execPath, [worker, uri, runDir, experiment, "10000"], {
          env: { ...process.env, RANK: String(rank), WORLD_SIZE: "4" },
        }),
      ),
    );
    const results = outputs.map((output) => JSON.parse(output.stdout.trim().split("\n").pop()!));
    const runIds = new Set(results.map((result) => result.info.mlflow_run_id));
    expect(runIds.size).toBe(1);
    const [runId] = [...runIds] as string[];
    expect(readFileSync(join(runDir, "mlflow_run_id"), "utf8").trim()).toBe(runId);
    for (const result of results) expect(result.messages).toEqual([]);

    const keys = [0, 1, 2, 3].map((rank) => `training/loss/GR${rank}`);
    expect(await countPoints(uri, runId!, keys)).toEqual(
      Object.fromEntries(keys.map((key) => [key, 10_000])),
    );
    // Checked with mlflow's own client too: one run in the experiment, finished by rank 0.
    const seen = python<{ runs: number; status: string; points: number }>(
      `
import json, sys
from mlflow.tracking import MlflowClient
c = MlflowClient(sys.argv[1])
exp = c.get_experiment_by_name(sys.argv[2])
runs = c.search_runs([exp.experiment_id])
r = runs[0]
print(json.dumps({"runs": len(runs), "status": r.info.status, "points": sum(len(c.get_metric_history(r.info.run_id, f"training/loss/GR{k}")) for k in range(4))}))
`,
      [uri, experiment],
    );
    expect(seen).toEqual({ runs: 1, status: "FINISHED", points: 40_000 });
  });
});
