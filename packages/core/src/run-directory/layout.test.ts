import { describe, expect, it } from "vitest";
import { recordId } from "../run/run-document.ts";
import { metricFilePath, seriesKeyOfMetricStem } from "./layout.ts";

describe("run layout names", () => {
  it("keeps yProv4ML's readable file names for ordinary series", () => {
    expect(metricFilePath("epoch_time", "training", "prov4ml", 0)).toBe(
      "metrics_GR0/epoch_time_training_prov4ml_GR0.csv",
    );
  });

  it("writes readable names for multi-word sources, as yProv4ML does", () => {
    expect(metricFilePath("epoch_time", "training", "execution_time", 0)).toBe(
      "metrics_GR0/epoch_time_training_execution_time_GR0.csv",
    );
    expect(metricFilePath("cpu_usage", "validation", "system", 3)).toBe(
      "metrics_GR3/cpu_usage_validation_system_GR3.csv",
    );
  });

  it("reads back today's names and those of earlier versions (execution%5Ftime)", () => {
    const key = { name: "epoch_time", context: "training", source: "execution_time" };
    expect(seriesKeyOfMetricStem("epoch_time_training_execution_time")).toEqual(key);
    expect(seriesKeyOfMetricStem("epoch_time_training_execution%5Ftime")).toEqual(key);
    expect(seriesKeyOfMetricStem("a%2Fb_my%5Fctx_prov4ml")).toEqual({
      name: "a/b",
      context: "my_ctx",
      source: "prov4ml",
    });
  });

  it("encodes '_' in context and source only where the readable name would not read back", () => {
    const path = metricFilePath("a", "b_c", "prov4ml", 0);
    expect(path).toBe("metrics_GR0/a_b%5Fc_prov4ml_GR0.csv");
    expect(seriesKeyOfMetricStem("a_b%5Fc_prov4ml")).toEqual({
      name: "a",
      context: "b_c",
      source: "prov4ml",
    });
    expect(metricFilePath("a_b", "c", "prov4ml", 0)).toBe("metrics_GR0/a_b_c_prov4ml_GR0.csv");
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
