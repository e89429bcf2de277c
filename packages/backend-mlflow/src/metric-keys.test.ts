import { type RunInfo, silentLogger } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { metricKeyResolver, systemMetricName } from "./metric-keys.ts";

const run = (rank: number, worldSize: number): RunInfo => ({
  runId: "00000000-0000-4000-8000-000000000000",
  runName: `exp_GR${rank}_1`,
  runNumber: 1,
  experimentName: "exp",
  rank,
  worldSize,
  runDir: "/tmp/exp_1",
  startTime: 0,
  userNamespace: "http://example.org/",
  user: "me",
  description: undefined,
  tags: {},
  logger: silentLogger,
});

describe("metric keys", () => {
  it("maps contexts to the UI's groups: training/loss, validation/accuracy", () => {
    const key = metricKeyResolver(run(0, 1), undefined);
    expect(key({ name: "loss", context: "training", source: "prov4ml" })).toBe("training/loss");
    expect(key({ name: "accuracy", context: "validation", source: "prov4ml" })).toBe("validation/accuracy");
  });

  it("keeps ranks apart in a shared run and accepts a template or a function", () => {
    expect(
      metricKeyResolver(run(2, 4), undefined)({ name: "loss", context: "training", source: "prov4ml" }),
    ).toBe("training/loss/GR2");
    expect(
      metricKeyResolver(
        run(0, 1),
        "{name}.{context}",
      )({ name: "loss", context: "training", source: "prov4ml" }),
    ).toBe("loss.training");
    expect(
      metricKeyResolver(run(0, 1), (s) => `x/${s.name}`)({ name: "l", context: "c", source: "prov4ml" }),
    ).toBe("x/l");
  });

  it("puts collector metrics under system/ with MLflow's names", () => {
    const key = metricKeyResolver(run(0, 1), undefined);
    expect(key({ name: "cpu_usage", context: "training", source: "@prov4ml/collector-system" })).toBe(
      "system/cpu_utilization_percentage",
    );
    expect(systemMetricName("gpu_usage_1")).toBe("gpu_1_utilization_percentage");
    expect(systemMetricName("gpu_memory_usage_0")).toBe("gpu_0_memory_usage_percentage");
    expect(systemMetricName("memory_usage")).toBe("system_memory_usage_percentage");
    expect(systemMetricName("something_else")).toBe("something_else");
    const rank3 = metricKeyResolver(run(3, 4), undefined);
    expect(rank3({ name: "disk_usage", context: "training", source: "x" })).toBe(
      "system/GR3/disk_usage_percentage",
    );
    expect(rank3({ name: "disk_usage", context: "t", source: "x" })).toBe(
      "system/GR3/t/disk_usage_percentage",
    );
  });

  it("keys execution times like user metrics and keeps the context of system samples apart", () => {
    const key = metricKeyResolver(run(0, 1), undefined);
    expect(key({ name: "epoch_time", context: "training", source: "execution_time" })).toBe(
      "training/epoch_time",
    );
    expect(key({ name: "cpu_usage", context: "training", source: "system" })).toBe(
      "system/cpu_utilization_percentage",
    );
    expect(key({ name: "cpu_usage", context: "validation", source: "system" })).toBe(
      "system/validation/cpu_utilization_percentage",
    );
    expect(key({ name: "emissions", context: "validation", source: "carbon" })).toBe(
      "system/validation/emissions",
    );
  });
});
