/** `prov4ml graph`: the overview by default, the complete drawing with --details (in-process). */
import { describe, expect, it } from "vitest";
import { fixture, runCli } from "./run-cli.ts";

describe("graph", () => {
  it("draws the overview by default: left to right, series and metrics folded, a legend", async () => {
    const result = await runCli("graph", fixture("provgraph_3DGAN.json"));
    expect(result.status).toBe(0);
    expect(result.out).toContain('rankdir="LR"');
    expect(result.out).toMatch(/label="Metric ×22 \(Context\.TRAINING\)\\n/);
    expect(result.out).toContain("legend [shape=plaintext");
    expect(result.out.split("\n").length).toBeLessThan(100);
  });

  it("draws every element with --details, and any detail option implies it", async () => {
    const details = await runCli("graph", fixture("provgraph_3DGAN.json"), "--details");
    expect(details.status).toBe(0);
    expect(details.out).toContain('rankdir = "BT"');
    expect(details.out).not.toContain("legend");
    const direction = await runCli("graph", fixture("provgraph_3DGAN.json"), "--direction", "RL");
    expect(direction.out).toContain('rankdir = "RL"');
  });
});
