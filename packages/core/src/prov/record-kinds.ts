/**
 * The PROV record kinds and, for each, its formal arguments in PROV-N order. The keys are the
 * PROV-JSON attribute names; everything else on a record is an extra attribute.
 */
export const ELEMENT_KINDS = ["entity", "activity", "agent"] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

export const RELATION_FORMAL_ARGS = {
  wasGeneratedBy: ["prov:entity", "prov:activity", "prov:time"],
  used: ["prov:activity", "prov:entity", "prov:time"],
  wasInformedBy: ["prov:informed", "prov:informant"],
  wasStartedBy: ["prov:activity", "prov:trigger", "prov:starter", "prov:time"],
  wasEndedBy: ["prov:activity", "prov:trigger", "prov:ender", "prov:time"],
  wasInvalidatedBy: ["prov:entity", "prov:activity", "prov:time"],
  wasDerivedFrom: [
    "prov:generatedEntity",
    "prov:usedEntity",
    "prov:activity",
    "prov:generation",
    "prov:usage",
  ],
  wasAttributedTo: ["prov:entity", "prov:agent"],
  wasAssociatedWith: ["prov:activity", "prov:agent", "prov:plan"],
  actedOnBehalfOf: ["prov:delegate", "prov:responsible", "prov:activity"],
  wasInfluencedBy: ["prov:influencee", "prov:influencer"],
  specializationOf: ["prov:specificEntity", "prov:generalEntity"],
  alternateOf: ["prov:alternate1", "prov:alternate2"],
  hadMember: ["prov:collection", "prov:entity"],
  mentionOf: ["prov:specificEntity", "prov:generalEntity", "prov:bundle"],
} as const satisfies Record<string, readonly string[]>;

export type RelationKind = keyof typeof RELATION_FORMAL_ARGS;
export type RecordKind = ElementKind | RelationKind;

export const RELATION_KINDS = Object.keys(RELATION_FORMAL_ARGS) as RelationKind[];
export const RECORD_KINDS: readonly RecordKind[] = [...ELEMENT_KINDS, ...RELATION_KINDS];

/** Formal arguments of an activity (its start and end). */
export const ACTIVITY_FORMAL_ARGS = ["prov:startTime", "prov:endTime"] as const;

/** Relations PROV-N writes without an identifier slot. */
export const RELATIONS_WITHOUT_ID: ReadonlySet<RelationKind> = new Set([
  "specializationOf",
  "alternateOf",
  "hadMember",
  "mentionOf",
]);

/** Formal arguments that hold times rather than identifiers. */
export const TIME_ARGS: ReadonlySet<string> = new Set(["prov:time", "prov:startTime", "prov:endTime"]);

export function formalArgsOf(kind: RecordKind): readonly string[] {
  if (kind === "activity") return ACTIVITY_FORMAL_ARGS;
  if (kind === "entity" || kind === "agent") return [];
  return RELATION_FORMAL_ARGS[kind];
}

export function isRelationKind(kind: string): kind is RelationKind {
  return Object.hasOwn(RELATION_FORMAL_ARGS, kind);
}

export function isRecordKind(kind: string): kind is RecordKind {
  return kind === "entity" || kind === "activity" || kind === "agent" || isRelationKind(kind);
}
