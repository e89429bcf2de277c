import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDocumentFile } from "./run-graph.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("runDocumentFile", () => {
  it("picks the lowest rank by number, as loadRun does (GR2 before GR10)", async () => {
    dir = mkdtempSync(join(tmpdir(), "prov4ml-run-graph-"));
    for (const name of ["prov_x_GR10_1.json", "prov_x_GR2_1.json", "notes.json"])
      writeFileSync(join(dir, name), "{}");
    expect(await runDocumentFile(dir)).toBe(join(dir, "prov_x_GR2_1.json"));
  });

  it("returns a document path as it is", async () => {
    expect(await runDocumentFile("/runs/prov_a_GR0_1.json")).toBe("/runs/prov_a_GR0_1.json");
  });
});
