/**
 * A minimal DOT graph model and printer for the detailed drawing. It prints exactly what
 * ts-graphviz's `toDot` printed for the same model (attributes, then nodes, subgraphs, edges,
 * each in insertion order; HTML-like values unquoted), at a fraction of the cost: ts-graphviz
 * builds a syntax tree and a generator chain per token, 78× the time of reading the 3DGAN document.
 */
export type DotAttributeValues = Readonly<Record<string, string>>;

export interface DotContents {
  readonly values: readonly [string, string][];
  readonly nodes: readonly [string, DotAttributeValues][];
  readonly subgraphs: readonly [string, DotContents][];
  readonly edges: readonly { from: string; to: string; attributes: DotAttributeValues }[];
}

export class DotContainer {
  protected readonly values: [string, string][] = [];
  private readonly nodes = new Map<string, DotAttributeValues>();
  private readonly subgraphs = new Map<string, DotContainer>();
  private readonly edges: { from: string; to: string; attributes: DotAttributeValues }[] = [];

  constructor(attributes: DotAttributeValues = {}) {
    for (const [key, value] of Object.entries(attributes)) this.values.push([key, value]);
  }

  createNode(id: string, attributes: DotAttributeValues): void {
    this.nodes.set(id, attributes);
  }

  createEdge([from, to]: [string, string], attributes: DotAttributeValues): void {
    this.edges.push({ from, to, attributes });
  }

  createSubgraph(id: string, attributes: DotAttributeValues): DotContainer {
    const subgraph = new DotContainer(attributes);
    this.subgraphs.set(id, subgraph);
    return subgraph;
  }

  /** Every call made on this container, in order by kind: for the test against ts-graphviz. */
  contents(): DotContents {
    return {
      values: this.values,
      nodes: [...this.nodes],
      subgraphs: [...this.subgraphs].map(([id, subgraph]) => [id, subgraph.contents()]),
      edges: this.edges,
    };
  }

  /** The statements of this container, one string per line, indented by `depth` levels. */
  protected print(lines: string[], depth: number): void {
    const pad = "  ".repeat(depth);
    for (const [key, value] of this.values) lines.push(`${pad}${key} = ${literal(value)};`);
    for (const [id, attributes] of this.nodes) statement(lines, pad, quote(id), attributes);
    for (const [id, subgraph] of this.subgraphs) {
      const inner: string[] = [];
      subgraph.print(inner, depth + 1);
      if (inner.length === 0) lines.push(`${pad}subgraph ${quote(id)} {}`);
      else lines.push(`${pad}subgraph ${quote(id)} {`, ...inner, `${pad}}`);
    }
    for (const edge of this.edges) {
      statement(lines, pad, `${quote(edge.from)} -> ${quote(edge.to)}`, edge.attributes);
    }
  }
}

export class DotDigraph extends DotContainer {
  constructor(
    private readonly id: string,
    attributes: DotAttributeValues = {},
  ) {
    super(attributes);
  }

  override toString(): string {
    const lines: string[] = [];
    this.print(lines, 1);
    if (lines.length === 0) return `digraph ${quote(this.id)} {}`;
    return `digraph ${quote(this.id)} {\n${lines.join("\n")}\n}`;
  }
}

// Pushes straight into `lines`: the full 3DGAN drawing has 20,000 statements, and garbage
// collection of intermediate arrays was most of the printing time.
function statement(lines: string[], pad: string, head: string, attributes: DotAttributeValues): void {
  let open = false;
  for (const key in attributes) {
    if (!open) lines.push(`${pad}${head} [`);
    open = true;
    lines.push(`${pad}  ${key} = ${literal(attributes[key]!)};`);
  }
  lines.push(open ? `${pad}];` : `${pad}${head};`);
}

/** A value as ts-graphviz writes it: `<…>` as an HTML-like label, anything else quoted. */
function literal(value: string): string {
  if (!value.includes("<")) return quote(value);
  const trimmed = value.trim();
  if (/^<.+>$/s.test(trimmed)) return `<${trimmed.slice(1, -1)}>`;
  return quote(value);
}

const NEEDS_ESCAPE = /["\r\n\0]/;

// ts-graphviz's escaping: quotes not already escaped, line breaks; NUL dropped.
function quote(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  const escaped = value
    .replace(/\0/g, "")
    .replace(/(?<!\\)"|[\r\n]/g, (match) => (match === '"' ? '\\"' : match === "\n" ? "\\n" : "\\r"));
  return `"${escaped}"`;
}
