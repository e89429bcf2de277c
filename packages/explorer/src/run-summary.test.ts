import { hostname } from "node:os";
import type { RunView } from "@prov4ml/exporter-prov";
import { describe, expect, it } from "vitest";
import { summariseRun, unreadableRun } from "./run-summary.ts";

function view(status: RunView["status"], attributes: RunView["attributes"] = {}): RunView {
  return {
    generation: "prov4ml",
    experimentName: "exp",
    runName: "exp_GR0_0",
    status,
    startTime: "2026-01-01T00:00:00.000Z",
    endTime: "2026-01-01T00:00:02.500Z",
    params: { lr: 0.1 },
    metrics: [
      {
        name: "loss",
        context: "training",
        source: "prov4ml",
        last: 0.25,
        load: async () => ({
          steps: new Float64Array(),
          values: new Float64Array(),
          timestamps: new Float64Array(),
        }),
      },
    ],
    artifacts: [],
    models: [],
    datasets: [],
    attributes,
    repairs: [],
  };
}

describe("summariseRun", () => {
  it("reads duration, last metrics and the carbon totals", () => {
    const summary = summariseRun(
      view("FINISHED", { "prov4ml:carbon_energy_consumed_kwh": 0.5, "prov4ml:carbon_emissions_kg": 0.2 }),
      "id",
      "exp_0",
    );
    expect(summary).toMatchObject({ status: "FINISHED", durationMs: 2500, energyKWh: 0.5, emissionsKg: 0.2 });
    expect(summary.lastMetrics).toEqual({ "loss (training)": 0.25 });
  });

  it("calls a RUNNING run whose process is gone 'not closed', and one whose process lives RUNNING", () => {
    const dead = summariseRun(
      view("RUNNING", { "prov4ml:pid": 2 ** 22 + 12345, "prov4ml:hostname": hostname() }),
      "a",
      "a",
    );
    expect(dead.status).toBe("not closed");
    const elsewhere = summariseRun(
      view("RUNNING", { "prov4ml:pid": process.pid, "prov4ml:hostname": "another-host" }),
      "b",
      "b",
    );
    expect(elsewhere.status).toBe("not closed");
    const alive = summariseRun(
      view("RUNNING", { "prov4ml:pid": process.pid, "prov4ml:hostname": hostname() }),
      "c",
      "c",
    );
    expect(alive.status).toBe("RUNNING");
  });

  it("keeps the reason a run could not be read", () => {
    expect(unreadableRun("id", "x.json", new Error("truncated")).error).toBe("truncated");
  });
});
