import type { RunView } from "@prov4ml/exporter-prov";
import { describe, expect, it } from "vitest";
import { environmentFacts } from "./environment-facts.ts";

function view(partial: Partial<RunView>): RunView {
  return {
    generation: "prov4ml",
    status: "FINISHED",
    params: {},
    metrics: [],
    artifacts: [],
    models: [],
    datasets: [],
    attributes: {},
    repairs: [],
    ...partial,
  };
}

describe("environmentFacts", () => {
  it("lists the git state first, says when the checkout was dirty, then the machine", () => {
    const rows = environmentFacts(
      view({
        sourceCode: { commit: "abc123", branch: "main", dirty: true },
        attributes: { "prov4ml:node_version": "v20.19.0", "prov4ml:os": "linux", "prov4ml:pid": 42 },
      }),
    );
    expect(rows).toEqual([
      ["git commit", "abc123 (with uncommitted changes)"],
      ["git branch", "main"],
      ["Node.js", "v20.19.0"],
      ["OS", "linux"],
    ]);
  });

  it("is empty for a run that recorded neither (a yProv4ML document without them)", () => {
    expect(environmentFacts(view({ generation: "yprov4ml-v2" }))).toEqual([]);
  });
});
