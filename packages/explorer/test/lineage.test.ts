/**
 * Integration test: lineage across two runs made by the prov4ml facade — a training run that
 * `logModel`s a file and an evaluation run that logs the same file with `isInput: true` — read
 * back from disk by `findLineage`/`loadLineage` and by the server's `/api/lineage`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunLineage } from "../src/api-types.ts";
import { findLineage } from "../src/find-lineage.ts";
import { loadLineage } from "../src/load-lineage.ts";
import { type ExplorerServer, startExplorer } from "../src/server.ts";
import { type LineageRuns, makeLineageRuns } from "./make-runs.ts";

let runs: LineageRuns;
let server: ExplorerServer;

beforeAll(async () => {
  runs = await makeLineageRuns();
  server = await startExplorer({ dirs: [runs.dir] });
});

afterAll(async () => {
  await server?.close();
});

function runName(lineage: RunLineage, id: string): string | undefined {
  return lineage.runs.find((run) => run.id === id)?.experiment;
}

describe("lineage across runs", () => {
  it("joins the training run that generated a model file and the evaluation run that used it", async () => {
    const lineage = await loadLineage([runs.dir]);
    const model = lineage.files.find((file) => file.names.includes("classifier.bin"))!;
    expect(model.kind).toBe("model");
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.generatedBy.map((id) => runName(lineage, id))).toEqual(["train"]);
    expect(model.usedBy.map((id) => runName(lineage, id))).toEqual(["evaluate"]);
  });

  it("answers for a file, its SHA-256, and a run directory", async () => {
    const byFile = await findLineage(runs.modelFile, [runs.dir]);
    expect(byFile.target.kind).toBe("file");
    expect(byFile.files).toHaveLength(1);
    const [file] = byFile.files;
    expect(runName(byFile.lineage, file!.generatedBy[0]!)).toBe("train");
    const bySha = await findLineage(file!.sha256!.toUpperCase(), [runs.dir]);
    expect(bySha.files.map((match) => match.key)).toEqual([file!.key]);
    const byRun = await findLineage(runs.evaluateDir, []); // a run dir needs no search dirs for its own files
    expect(byRun.target).toMatchObject({ kind: "run", run: { experiment: "evaluate" } });
    expect(byRun.files.map((match) => match.key)).toContain(file!.key);
  });

  it("says what to give when the target does not exist", async () => {
    await expect(findLineage("/nonexistent/model.bin", [runs.dir])).rejects.toMatchObject({
      code: "EXPLORER_LINEAGE",
      message: expect.stringMatching(/give a file, its SHA-256/),
    });
  });

  it("serves the same lineage at /api/lineage", async () => {
    const lineage = (await (await fetch(new URL("/api/lineage", server.url))).json()) as RunLineage;
    const model = lineage.files.find((file) => file.names.includes("classifier.bin"))!;
    expect([model.generatedBy.length, model.usedBy.length]).toEqual([1, 1]);
  });
});
