import { describe, expect, it } from "vitest";
import { MlflowValidationError } from "./errors.ts";
import { keyProblem, truncate, validateKey, validateParamValue } from "./validation.ts";

describe("MLflow key rules", () => {
  it.each(["loss", "training/loss", "system/gpu_0_utilization_percentage", "a b-c.d_e", "ñandú/été"])(
    "accepts %s",
    (key) => expect(keyProblem(key)).toBeUndefined(),
  );
  it.each([
    ["", "empty"],
    ["a".repeat(251), "longer than 250"],
    ["loss!", "only letters"],
    ["a:b", "only letters"],
    ["/loss", "paths"],
    ["loss/", "paths"],
    ["a//b", "paths"],
    ["a/../b", "paths"],
    ["./a", "paths"],
  ])("rejects %j (%s)", (key, reason) => expect(keyProblem(key)).toContain(reason));

  it("throws a clear MlflowValidationError before anything is sent", () => {
    expect(() => validateKey("metric", "bad key!")).toThrow(MlflowValidationError);
    expect(() => validateKey("metric", "bad key!")).toThrow(/invalid MLflow metric key "bad key!"/);
    expect(() => validateParamValue("p", "x".repeat(6001))).toThrow(/at most 6000/);
    expect(() => validateParamValue("p", "x".repeat(6000))).not.toThrow();
  });

  it("truncates to the limit with a marker", () => {
    const cut = truncate("x".repeat(100), 50);
    expect(cut).toHaveLength(50);
    expect(cut.endsWith("[truncated]")).toBe(true);
    expect(truncate("short", 50)).toBe("short");
  });
});
