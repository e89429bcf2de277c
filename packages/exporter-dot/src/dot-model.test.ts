import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Digraph, type RootGraphModel, type SubgraphModel, toDot as tsGraphvizDot } from "ts-graphviz";
import { describe, expect, it } from "vitest";
import { loadProvJsonFile } from "../test/load-prov-json.ts";
import type { DotContents } from "./dot-model.ts";
import type { DotOptions } from "./options.ts";
import { drawDetails } from "./to-dot.ts";

const FIXTURES = join(import.meta.dirname, "..", "test", "fixtures");
const names = readdirSync(FIXTURES).filter((name) => name.endsWith(".json") && !name.includes("3DGAN"));

/** The same model built with ts-graphviz (which this printer replaced), printed by it. */
function printedByTsGraphviz(contents: DotContents): string {
  const graph = new Digraph("G");
  const fill = (container: RootGraphModel | SubgraphModel, part: DotContents) => {
    const set = (container as unknown as { set(key: string, value: string): void }).set.bind(container);
    for (const [key, value] of part.values) set(key, value);
    for (const [id, attributes] of part.nodes) container.createNode(id, attributes as never);
    for (const [id, inner] of part.subgraphs) fill(container.createSubgraph(id), inner);
    for (const edge of part.edges) container.createEdge([edge.from, edge.to], edge.attributes as never);
  };
  fill(graph, contents);
  return tsGraphvizDot(graph, { convert: { maxASTNodes: 0 } });
}

const OPTIONS: DotOptions[] = [
  {},
  { direction: "LR", useLabels: true, collapseContexts: true },
  { collapseSeries: false },
];

describe("the DOT printer", () => {
  it.each(names)("prints %s exactly as ts-graphviz did", (name) => {
    const document = loadProvJsonFile(join(FIXTURES, name));
    for (const options of OPTIONS) {
      const model = drawDetails(document, options);
      expect(model.toString()).toBe(printedByTsGraphviz(model.contents()));
    }
  });
});
