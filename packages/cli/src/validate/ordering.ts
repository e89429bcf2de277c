/**
 * PROV-CONSTRAINTS ordering, for the times a document states: an activity starts before it ends,
 * generation and usage happen while their activity runs, an entity is generated before it is used,
 * invalidated or derived from. Reported as warnings (clocks of distributed runs disagree).
 */
import { type DocumentFacts, elementText, textOf } from "./document-facts.ts";
import type { Finding } from "./problem.ts";

export function checkOrdering(facts: DocumentFacts): Finding[] {
  const findings: Finding[] = [];
  const interval = new Map<string, { start?: number; end?: number }>();
  for (const record of facts.elementRecords) {
    if (record.kind !== "activity") continue;
    const start = time(textOf(record.attributes["prov:startTime"]));
    const end = time(textOf(record.attributes["prov:endTime"]));
    const known = interval.get(record.id!) ?? {};
    interval.set(record.id!, { start: known.start ?? start, end: known.end ?? end });
    if (start !== undefined && end !== undefined && start > end) {
      findings.push(
        warning(
          "ordering/start-after-end",
          elementText(record),
          `${record.id} ends before it starts`,
          "check the activity's start and end times",
        ),
      );
    }
  }
  const generated = new Map<string, number>();
  for (const relation of facts.relations) {
    if (relation.kind !== "wasGeneratedBy") continue;
    const entity = relation.args.get("prov:entity");
    const at = time(relation.args.get("prov:time"));
    if (entity !== undefined && at !== undefined)
      generated.set(entity, Math.min(at, generated.get(entity) ?? at));
  }
  for (const relation of facts.relations) {
    const at = time(relation.args.get("prov:time"));
    const activity = relation.args.get("prov:activity");
    const entity = relation.args.get("prov:entity");
    if (
      (relation.kind === "wasGeneratedBy" || relation.kind === "used") &&
      at !== undefined &&
      activity !== undefined
    ) {
      const { start, end } = interval.get(activity) ?? {};
      if ((start !== undefined && at < start) || (end !== undefined && at > end)) {
        const what = relation.kind === "used" ? "usage" : "generation";
        findings.push(
          warning(
            `ordering/${what}-outside-activity`,
            relation.text,
            `the ${what} time lies outside ${activity}'s start and end`,
            "check the relation's time against the activity's interval",
          ),
        );
      }
    }
    if (
      (relation.kind === "used" || relation.kind === "wasInvalidatedBy") &&
      at !== undefined &&
      entity !== undefined
    ) {
      const birth = generated.get(entity);
      if (birth !== undefined && at < birth) {
        const what = relation.kind === "used" ? "usage" : "invalidation";
        findings.push(
          warning(
            `ordering/${what}-before-generation`,
            relation.text,
            `${entity} is ${relation.kind === "used" ? "used" : "invalidated"} before it is generated`,
            "check both times",
          ),
        );
      }
    }
    if (relation.kind === "wasDerivedFrom") {
      const derived = generated.get(relation.args.get("prov:generatedEntity") ?? "");
      const source = generated.get(relation.args.get("prov:usedEntity") ?? "");
      if (derived !== undefined && source !== undefined && derived < source) {
        findings.push(
          warning(
            "ordering/derivation-before-source",
            relation.text,
            "the derived entity is generated before the entity it derives from",
            "check the generation times of both entities",
          ),
        );
      }
    }
    if (relation.kind === "wasInformedBy") {
      const informed = interval.get(relation.args.get("prov:informed") ?? "");
      const informant = interval.get(relation.args.get("prov:informant") ?? "");
      if (informed?.end !== undefined && informant?.start !== undefined && informed.end < informant.start) {
        findings.push(
          warning(
            "ordering/informed-before-informant",
            relation.text,
            "the informed activity ends before its informant starts",
            "check both activities' times",
          ),
        );
      }
    }
  }
  return findings;
}

function time(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function warning(code: string, record: string, message: string, fix: string): Finding {
  return { severity: "warning", code, record, message, fix };
}
