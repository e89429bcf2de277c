import type { RelationKind } from "@prov4ml/core";

/**
 * The PROV-O terms for each PROV-DM relation: its binary property, its qualified class, and the
 * property carrying each formal argument on a qualification node. Mirrors the Python `prov`
 * package's RDF serializer (3.x) so that it reads our Turtle back into the same records.
 */
export const QUALIFIED_CLASS: Record<RelationKind, string> = {
  wasGeneratedBy: "Generation",
  used: "Usage",
  wasInformedBy: "Communication",
  wasStartedBy: "Start",
  wasEndedBy: "End",
  wasInvalidatedBy: "Invalidation",
  wasDerivedFrom: "Derivation",
  wasAttributedTo: "Attribution",
  wasAssociatedWith: "Association",
  actedOnBehalfOf: "Delegation",
  wasInfluencedBy: "Influence",
  specializationOf: "Specialization",
  alternateOf: "Alternate",
  hadMember: "Membership",
  mentionOf: "Mention",
};

/** Relations written only in qualified form unless they carry exactly their two main arguments. */
export const QUALIFIED_ONLY: ReadonlySet<RelationKind> = new Set([
  "wasEndedBy",
  "wasStartedBy",
  "used",
  "wasGeneratedBy",
  "wasDerivedFrom",
  "wasAssociatedWith",
  "wasInvalidatedBy",
]);

/** Relations whose qualification node repeats the influencer even when the binary triple is written. */
export const INFLUENCER_REPEATED: ReadonlySet<RelationKind> = new Set([
  "wasInformedBy",
  "wasAttributedTo",
  "actedOnBehalfOf",
  "wasInfluencedBy",
]);

/** `prov:type` values that rename a derivation's qualification (`prov:qualifiedRevision`, …). */
export const DERIVATION_SUBTYPES: ReadonlySet<string> = new Set(["Revision", "Quotation", "PrimarySource"]);

/** Property (local name in `prov:`) of a formal argument on a qualification node. */
export function qualifiedArgProperty(kind: RelationKind, formal: string): string {
  const local = formal.slice("prov:".length);
  if (local === "time") return "atTime";
  switch (kind) {
    case "wasInformedBy":
      return local === "informant" ? "activity" : local;
    case "wasStartedBy":
    case "wasEndedBy":
      if (local === "trigger") return "entity";
      if (local === "starter" || local === "ender") return "hadActivity";
      return local;
    case "wasDerivedFrom":
      if (local === "usedEntity") return "entity";
      if (local === "activity") return "hadActivity";
      if (local === "generation") return "hadGeneration";
      if (local === "usage") return "hadUsage";
      return local;
    case "wasAssociatedWith":
      return local === "plan" ? "hadPlan" : local;
    case "actedOnBehalfOf":
      if (local === "responsible") return "agent";
      if (local === "activity") return "hadActivity";
      return local;
    default:
      return local;
  }
}

/** Relations with a time argument, whose `prov:location` is written `prov:atLocation` when qualified. */
export const TIMED: ReadonlySet<RelationKind> = new Set([
  "wasGeneratedBy",
  "used",
  "wasStartedBy",
  "wasEndedBy",
  "wasInvalidatedBy",
]);
