/**
 * Draws every yProv4ML document in test/fixtures (copied from /work/shared/fixtures/yprov4ml) and
 * renders it with the WebAssembly build of Graphviz: real layouts, no system `dot`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSvgRenderer, type SvgRenderer, toDot } from "../src/index.ts";
import { loadProvJsonFile } from "./load-prov-json.ts";
import { parseDot } from "./parse-dot.ts";
import { svgEdgeCount, svgNodes } from "./svg-nodes.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");
const documents = readdirSync(FIXTURES).filter((name) => name.endsWith(".json"));

let renderer: SvgRenderer;
beforeAll(async () => {
  renderer = await loadSvgRenderer();
});

function elementIds(name: string): Set<string> {
  const doc = loadProvJsonFile(join(FIXTURES, name));
  return new Set(
    doc.records
      .filter((r) => r.kind === "entity" || r.kind === "activity" || r.kind === "agent")
      .map((r) => r.id!),
  );
}

describe.each(documents)("%s", (name) => {
  it("renders to an SVG holding every node and edge of the DOT, elements titled by their ids", () => {
    const dot = toDot(loadProvJsonFile(join(FIXTURES, name)));
    const parsed = parseDot(dot);
    const svg = renderer.render(dot);
    const nodes = svgNodes(svg);
    expect(nodes.map((node) => node.name).sort()).toEqual([...parsed.nodes.keys()].sort());
    expect(svgEdgeCount(svg)).toBe(parsed.edges.length);
    const titles = new Set(nodes.filter((node) => /^n\d+$/.test(node.name)).map((node) => node.title));
    const collapsed = [...parsed.nodes.keys()].some((node) => node.startsWith("s"));
    const missing = [...elementIds(name)].filter((id) => !titles.has(id));
    if (!collapsed) expect(missing).toEqual([]);
    // Long values (700 KB inline series) are cut or summarised, never dumped.
    const cells = [...dot.matchAll(/<TD[^>]*>([^<]*)<\/TD>/g)].map((match) => match[1]!.length);
    expect(Math.max(...cells)).toBeLessThanOrEqual(200);
  });

  it("renders with each context's metrics collapsed, right to left like yProv4ML", () => {
    const dot = toDot(loadProvJsonFile(join(FIXTURES, name)), { collapseContexts: true, direction: "RL" });
    const svg = renderer.render(dot);
    expect(svgNodes(svg)).toHaveLength(parseDot(dot).nodes.size);
  });
});

describe("provgraph_5epochs_short against yProv4ML's own drawing", () => {
  const reference = readFileSync(join(FIXTURES, "provgraph_5epochs_short.reference.svg"), "utf8");
  const referenceNodes = svgNodes(reference);

  it("has the reference's 105 nodes: 46 elements, 16 points, 43 notes", () => {
    const count = (prefix: string) =>
      referenceNodes.filter((node) => new RegExp(`^${prefix}\\d+$`).test(node.name)).length;
    expect([referenceNodes.length, count("n"), count("b"), count("ann")]).toEqual([105, 46, 16, 43]);
  });

  it("draws the same elements, plus the four isolated parameters the reference leaves out", () => {
    const dot = toDot(loadProvJsonFile(join(FIXTURES, "provgraph_5epochs_short.json")), { direction: "RL" });
    const parsed = parseDot(dot);
    const svg = renderer.render(dot);
    const element = (node: { name: string }) => /^n\d+$/.test(node.name);
    const referenceTitles = new Set(referenceNodes.filter(element).map((node) => node.title));
    const ourNodes = svgNodes(svg);
    const ourTitles = new Set(ourNodes.filter(element).map((node) => node.title));
    const extra = [...ourTitles].filter((title) => !referenceTitles.has(title)).sort();
    expect(extra).toEqual(["memory_of_model", "model_name", "total_memory_load_of_model", "total_params"]);
    expect([...referenceTitles].filter((title) => !ourTitles.has(title))).toEqual([]);
    // Those four have no relation at all: only their note points at them.
    for (const title of extra) {
      const node = ourNodes.find((n) => n.title === title)!.name;
      expect(
        parsed.edges.filter((e) => e.from === node || e.to === node).every((e) => e.from.startsWith("ann")),
      ).toBe(true);
    }
    // Notes: one per element with attributes, as in the reference (+ the four isolated ones).
    expect(ourNodes.filter((node) => node.name.startsWith("ann"))).toHaveLength(43 + 4);
    // prov draws a point for every relation of a kind with a third slot (wasStartedBy, wasAssociatedWith);
    // we draw one only when that slot or an attribute is set, so each of those 16 relations is one edge,
    // not two, and every other relation edge matches.
    const relationEdges = parsed.edges.filter((e) => !e.from.startsWith("ann")).length;
    expect(relationEdges).toBe(179 - 43 - 16);
    expect(svgEdgeCount(reference)).toBe(179);
    // The undeclared reference is grey; styles match the reference colours.
    expect(svg).toContain('fill="#fffc87" stroke="#808080"');
    expect(svg).toContain('fill="#9fb1fc" stroke="#0000ff"');
  });
});

describe("provgraph_3DGAN (1,752 activities)", () => {
  const doc = () => loadProvJsonFile(join(FIXTURES, "provgraph_3DGAN.json"));

  it("is summarised by default: epoch series become one node each, relations counted", () => {
    const parsed = parseDot(toDot(doc()));
    const series = [...parsed.nodes.values()]
      .filter((node) => node.peripheries === "2")
      .map((node) => node.label);
    expect(series).toEqual([
      "epoch_0 … epoch_1744\\n(1745 activities)",
      "val_epoch_0 … val_epoch_1744\\n(4 activities)",
    ]);
    expect(parsed.edges.some((e) => e.attributes.label === "wasStartedBy ×1745")).toBe(true);
    expect(parsed.nodes.size).toBeLessThan(200);
  });

  it("draws every activity when asked for the full graph, and the undefined `used` target in grey", () => {
    const parsed = parseDot(toDot(doc(), { collapseSeries: false }));
    const boxes = [...parsed.nodes.values()].filter((node) => node.shape === "box");
    expect(boxes.filter((node) => node.fillcolor === "#9FB1FC")).toHaveLength(1752);
    expect(
      [...parsed.nodes.values()].filter((node) => node.fillcolor === "lightgray").length,
    ).toBeGreaterThan(0);
  });
});
