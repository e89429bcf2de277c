/**
 * Folding for the overview drawing: elements that play the same part become one node.
 * First numbered series (`epoch_0` … `epoch_1748`), then elements of the same kind and type
 * (or both untyped) connected the same way: the five params a run used, the metrics one context
 * generated, the hundred files one activity wrote.
 */
import { findSeries } from "../groups.ts";
import { typeNames } from "../local-name.ts";
import type { Scene, SceneElement } from "../scene.ts";

export interface OverviewUnit {
  /** DOT node name. */
  readonly node: string;
  readonly members: readonly SceneElement[];
  /** Set for a numbered series: its label from `findSeries`. */
  readonly seriesLabel?: string;
}

/** Elements with the same part are folded from this many on. */
export const MIN_FOLD = 2;

export function foldScene(scene: Scene): { units: OverviewUnit[]; unitOf: Map<string, OverviewUnit> } {
  const units: OverviewUnit[] = [];
  const unitOf = new Map<string, OverviewUnit>();
  const add = (members: SceneElement[], seriesLabel?: string) => {
    const unit: OverviewUnit = { node: `u${units.length + 1}`, members, seriesLabel };
    units.push(unit);
    for (const member of members) unitOf.set(member.id, unit);
  };
  for (const series of findSeries(scene.elements.values())) {
    add(
      series.members.map((id) => scene.elements.get(id)!),
      series.label,
    );
  }
  const neighbours = neighbourKeys(scene, unitOf);
  const bySignature = new Map<string, SceneElement[]>();
  for (const element of scene.elements.values()) {
    if (unitOf.has(element.id)) continue;
    const types = typeNames(element.attributes).sort().join(",");
    // Untyped, unconnected elements share nothing that says they play the same part.
    const alone = types === "" && !neighbours.has(element.id);
    const key = alone ? `\u0001${element.id}` : signature(element, types, neighbours);
    bySignature.set(key, [...(bySignature.get(key) ?? []), element]);
  }
  for (const members of bySignature.values()) {
    if (members.length >= MIN_FOLD) add(members);
    else for (const member of members) add([member]);
  }
  return { units, unitOf };
}

function signature(element: SceneElement, types: string, neighbours: Map<string, Set<string>>): string {
  const links = [...(neighbours.get(element.id) ?? [])].sort().join("|");
  return [element.kind, element.bundle ?? "", types, links].join("\u0000");
}

/** For each element: `relation kind/position/other end` of its relations, series mapped to the series. */
function neighbourKeys(scene: Scene, unitOf: Map<string, OverviewUnit>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const endKey = (ref: string) => unitOf.get(ref)?.node ?? ref;
  for (const relation of scene.relations) {
    const refs = relation.args.map((argument) => argument.ref);
    refs.forEach((ref, position) => {
      if (ref === undefined) return;
      const keys = out.get(ref) ?? new Set<string>();
      refs.forEach((other, otherPosition) => {
        if (other !== undefined && otherPosition !== position) {
          keys.add(`${relation.kind}/${position}/${endKey(other)}`);
        }
      });
      out.set(ref, keys);
    });
  }
  return out;
}
