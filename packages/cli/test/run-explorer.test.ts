/**
 * A wrapped run in the explorer: `prov4ml run -- python3 train.py` (a real child, the machine's
 * python3), then the explorer's server (on 127.0.0.1, started here) lists it like any other run —
 * status, experiment, params, last metrics — and its page's data holds the metric series and the
 * logs, downloadable. Needs @prov4ml/explorer built.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunDetail, type RunSummary, startExplorer } from "@prov4ml/explorer";
import { describe, expect, it } from "vitest";
import { RUN_FIXTURES, runBin } from "./run-cli-process.ts";

describe("prov4ml run in the explorer", () => {
  it("lists the wrapped run like any other, with its params, metrics and logs", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-explorer-"));
    const result = await runBin(
      ["run", "--no-carbon", "--", "python3", join(RUN_FIXTURES, "train.py"), "w.txt"],
      {
        cwd,
        env: { MLFLOW_TRACKING_URI: "" },
      },
    );
    expect(result.status).toBe(0);
    const explorer = await startExplorer({ dirs: [join(cwd, "prov")] });
    try {
      const get = async <T>(path: string) => (await (await fetch(new URL(path, explorer.url))).json()) as T;
      const { runs } = await get<{ runs: RunSummary[] }>("/api/runs");
      expect(runs).toHaveLength(1);
      const [run] = runs as [RunSummary];
      expect(run).toMatchObject({ status: "FINISHED", experiment: "train" });
      expect(run.error).toBeUndefined();
      expect(run.params).toMatchObject({ learning_rate: "0.01" });
      expect(run.lastMetrics["loss (training)"]).toBeCloseTo(1 / 3);
      const detail = await get<RunDetail>(`/api/runs/${run.id}`);
      expect(detail.metrics.find((series) => series.name === "loss")?.count).toBe(3);
      const logs = detail.artifacts.filter((artifact) => artifact.name.startsWith("logs/"));
      expect(logs.map((artifact) => artifact.name).sort()).toEqual(["logs/stderr.log", "logs/stdout.log"]);
      const stderrLog = logs.find((artifact) => artifact.name === "logs/stderr.log");
      const text = await (await fetch(new URL(stderrLog?.download as string, explorer.url))).text();
      expect(text).toBe("epoch done, api_token=***\n");
    } finally {
      await explorer.close();
    }
  }, 120_000);
});
