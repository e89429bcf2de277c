import { describe, expect, it } from "vitest";
import { contextKey, convertFormat, sameContext } from "./spellings.ts";

describe("CLI spellings", () => {
  it("takes Context.TRAINING and training as the same context, other names as written", () => {
    expect(contextKey("Context.TRAINING")).toBe("training");
    expect(contextKey("Context.VALIDATION")).toBe("validation");
    expect(sameContext("training", "Context.TRAINING")).toBe(true);
    expect(sameContext("Context.TESTING", "testing")).toBe(true);
    expect(sameContext("training", "validation")).toBe(false);
    expect(contextKey("fine_tuning")).toBe("fine_tuning");
    expect(sameContext("Training", "training")).toBe(false);
  });

  it("names a convert format by its --to name or the exporter's (turtle), any case", () => {
    expect(convertFormat("ttl")).toBe("ttl");
    expect(convertFormat("turtle")).toBe("ttl");
    expect(convertFormat("TURTLE")).toBe("ttl");
    expect(convertFormat("prov-json")).toBe("json");
    expect(convertFormat("prov-n")).toBe("provn");
    expect(convertFormat("xml")).toBeUndefined();
    expect(convertFormat("toString")).toBeUndefined();
  });
});
