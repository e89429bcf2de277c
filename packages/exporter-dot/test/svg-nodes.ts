/** Test helper: the nodes and edges of an SVG written by Graphviz, with their link titles. */
export interface SvgNode {
  /** The DOT node name (`n1`, `ann3`, …): Graphviz writes it as the group's `<title>`. */
  readonly name: string;
  /** `xlink:title` of the node's link: the label of a linked element node. */
  readonly title: string | undefined;
}

export function svgNodes(svg: string): SvgNode[] {
  const nodes: SvgNode[] = [];
  const pattern =
    /<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>\s*(?:<g id="a_node\d+"><a [^>]*?xlink:title="([^"]*)")?/g;
  for (const match of svg.matchAll(pattern)) {
    nodes.push({
      name: unescapeXml(match[1] ?? ""),
      title: match[2] === undefined ? undefined : unescapeXml(match[2]),
    });
  }
  return nodes;
}

export function svgEdgeCount(svg: string): number {
  return svg.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0;
}

export function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
