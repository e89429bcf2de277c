/** Test helper: reads DOT back (ts-graphviz's parser) into plain maps the assertions can use. */
import { fromDot, type RootGraphModel, type SubgraphModel } from "ts-graphviz";

export interface ParsedDot {
  readonly rankdir: string | undefined;
  readonly nodes: Map<string, Record<string, string>>;
  readonly edges: { from: string; to: string; attributes: Record<string, string> }[];
  readonly clusters: Map<string, string[]>;
}

export function parseDot(dot: string): ParsedDot {
  const graph = fromDot(dot, { parse: { maxASTNodes: 0 } }) as RootGraphModel;
  const parsed: ParsedDot = { rankdir: undefined, nodes: new Map(), edges: [], clusters: new Map() };
  const collect = (container: RootGraphModel | SubgraphModel) => {
    for (const node of container.nodes) parsed.nodes.set(node.id, attributesOf(node.attributes.values));
    for (const edge of container.edges) {
      const [from, to] = edge.targets.map((target) => ("id" in target ? target.id : ""));
      parsed.edges.push({ from: from ?? "", to: to ?? "", attributes: attributesOf(edge.attributes.values) });
    }
    for (const subgraph of container.subgraphs) {
      parsed.clusters.set(
        String(subgraph.id),
        subgraph.nodes.map((node) => node.id),
      );
      collect(subgraph);
    }
  };
  collect(graph);
  const rankdir = graph.values.find(([key]) => key === "rankdir")?.[1];
  return { ...parsed, rankdir: rankdir === undefined ? undefined : String(rankdir) };
}

function attributesOf(values: readonly (readonly [string, unknown])[]): Record<string, string> {
  return Object.fromEntries(values.map(([key, value]) => [key, String(value)]));
}

/** The node whose label is this text (element nodes are labelled by their id). */
export function nodeLabelled(parsed: ParsedDot, label: string): [string, Record<string, string>] {
  for (const entry of parsed.nodes) if (entry[1].label === label) return entry;
  throw new Error(
    `no node labelled ${JSON.stringify(label)}; labels: ${[...parsed.nodes.values()].map((n) => n.label).join(" | ")}`,
  );
}
