import { describe, expect, it } from "vitest";
import { runDocumentNames } from "./run-document-names.ts";

describe("runDocumentNames", () => {
  it("keeps only prov_*.json and orders by rank number, not by text", () => {
    const entries = [
      "prov_r_GR10_1.json",
      "metric.csv",
      "prov_r_GR2_1.json",
      "prov_r.json",
      "prov_r_GR0_1.json",
    ];
    expect(runDocumentNames(entries)).toEqual([
      "prov_r_GR0_1.json",
      "prov_r_GR2_1.json",
      "prov_r_GR10_1.json",
      "prov_r.json",
    ]);
  });

  it("breaks ties of rank by name and leaves its input as it was", () => {
    const entries = ["prov_b_GR1_1.json", "prov_a_GR1_1.json"];
    expect(runDocumentNames(entries)).toEqual(["prov_a_GR1_1.json", "prov_b_GR1_1.json"]);
    expect(entries).toEqual(["prov_b_GR1_1.json", "prov_a_GR1_1.json"]);
  });
});
