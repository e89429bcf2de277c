import { describe, expect, it } from "vitest";
import { lineageOf } from "./graph-lineage.ts";

describe("lineageOf", () => {
  it("follows edges both ways, but not into a sibling branch", () => {
    // data → train → model → eval; other → train; unrelated → eval2
    const edges = [
      { from: "train", to: "data" },
      { from: "train", to: "other" },
      { from: "model", to: "train" },
      { from: "eval", to: "model" },
      { from: "eval2", to: "unrelated" },
      { from: "side", to: "other" },
    ];
    expect([...lineageOf("model", edges)].sort()).toEqual(["data", "eval", "model", "other", "train"]);
    expect([...lineageOf("unrelated", edges)].sort()).toEqual(["eval2", "unrelated"]);
  });
});
