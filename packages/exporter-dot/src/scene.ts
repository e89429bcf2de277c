/**
 * The document as the drawing sees it: one element per id (records sharing an id are merged, the
 * first kind wins, as `prov`'s `unified()` does), relations with their element-valued formal
 * arguments in PROV-N order, and the bundle each belongs to.
 */
import {
  type ElementKind,
  formalArgsOf,
  isRelationKind,
  type ProvDocument,
  type ProvValue,
  type RelationKind,
  TIME_ARGS,
} from "@prov4ml/core";

export type AttributePair = readonly [name: string, value: ProvValue];

export interface SceneElement {
  readonly id: string;
  readonly kind: ElementKind;
  /** Full IRI of the id, when its prefix is declared. */
  readonly iri: string | undefined;
  readonly attributes: AttributePair[];
  readonly bundle: string | undefined;
}

export interface RelationArgument {
  /** Formal argument name, e.g. `prov:entity`. */
  readonly slot: string;
  readonly ref: string | undefined;
}

export interface SceneRelation {
  readonly kind: RelationKind;
  readonly id: string | undefined;
  /** Element-valued formal arguments, in PROV-N order, present or not. */
  readonly args: readonly RelationArgument[];
  /** Everything else, times included (shown in the relation's note). */
  readonly attributes: readonly AttributePair[];
  readonly bundle: string | undefined;
}

export interface Scene {
  readonly elements: Map<string, SceneElement>;
  readonly relations: SceneRelation[];
  readonly bundles: readonly string[];
  /** IRI of any id (declared or only referenced), when its prefix is known. */
  expand(id: string): string | undefined;
}

/** The kind an undeclared element must have, from the slot that references it. */
export const SLOT_KIND: Readonly<Record<string, ElementKind>> = {
  "prov:entity": "entity",
  "prov:activity": "activity",
  "prov:agent": "agent",
  "prov:plan": "entity",
  "prov:trigger": "entity",
  "prov:starter": "activity",
  "prov:ender": "activity",
  "prov:informed": "activity",
  "prov:informant": "activity",
  "prov:generatedEntity": "entity",
  "prov:usedEntity": "entity",
  "prov:delegate": "agent",
  "prov:responsible": "agent",
  "prov:specificEntity": "entity",
  "prov:generalEntity": "entity",
  "prov:alternate1": "entity",
  "prov:alternate2": "entity",
  "prov:collection": "entity",
  "prov:bundle": "entity",
};

// wasDerivedFrom's generation/usage name relations, not elements: they are not drawn as nodes.
const NON_ELEMENT_ARGS = new Set(["prov:generation", "prov:usage"]);

export function buildScene(document: ProvDocument): Scene {
  const elements = new Map<string, SceneElement>();
  const relations: SceneRelation[] = [];
  const add = (doc: ProvDocument, bundle: string | undefined) => {
    for (const record of doc.records) {
      if (isRelationKind(record.kind)) {
        const formal = formalArgsOf(record.kind);
        const args = formal
          .filter((slot) => !TIME_ARGS.has(slot) && !NON_ELEMENT_ARGS.has(slot))
          .map((slot) => ({ slot, ref: refOf(record.attributes[slot]) }));
        const shownFormal = new Set(args.map((arg) => arg.slot));
        relations.push({
          kind: record.kind,
          id: record.id,
          args,
          attributes: pairs(record.attributes, shownFormal),
          bundle,
        });
        continue;
      }
      if (record.id === undefined) continue;
      const kind = record.kind as ElementKind;
      const existing = elements.get(record.id);
      if (existing) {
        existing.attributes.push(...pairs(record.attributes, new Set()));
        continue;
      }
      elements.set(record.id, {
        id: record.id,
        kind,
        iri: doc.expand(record.id) ?? document.expand(record.id),
        attributes: pairs(record.attributes, new Set()),
        bundle,
      });
    }
  };
  add(document, undefined);
  for (const [id, bundle] of document.bundles) add(bundle, id);
  return {
    elements,
    relations,
    bundles: [...document.bundles.keys()],
    expand: (id) => document.expand(id),
  };
}

function refOf(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" || value.startsWith("_:") ? undefined : value;
  if (value !== null && typeof value === "object" && "$" in value) return refOf((value as { $: unknown }).$);
  return undefined;
}

function pairs(attributes: Record<string, unknown>, skip: ReadonlySet<string>): AttributePair[] {
  const out: AttributePair[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (skip.has(name) || value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) out.push([name, one as ProvValue]);
  }
  return out;
}
