import { join } from "node:path";
import { ProvDocument } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { loadProvJsonFile } from "../../test/load-prov-json.ts";
import { parseDot } from "../../test/parse-dot.ts";
import { renderSvg } from "../render-svg.ts";
import { toOverviewDot } from "./to-overview-dot.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "test", "fixtures");
const example = () => loadProvJsonFile(join(FIXTURES, "example_moons_mlp.json"));

/** Node name → its label and tooltip, from the DOT text. */
function nodes(dot: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const match of dot.matchAll(/^ {2}(u\d+|note_run) \[(.*)\];$/gm)) {
    const attributes: Record<string, string> = {};
    for (const pair of match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) attributes[pair[1]!] = pair[2]!;
    out.set(match[1]!, attributes);
  }
  return out;
}

describe("toOverviewDot", () => {
  it("lays the example out left to right, params and each context's metrics folded into one node", () => {
    const dot = toOverviewDot(example());
    expect(dot).toContain('rankdir="LR"');
    const labels = [...nodes(dot).values()].map((node) => node.label);
    const params = labels.find((label) => label?.startsWith("HyperParameterSetting ×5"));
    expect(params).toContain("learning_rate = 0.500");
    expect(params).toContain("seed = 7");
    const training = labels.find((label) => label?.startsWith("Metric ×14 (training)"));
    expect(training).toContain("loss: 30 pts, last 0.0372");
    expect(training).toContain("+8 more");
    expect(labels.find((label) => label?.startsWith("Metric ×2 (validation)"))).toContain("accuracy");
    // 24 entities, 3 activities, 1 agent become 10 nodes.
    expect(nodes(dot).size).toBe(10 + 1);
  });

  it("puts status, duration, energy and emissions in a short note; every attribute in the run's hover title", () => {
    const dot = toOverviewDot(example());
    const note = nodes(dot).get("note_run")!.label!;
    expect(note.split("\\l").filter(Boolean)).toEqual([
      "status: FINISHED",
      "duration: 653 ms",
      "energy: 0.00000316 kWh",
      "emissions: 0.00000150 kg CO₂eq",
    ]);
    const run = [...nodes(dot).values()].find((node) => node.label === "moons_mlp_GR0_0")!;
    expect(run.tooltip).toContain("prov4ml:carbon_intensity_source: world average");
    expect(run.tooltip).toContain("prov4ml:os: Linux");
  });

  it("is valid DOT with a legend, and edges folded with a count", () => {
    const dot = toOverviewDot(example());
    expect(() => parseDot(dot)).not.toThrow();
    expect(dot).toMatch(/^ {2}legend \[shape=plaintext/m);
    expect(dot).toMatch(/label="wasGeneratedBy ×14"/);
    expect(dot).toMatch(/label="used ×5"/);
    expect(toOverviewDot(example(), { legend: false })).not.toContain("legend");
  });

  it("shows decoded names: the label, else the last segment of an encoded id, else a path's file name", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("run.artifact.spirals%2Ecsv");
    doc.entity("run.artifact.model", { "prov:label": "model%20v1.pth" });
    doc.entity("out", { "prov:label": "prov/run_5/artifacts/weights.pth" });
    doc.entity("epoch_0.5");
    const labels = [...nodes(toOverviewDot(doc)).values()].map((node) => node.label);
    expect(labels).toEqual(["spirals.csv", "model v1.pth", "weights.pth", "epoch_0.5"]);
  });

  it("keeps hostile text as text in the SVG", async () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("x", {
      "prov:label": '<img src=x onerror=alert(1)> "q" \\ end',
      "ex:note": "<script>alert(1)</script>",
    });
    doc.activity("javascript:alert(1)");
    doc.used("javascript:alert(1)", "x");
    const svg = await renderSvg(toOverviewDot(doc));
    expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; \\ end");
    expect(svg).not.toMatch(/<img|<script/);
    expect(svg).not.toContain('href="javascript:');
  });

  it("folds numbered series and lists at most six members, the rest in the hover title", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.activity("run");
    for (let epoch = 0; epoch < 100; epoch++) {
      doc.activity(`epoch_${epoch}`);
      doc.wasInformedBy(`epoch_${epoch}`, "run");
    }
    for (let file = 0; file < 9; file++) {
      doc.entity(`file${String.fromCharCode(97 + file)}`, { "prov:type": "ex:Checkpoint" });
      doc.wasGeneratedBy(`file${String.fromCharCode(97 + file)}`, "run");
    }
    const all = [...nodes(toOverviewDot(doc)).values()];
    expect(all.map((node) => node.label)).toContain("epoch_0 … epoch_99\\n(100 activities)");
    const files = all.find((node) => node.label?.startsWith("Checkpoint ×9"))!;
    expect(files.label!.split("\\n")).toHaveLength(1 + 6 + 1);
    expect(files.tooltip).toContain("filei");
  });
});
