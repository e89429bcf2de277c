/**
 * PROV-CONSTRAINTS typing and impossibility constraints: each formal argument names an element of
 * the right kind; entities and activities are disjoint; relation ids are not element ids and
 * belong to one kind of relation; no reflexive specialization; empty collections have no members.
 */
import type { ElementKind, RelationKind } from "@prov4ml/core";
import { type DocumentFacts, elementText } from "./document-facts.ts";
import type { Finding } from "./problem.ts";

type SlotKinds = Partial<Record<string, ElementKind>>;

/** The kind each formal argument implies (PROV-CONSTRAINTS §5.4 typing). */
export const SLOT_TYPES: Record<RelationKind, SlotKinds> = {
  wasGeneratedBy: { "prov:entity": "entity", "prov:activity": "activity" },
  used: { "prov:activity": "activity", "prov:entity": "entity" },
  wasInformedBy: { "prov:informed": "activity", "prov:informant": "activity" },
  wasStartedBy: { "prov:activity": "activity", "prov:trigger": "entity", "prov:starter": "activity" },
  wasEndedBy: { "prov:activity": "activity", "prov:trigger": "entity", "prov:ender": "activity" },
  wasInvalidatedBy: { "prov:entity": "entity", "prov:activity": "activity" },
  wasDerivedFrom: {
    "prov:generatedEntity": "entity",
    "prov:usedEntity": "entity",
    "prov:activity": "activity",
  },
  wasAttributedTo: { "prov:entity": "entity", "prov:agent": "agent" },
  wasAssociatedWith: { "prov:activity": "activity", "prov:agent": "agent", "prov:plan": "entity" },
  actedOnBehalfOf: { "prov:delegate": "agent", "prov:responsible": "agent", "prov:activity": "activity" },
  wasInfluencedBy: {},
  specializationOf: { "prov:specificEntity": "entity", "prov:generalEntity": "entity" },
  alternateOf: { "prov:alternate1": "entity", "prov:alternate2": "entity" },
  hadMember: { "prov:collection": "entity", "prov:entity": "entity" },
  mentionOf: { "prov:specificEntity": "entity", "prov:generalEntity": "entity", "prov:bundle": "entity" },
};

// Entity and activity are the only disjoint element kinds (an agent may be either).
const CLASHES: Partial<Record<ElementKind, ElementKind>> = { entity: "activity", activity: "entity" };

type Relation = DocumentFacts["relations"][number];
type Inferred = Map<string, { kind: ElementKind; record: string }>;

export function checkTyping(facts: DocumentFacts): Finding[] {
  const findings: Finding[] = [];
  for (const record of facts.elementRecords) {
    const kinds = facts.declared.get(record.id!)!;
    if (record.kind === "activity" && kinds.has("entity")) {
      findings.push({
        code: "typing/entity-activity-overlap",
        record: elementText(record),
        message: `${record.id} is declared both as an entity and as an activity, which PROV keeps disjoint`,
        fix: `give the activity and the entity different identifiers`,
      });
    }
  }
  const inferred: Inferred = new Map();
  for (const relation of facts.relations) {
    checkSlotKinds(facts, relation, inferred, findings);
    checkImpossibleRelation(facts, relation, findings);
  }
  return findings;
}

/** Each formal argument names an element of the kind its slot implies (declared or inferred). */
function checkSlotKinds(
  facts: DocumentFacts,
  relation: Relation,
  inferred: Inferred,
  findings: Finding[],
): void {
  const slotTypes = SLOT_TYPES[relation.kind];
  for (const [slot, id] of relation.args) {
    const expected = slotTypes[slot];
    if (!expected) continue;
    const clash = CLASHES[expected];
    const declared = facts.declared.get(id);
    if (clash && declared?.has(clash) && !declared.has(expected)) {
      const triggerIsActivity = slot === "prov:trigger" && clash === "activity";
      findings.push({
        code: triggerIsActivity ? "typing/trigger-is-activity" : "typing/slot-kind",
        record: relation.text,
        message: `${slot} names ${id}, declared as ${article(clash)}, but ${relation.kind}'s ${slot.slice(5)} must be ${article(expected)}`,
        fix: triggerIsActivity
          ? `name the starting activity as prov:${relation.kind === "wasStartedBy" ? "starter" : "ender"} (the trigger is an entity)`
          : `point ${slot} at ${article(expected)}, or use another relation`,
      });
      continue;
    }
    if (declared) continue;
    // Undeclared ids take the kinds their slots imply; two disjoint ones cannot both hold.
    const previous = inferred.get(id);
    if (!previous) inferred.set(id, { kind: expected, record: relation.text });
    else if (clash && previous.kind === clash) {
      findings.push({
        code: "typing/slot-kind",
        record: relation.text,
        message: `${id} is used as ${article(expected)} here and as ${article(previous.kind)} in ${previous.record}`,
        fix: `declare ${id} and point each relation at an element of the right kind`,
      });
    }
  }
}

/** No reflexive specialization; no member of an empty collection (or, as a warning, of itself). */
function checkImpossibleRelation(facts: DocumentFacts, relation: Relation, findings: Finding[]): void {
  if (relation.kind === "specializationOf") {
    const specific = relation.args.get("prov:specificEntity");
    if (specific !== undefined && specific === relation.args.get("prov:generalEntity")) {
      findings.push({
        code: "impossibility/reflexive-specialization",
        record: relation.text,
        message: "an entity cannot be a specialization of itself",
        fix: "remove the record or name two different entities",
      });
    }
  }
  if (relation.kind !== "hadMember") return;
  const collection = relation.args.get("prov:collection");
  if (collection !== undefined && collection === relation.args.get("prov:entity")) {
    findings.push({
      severity: "warning",
      code: "style/member-of-itself",
      record: relation.text,
      message: `${collection} is recorded as a member of itself`,
      fix: "remove the record, or name the collection and its member separately",
    });
  }
  if (collection !== undefined && isEmptyCollection(facts, collection)) {
    findings.push({
      code: "impossibility/empty-collection-member",
      record: relation.text,
      message: `${collection} is typed prov:EmptyCollection but has a member`,
      fix: "type it prov:Collection, or remove the membership",
    });
  }
}

function isEmptyCollection(facts: DocumentFacts, id: string): boolean {
  return facts.elementRecords.some((record) => {
    if (record.id !== id) return false;
    const types = record.attributes["prov:type"];
    const list = Array.isArray(types) ? types : [types];
    return list.some(
      (type) =>
        (typeof type === "object" && type !== null && "$" in type ? type.$ : type) === "prov:EmptyCollection",
    );
  });
}

function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}
