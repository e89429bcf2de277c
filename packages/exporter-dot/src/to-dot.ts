/**
 * A PROV document as Graphviz DOT, in the conventional PROV look of the Python `prov` library's
 * `prov_to_dot`: node names `n1…` (elements), `b1…` (points of n-ary or annotated relations),
 * `ann1…` (attribute notes), clusters `cluster_c1…` (bundles), plus `s1…`/`m1…` for summary nodes.
 */
import type { ElementKind, ProvDocument } from "@prov4ml/core";
import { attributeRows, type NoteRow, noteLabel } from "./attribute-note.ts";
import { type DotContainer, DotDigraph } from "./dot-model.ts";
import { htmlText, linkTarget, plainLabel } from "./escape.ts";
import { type ElementGroup, findMetricGroups, findSeries } from "./groups.ts";
import { valueText } from "./local-name.ts";
import { type DotOptions, type ResolvedDotOptions, resolveDotOptions } from "./options.ts";
import {
  buildScene,
  type RelationArgument,
  type Scene,
  type SceneElement,
  type SceneRelation,
  SLOT_KIND,
} from "./scene.ts";
import {
  BUNDLE_STYLE,
  type DotAttributes,
  ELEMENT_STYLE,
  EXTRA_ARGUMENT_EDGE_STYLE,
  NOTE_LINK_STYLE,
  NOTE_STYLE,
  POINT_STYLE,
  RELATION_FONT_SIZE,
  RELATION_STYLE,
  UNDECLARED_STYLE,
} from "./styles.ts";

type Container = DotContainer;

function addNode(container: Container, name: string, attributes: DotAttributes): void {
  container.createNode(name, attributes);
}

function addEdge(container: Container, ends: [string, string], attributes: DotAttributes): void {
  container.createEdge(ends, attributes);
}

/**
 * Draws a PROV document as DOT. Every declared element becomes a node (linked to its full IRI),
 * every relation an edge labelled with its kind; references to undeclared elements are drawn in
 * grey, shaped by the slot that names them. Long attribute values are cut, and stringified
 * metric lists are summarised, so the output stays small for any document.
 */
export function toDot(document: ProvDocument, options?: DotOptions): string {
  return drawDetails(document, options).toString();
}

/** The detailed drawing's model (for the test that prints it with ts-graphviz too). */
export function drawDetails(document: ProvDocument, options?: DotOptions): DotDigraph {
  return new Drawing(buildScene(document), resolveDotOptions(options)).draw();
}

class Drawing {
  private readonly graph: DotDigraph;
  private readonly containers = new Map<string | undefined, Container>();
  private readonly nodeOf = new Map<string, string>();
  private readonly groupOf = new Map<string, ElementGroup>();
  private readonly groupNode = new Map<ElementGroup, string>();
  private readonly mergedEdges = new Map<
    string,
    { from: string; to: string; kind: string; count: number; container: Container }
  >();
  private readonly counters = { n: 0, b: 0, ann: 0, c: 0, s: 0, m: 0 };

  constructor(
    private readonly scene: Scene,
    private readonly options: ResolvedDotOptions,
  ) {
    this.graph = new DotDigraph("G", { rankdir: options.direction, charset: "utf-8" });
    this.containers.set(undefined, this.graph);
  }

  draw(): DotDigraph {
    this.planGroups();
    for (const bundle of this.scene.bundles) this.container(bundle);
    for (const element of this.scene.elements.values()) this.drawElement(element);
    for (const relation of this.scene.relations) this.drawRelation(relation);
    for (const edge of this.mergedEdges.values()) {
      const label = edge.count > 1 ? `${edge.kind} ×${edge.count}` : edge.kind;
      addEdge(edge.container, [edge.from, edge.to], this.relationStyle(edge.kind, label));
    }
    return this.graph;
  }

  private planGroups(): void {
    const { collapseContexts, collapseSeries, maxNodes, maxAttributeLength } = this.options;
    const groups: ElementGroup[] = [];
    if (collapseContexts) groups.push(...findMetricGroups(this.scene, maxAttributeLength));
    const grouped = new Set(groups.flatMap((group) => group.members));
    const collapse =
      collapseSeries === true || (collapseSeries === "auto" && this.scene.elements.size > maxNodes);
    if (collapse) {
      const rest = [...this.scene.elements.values()].filter((element) => !grouped.has(element.id));
      groups.push(...findSeries(rest));
    }
    for (const group of groups) for (const member of group.members) this.groupOf.set(member, group);
  }

  private container(bundle: string | undefined): Container {
    let container = this.containers.get(bundle);
    if (!container) {
      const id = `cluster_c${++this.counters.c}`;
      const attributes: DotAttributes = { ...BUNDLE_STYLE, label: plainLabel(bundle ?? "") };
      const url = linkTarget(bundle === undefined ? undefined : this.scene.expand(bundle));
      if (url) attributes.URL = url;
      container = this.graph.createSubgraph(id, attributes);
      this.containers.set(bundle, container);
    }
    return container;
  }

  private drawElement(element: SceneElement): void {
    const group = this.groupOf.get(element.id);
    if (group) {
      this.nodeOf.set(element.id, this.drawGroup(group));
      return;
    }
    const name = `n${++this.counters.n}`;
    const container = this.container(element.bundle);
    const attributes: DotAttributes = { label: this.elementLabel(element), ...ELEMENT_STYLE[element.kind] };
    const url = linkTarget(element.iri);
    if (url) attributes.URL = url;
    addNode(container, name, attributes);
    this.nodeOf.set(element.id, name);
    if (this.options.showAttributes) {
      const rows = attributeRows(element.attributes, this.scene.expand, this.options.maxAttributeLength);
      this.drawNote(container, name, rows);
    }
  }

  private elementLabel(element: SceneElement): string {
    if (!this.options.useLabels) return plainLabel(element.id);
    const label = element.attributes.find(([name]) => name === "prov:label");
    if (!label || valueText(label[1]) === element.id) return plainLabel(element.id);
    return `<${htmlText(valueText(label[1]))}<br /><font color="#333333" point-size="10">${htmlText(element.id)}</font>>`;
  }

  private drawGroup(group: ElementGroup): string {
    const existing = this.groupNode.get(group);
    if (existing) return existing;
    const name = `${group.nodePrefix}${++this.counters[group.nodePrefix]}`;
    const container = this.container(group.bundle);
    const attributes = { label: plainLabel(group.label), ...ELEMENT_STYLE[group.kind], peripheries: "2" };
    addNode(container, name, attributes);
    this.groupNode.set(group, name);
    if (this.options.showAttributes || group.nodePrefix === "m") this.drawNote(container, name, group.rows);
    return name;
  }

  private drawNote(container: Container, target: string, rows: readonly NoteRow[]): void {
    if (rows.length === 0) return;
    const name = `ann${++this.counters.ann}`;
    addNode(container, name, { label: noteLabel(rows), ...NOTE_STYLE });
    addEdge(container, [name, target], NOTE_LINK_STYLE);
  }

  /** The node of a referenced id, drawing an undeclared one (grey, shaped by its slot) on first use. */
  private nodeFor(argument: RelationArgument, container: Container): string | undefined {
    if (argument.ref === undefined) return undefined;
    const known = this.nodeOf.get(argument.ref);
    if (known) return known;
    const name = `n${++this.counters.n}`;
    const kind: ElementKind | "unknown" = SLOT_KIND[argument.slot] ?? "unknown";
    const attributes: DotAttributes = { label: plainLabel(argument.ref), ...UNDECLARED_STYLE[kind] };
    const url = linkTarget(this.scene.expand(argument.ref));
    if (url) attributes.URL = url;
    addNode(container, name, attributes);
    this.nodeOf.set(argument.ref, name);
    return name;
  }

  private relationStyle(kind: string, label: string): DotAttributes {
    return { label, fontsize: RELATION_FONT_SIZE, ...RELATION_STYLE[kind as SceneRelation["kind"]] };
  }

  private drawRelation(relation: SceneRelation): void {
    const container = this.container(relation.bundle);
    const ends = relation.args.map((argument) => ({ argument, node: this.nodeFor(argument, container) }));
    const present = ends.filter((end) => end.node !== undefined);
    if (present.length < 2) return; // nothing to connect, as in prov_to_dot
    if (relation.args.some((argument) => argument.ref !== undefined && this.groupOf.has(argument.ref))) {
      this.mergeEdge(relation.kind, present[0]!.node!, present[1]!.node!, container);
      return;
    }
    const annotated = this.options.showAttributes && relation.attributes.length > 0;
    const [first, second] = ends;
    if (!annotated && present.length === 2 && first?.node && second?.node) {
      addEdge(container, [first.node, second.node], this.relationStyle(relation.kind, relation.kind));
      return;
    }
    // n-ary or annotated: first argument → point (labelled) → second; other arguments in grey.
    const point = `b${++this.counters.b}`;
    addNode(container, point, POINT_STYLE);
    const style = this.relationStyle(relation.kind, relation.kind);
    if (first?.node) addEdge(container, [first.node, point], { ...style, arrowhead: "none" });
    const { label: _label, ...unlabelled } = style;
    if (second?.node) {
      const attributes = first?.node ? unlabelled : style;
      addEdge(container, [point, second.node], attributes);
    }
    for (const end of ends.slice(2)) {
      if (!end.node) continue;
      const extra = {
        ...unlabelled,
        ...EXTRA_ARGUMENT_EDGE_STYLE,
        label: end.argument.slot.slice("prov:".length),
      };
      addEdge(container, [point, end.node], extra);
    }
    if (annotated) {
      this.drawNote(
        container,
        point,
        attributeRows(relation.attributes, this.scene.expand, this.options.maxAttributeLength),
      );
    }
  }

  private mergeEdge(kind: string, from: string, to: string, container: Container): void {
    const key = `${kind}\u0000${from}\u0000${to}`;
    const merged = this.mergedEdges.get(key);
    if (merged) merged.count += 1;
    else this.mergedEdges.set(key, { from, to, kind, count: 1, container });
  }
}
