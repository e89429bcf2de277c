import { describe, expect, it } from "vitest";
import { closestKnownContext, editDistance } from "./context-suggestion.ts";

describe("closestKnownContext", () => {
  it("suggests the built-in or declared context a typo is close to", () => {
    expect(closestKnownContext("trainig", [])).toBe("training");
    expect(closestKnownContext("vaildation", [])).toBe("validation");
    expect(closestKnownContext("finetunning", ["finetuning"])).toBe("finetuning");
  });

  it("leaves exact and clearly different names alone", () => {
    expect(closestKnownContext("training", [])).toBeUndefined();
    expect(closestKnownContext("finetuning", ["finetuning"])).toBeUndefined();
    expect(closestKnownContext("inference", [])).toBeUndefined();
    // Seen in the fault suite's random runs: short names are near everything.
    expect(closestKnownContext("🎉", ["lr"])).toBeUndefined();
    expect(closestKnownContext("a=b", ["a b"])).toBeUndefined();
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("trianing", "training")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
