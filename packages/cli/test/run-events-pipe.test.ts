/**
 * `prov4ml run --events-pipe`: PROV4ML_EVENTS is the path of a named pipe, for programs that cannot
 * inherit descriptor 3. A real python3 child and its subprocess (which inherits no descriptors)
 * each open the path, write JSON lines and close it; every record lands in the run.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { activityOf, attributeValue, RUN_FIXTURES, readRun, runBin, tagsOf } from "./run-cli-process.ts";

describe("prov4ml run --events-pipe", () => {
  it("takes JSON lines from every writer of the named pipe, then removes it", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "prov4ml-run-events-"));
    const result = await runBin(
      ["run", "--no-carbon", "--events-pipe", "--", "python3", join(RUN_FIXTURES, "events_pipe.py")],
      { cwd, env: { MLFLOW_TRACKING_URI: "" } },
    );
    expect(result.err).toBe("");
    expect(result.status).toBe(0);
    const path = result.out.toString().trim();
    expect(path).toMatch(/prov4ml-run-.*[/]events$/);
    expect(existsSync(dirname(path))).toBe(false);
    const { dir, doc } = readRun(cwd);
    expect(tagsOf(activityOf(doc))).toMatchObject({ protocol_records: "4", protocol_malformed: "0" });
    const rows = readFileSync(join(dir, "metrics_GR0", "loss_training_prov4ml_GR0.csv"), "utf8")
      .trim()
      .split("\n");
    expect(rows.slice(1).map((row) => row.split(",").slice(0, 2).join(","))).toEqual([
      "0,1",
      "1,0.5",
      "2,0.3333333333333333",
    ]);
    const params = Object.values(doc.entity ?? {}).filter((e) => e["prov:label"] === "from_subprocess");
    expect(params.map((e) => attributeValue(e["prov:value"]))).toEqual(["yes"]);
  });
});
