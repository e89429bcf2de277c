import { join } from "node:path";
import { ProvDocument } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { loadProvJsonFile } from "../test/load-prov-json.ts";
import { svgNodes } from "../test/svg-nodes.ts";
import { dotExporter, svgExporter } from "./exporters.ts";
import { DotRenderError, renderSvg } from "./render-svg.ts";

function document(): ProvDocument {
  const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
  doc.entity('weights "v1" \\ final', { "ex:note": "<script>alert(1)</script>" });
  doc.activity("train");
  doc.wasGeneratedBy('weights "v1" \\ final', "train");
  return doc;
}

describe("exporter plugins", () => {
  it("declare their format, extension and media type", () => {
    expect(dotExporter()).toMatchObject({
      kind: "exporter",
      specVersion: 1,
      format: "dot",
      fileExtension: ".dot",
      mediaType: "text/vnd.graphviz",
    });
    expect(svgExporter()).toMatchObject({
      kind: "exporter",
      specVersion: 1,
      format: "svg",
      fileExtension: ".svg",
      mediaType: "image/svg+xml",
    });
  });

  it("reject bad options when configured, not at the end of the run", () => {
    expect(() => dotExporter({ maxAttributeLength: 0 })).toThrow(/maxAttributeLength/);
  });

  it("export DOT text and an SVG whose labels survive quotes, backslashes and markup", async () => {
    const dot = await dotExporter({ details: true, direction: "LR" }).export(document());
    expect(dot).toMatch(/^digraph "G" \{\n {2}rankdir = "LR";/);
    const svg = String(await svgExporter({ details: true }).export(document()));
    expect(svg).toContain("<svg");
    // The drawn text is exact (Graphviz keeps the DOT escapes in the link tooltip only).
    expect(svg).toMatch(/<text [^>]*>weights &quot;v1&quot; \\ final<\/text>/);
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).not.toContain("<script>");
  });

  it("draw the overview by default: the example run's SVG is at most 2,500 pt on its long side", async () => {
    const example = loadProvJsonFile(
      join(import.meta.dirname, "..", "test", "fixtures", "example_moons_mlp.json"),
    );
    expect(String(await dotExporter().export(example))).toContain('rankdir="LR"');
    const svg = String(await svgExporter().export(example));
    const [, width, height] = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg)!;
    expect(Math.max(Number(width), Number(height))).toBeLessThanOrEqual(2500);
    expect(svg).toContain("Legend");
    const details = String(await svgExporter({ details: true }).export(example));
    expect(Number(/<svg width="([\d.]+)pt"/.exec(details)![1])).toBeGreaterThan(2500);
  });
});

describe("renderSvg", () => {
  it("renders DOT with the WebAssembly Graphviz", async () => {
    expect(svgNodes(await renderSvg('digraph { a -> b [label="used"] }')).map((node) => node.name)).toEqual([
      "a",
      "b",
    ]);
  });

  it("throws a DotRenderError for invalid DOT", async () => {
    await expect(renderSvg("digraph { a -> ")).rejects.toThrow(DotRenderError);
  });
});
