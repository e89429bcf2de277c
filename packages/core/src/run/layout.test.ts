import { describe, expect, it } from "vitest";
import { metricFilePath } from "./layout.ts";
import { recordId } from "./run-document.ts";

describe("run layout names", () => {
  it("keeps yProv4ML's readable file names for ordinary series", () => {
    expect(metricFilePath("epoch_time", "training", "prov4ml", 0)).toBe(
      "metrics_GR0/epoch_time_training_prov4ml_GR0.csv",
    );
  });

  it("never gives two series one file or one id, wherever '_' or '.' fall", () => {
    expect(metricFilePath("a_b", "c", "prov4ml", 0)).not.toBe(metricFilePath("a", "b_c", "prov4ml", 0));
    expect(metricFilePath("a", "b", "c_prov4ml", 0)).not.toBe(metricFilePath("a_b", "c", "prov4ml", 0));
    expect(recordId("run", "metric", "x", "y.z", "s")).not.toBe(recordId("run", "metric", "x.y", "z", "s"));
    expect(recordId("run", "metric", "a/b", "%2E", "s")).not.toBe(recordId("run", "metric", "a/b", ".", "s"));
  });

  it("keeps file names under 255 bytes for the longest accepted names", () => {
    const name = "é".repeat(250); // 6 bytes each once percent-encoded
    const path = metricFilePath(name, "ctx", "prov4ml", 0);
    const file = path.split("/")[1]!;
    expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
    expect(metricFilePath(`${name}x`, "ctx", "prov4ml", 0)).not.toBe(path);
  });
});
