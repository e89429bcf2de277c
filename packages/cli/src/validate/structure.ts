/** Structural checks: required arguments, well-formed times, declared prefixes, declared elements. */
import { PREDECLARED_PREFIXES, splitQualifiedName, TIME_ARGS } from "@prov4ml/core";
import { type DocumentFacts, elementText, textOf } from "./document-facts.ts";
import type { Finding } from "./problem.ts";

/** Formal arguments PROV-N requires (the others may be `-`). */
const REQUIRED: Record<string, readonly string[]> = {
  wasGeneratedBy: ["prov:entity"],
  used: ["prov:activity"],
  wasInformedBy: ["prov:informed", "prov:informant"],
  wasStartedBy: ["prov:activity"],
  wasEndedBy: ["prov:activity"],
  wasInvalidatedBy: ["prov:entity"],
  wasDerivedFrom: ["prov:generatedEntity", "prov:usedEntity"],
  wasAttributedTo: ["prov:entity", "prov:agent"],
  wasAssociatedWith: ["prov:activity"],
  actedOnBehalfOf: ["prov:delegate", "prov:responsible"],
  wasInfluencedBy: ["prov:influencee", "prov:influencer"],
  specializationOf: ["prov:specificEntity", "prov:generalEntity"],
  alternateOf: ["prov:alternate1", "prov:alternate2"],
  hadMember: ["prov:collection", "prov:entity"],
  mentionOf: ["prov:specificEntity", "prov:generalEntity", "prov:bundle"],
};

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export function checkStructure(facts: DocumentFacts): Finding[] {
  const findings: Finding[] = [];
  const { document } = facts;
  const knownPrefix = (id: string) => {
    const { prefix } = splitQualifiedName(id);
    if (prefix === undefined) return document.defaultNamespace !== undefined;
    return document.namespaces.has(prefix) || prefix in PREDECLARED_PREFIXES;
  };
  const reportedPrefixes = new Set<string>();
  const checkPrefix = (id: string, record: string) => {
    if (knownPrefix(id)) return;
    const prefix = splitQualifiedName(id).prefix ?? "(default)";
    if (reportedPrefixes.has(prefix)) return;
    reportedPrefixes.add(prefix);
    findings.push({
      code: "structure/unknown-prefix",
      record,
      message: `${id} uses the namespace prefix ${prefix}, which the document does not declare`,
      fix:
        prefix === "(default)"
          ? 'declare a "default" namespace in "prefix"'
          : `declare "${prefix}" in "prefix" with its namespace IRI`,
    });
  };

  for (const record of facts.elementRecords) {
    checkPrefix(record.id!, elementText(record));
    for (const slot of ["prov:startTime", "prov:endTime"]) {
      const value = textOf(record.attributes[slot]);
      if (value !== undefined && !DATE_TIME.test(value))
        findings.push(badTime(elementText(record), slot, value));
    }
  }
  const undeclared = new Map<string, string>();
  for (const relation of facts.relations) {
    for (const slot of REQUIRED[relation.kind] ?? []) {
      if (!relation.args.has(slot)) {
        findings.push({
          code: "structure/missing-argument",
          record: relation.text,
          message: `${relation.kind} has no ${slot}, which it requires`,
          fix: `give ${slot} the identifier it relates, or remove the record`,
        });
      }
    }
    if (relation.record.id !== undefined) checkPrefix(relation.record.id, relation.text);
    for (const [slot, value] of relation.args) {
      if (TIME_ARGS.has(slot)) {
        if (!DATE_TIME.test(value)) findings.push(badTime(relation.text, slot, value));
        continue;
      }
      if (slot === "prov:generation" || slot === "prov:usage") continue;
      checkPrefix(value, relation.text);
      if (!facts.declared.has(value) && !undeclared.has(value)) undeclared.set(value, relation.text);
    }
  }
  for (const [id, record] of undeclared) {
    findings.push({
      severity: "warning",
      code: "reference/undeclared",
      record,
      message: `${id} is referenced but never declared (PROV infers it; readers see no attributes)`,
      fix: `declare ${id} as an entity, activity or agent`,
    });
  }
  return findings;
}

function badTime(record: string, slot: string, value: string): Finding {
  return {
    code: "structure/bad-time",
    record,
    message: `${slot} ${JSON.stringify(value.slice(0, 60))} is not an xsd:dateTime`,
    fix: "write the time as ISO 8601, e.g. 2025-01-31T12:00:00.000Z",
  };
}
