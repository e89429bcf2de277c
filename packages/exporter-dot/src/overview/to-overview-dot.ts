/**
 * The default drawing: a PROV document as a person reads it on one screen. Left to right, short
 * decoded labels, elements that play the same part folded into one node (params, a context's
 * metrics, numbered series), the run's key facts in a short note, every attribute in hover titles,
 * and a legend. The complete drawing is `toDot`. DOT text is written directly: it is fast.
 */
import type { ProvDocument } from "@prov4ml/core";
import { localName, typeNames } from "../local-name.ts";
import { buildScene, type Scene, type SceneElement } from "../scene.ts";
import { ELEMENT_STYLE, RELATION_STYLE } from "../styles.ts";
import { dotAttributes } from "./dot-text.ts";
import { foldScene, type OverviewUnit } from "./fold.ts";
import { legendLines } from "./legend.ts";
import { findRun, runNoteLines } from "./run-note.ts";
import { attributeLines, cutLine, memberLine, shortLabel } from "./short-label.ts";

/** Options of the overview drawing. */
export interface OverviewOptions {
  /** Draw the legend. Default true. */
  readonly legend?: boolean;
  /** Member lines listed on a folded node before "+N more". Default 6. */
  readonly maxListed?: number;
}

const FONT = "Helvetica,Arial,sans-serif";
/** Points; the smallest text drawn (edge labels, notes). Chosen to stay legible when fitted to a screen. */
const SMALL_FONT = "12";

/**
 * Draws the overview of a PROV document as DOT: what `endRun({ createGraph, createSvg })`
 * writes by default. Node names are `u1…` (elements or folded groups), `note_run`, `legend_*`.
 */
export function toOverviewDot(document: ProvDocument, options: OverviewOptions = {}): string {
  const scene = buildScene(document);
  const { units, unitOf } = foldScene(scene);
  const maxListed = options.maxListed ?? 6;
  const lines = [
    'digraph "G" {',
    `  graph ${dotAttributes({ rankdir: "LR", charset: "utf-8", fontname: FONT, nodesep: "0.25", ranksep: "0.5" })};`,
    `  node ${dotAttributes({ fontname: FONT, fontsize: "14", margin: "0.2,0.08" })};`,
    `  edge ${dotAttributes({ fontname: FONT, fontsize: SMALL_FONT })};`,
  ];
  for (const unit of units)
    lines.push(`  ${unit.node} ${dotAttributes(unitAttributes(unit, scene, maxListed))};`);
  lines.push(...edgeLines(scene, unitOf));
  const run = findRun(scene);
  const note = run ? runNoteLines(run) : [];
  if (run && note.length > 0) {
    const target = unitOf.get(run.id)!.node;
    const style = {
      shape: "note",
      fontsize: SMALL_FONT,
      color: "gray",
      style: "filled",
      fillcolor: "#F7F7F7",
    };
    lines.push(`  note_run ${dotAttributes({ label: { lines: note }, ...style })};`);
    lines.push(`  note_run -> ${target} [arrowhead=none, style=dashed, color=gray];`);
  }
  if (options.legend ?? true) lines.push(...legendLines());
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function unitAttributes(unit: OverviewUnit, scene: Scene, maxListed: number): Record<string, string> {
  const first = unit.members[0]!;
  const style = ELEMENT_STYLE[first.kind];
  if (unit.members.length === 1) {
    return {
      ...style,
      label: cutLine(shortLabel(first)),
      tooltip: tooltipOf(first),
      ...linkOf(first, scene),
    };
  }
  const listed = unit.seriesLabel
    ? unit.seriesLabel.split("\n").map((line) => cutLine(line))
    : [
        foldedHeader(unit.members),
        ...unit.members.slice(0, maxListed).map((member) => cutLine(memberLine(member))),
        ...(unit.members.length > maxListed ? [`+${unit.members.length - maxListed} more`] : []),
      ];
  const titles = unit.members.slice(0, 60).map((member) => `${member.id}: ${memberLine(member)}`);
  if (unit.members.length > 60) titles.push(`… ${unit.members.length - 60} more`);
  // Boxes, not ovals: a list of lines fits a box; the double border says "several".
  const shape: Record<string, string> =
    first.kind === "entity" ? { shape: "box", style: "rounded,filled" } : {};
  return { ...style, ...shape, peripheries: "2", label: listed.join("\n"), tooltip: titles.join("\n") };
}

/** `Metric ×14 (training)`, `HyperParameterSetting ×5`. */
function foldedHeader(members: readonly SceneElement[]): string {
  const type = typeNames(members[0]!.attributes)[0] ?? `${members[0]!.kind}`;
  const contexts = new Set(
    members.map((member) => member.attributes.find(([name]) => localName(name) === "context")?.[1]),
  );
  const [context] = contexts;
  const suffix = contexts.size === 1 && context !== undefined ? ` (${String(context)})` : "";
  return cutLine(`${type} ×${members.length}${suffix}`);
}

function tooltipOf(element: SceneElement): string {
  return [element.id, ...attributeLines(element.attributes)].join("\n");
}

function linkOf(element: SceneElement, scene: Scene): { URL?: string } {
  const iri = element.iri ?? scene.expand(element.id);
  return iri !== undefined && /^https?:\/\//i.test(iri) ? { URL: iri } : {};
}

/** One edge per relation kind between two nodes, labelled with a count when several were folded. */
function edgeLines(scene: Scene, unitOf: Map<string, OverviewUnit>): string[] {
  const edges = new Map<string, { from: string; to: string; kind: string; count: number }>();
  for (const relation of scene.relations) {
    const [first, second] = relation.args;
    const from = first?.ref === undefined ? undefined : unitOf.get(first.ref)?.node;
    const to = second?.ref === undefined ? undefined : unitOf.get(second.ref)?.node;
    if (from === undefined || to === undefined) continue; // undeclared ends are in --details
    const key = `${relation.kind}\u0000${from}\u0000${to}`;
    const edge = edges.get(key);
    if (edge) edge.count += 1;
    else edges.set(key, { from, to, kind: relation.kind, count: 1 });
  }
  return [...edges.values()].map((edge) => {
    const label = edge.count > 1 ? `${edge.kind} ×${edge.count}` : edge.kind;
    const style = RELATION_STYLE[edge.kind as keyof typeof RELATION_STYLE] ?? {};
    const loop = edge.from === edge.to ? { dir: "forward" } : {};
    return `  ${edge.from} -> ${edge.to} ${dotAttributes({ label, ...style, ...loop })};`;
  });
}
