/**
 * PROV-CONSTRAINTS ordering, for the times a document states: an activity starts before it ends,
 * generation and usage happen while their activity runs, an entity is generated before it is used,
 * invalidated or derived from. Reported as warnings (clocks of distributed runs disagree).
 */
import { type DocumentFacts, elementText, textOf } from "./document-facts.ts";
import type { Finding } from "./problem.ts";

type Interval = { start?: number; end?: number };
type Relation = DocumentFacts["relations"][number];

/** What the ordering rules know of a document's times. */
interface Times {
  /** Start and end per activity id. */
  readonly interval: Map<string, Interval>;
  /** Earliest generation time per entity id. */
  readonly generated: Map<string, number>;
}

export function checkOrdering(facts: DocumentFacts): Finding[] {
  const findings: Finding[] = [];
  const times: Times = { interval: activityIntervals(facts, findings), generated: generationTimes(facts) };
  for (const relation of facts.relations) {
    for (const rule of RELATION_RULES) {
      const finding = rule(relation, times);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/** Each activity's start and end (the first stated wins), noting activities that end before they start. */
function activityIntervals(facts: DocumentFacts, findings: Finding[]): Map<string, Interval> {
  const interval = new Map<string, Interval>();
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
  return interval;
}

function generationTimes(facts: DocumentFacts): Map<string, number> {
  const generated = new Map<string, number>();
  for (const relation of facts.relations) {
    if (relation.kind !== "wasGeneratedBy") continue;
    const entity = relation.args.get("prov:entity");
    const at = time(relation.args.get("prov:time"));
    if (entity !== undefined && at !== undefined)
      generated.set(entity, Math.min(at, generated.get(entity) ?? at));
  }
  return generated;
}

/** Generation and usage happen while their activity runs. */
function duringActivity(relation: Relation, { interval }: Times): Finding | undefined {
  if (relation.kind !== "wasGeneratedBy" && relation.kind !== "used") return undefined;
  const at = time(relation.args.get("prov:time"));
  const activity = relation.args.get("prov:activity");
  if (at === undefined || activity === undefined) return undefined;
  const { start, end } = interval.get(activity) ?? {};
  if (!((start !== undefined && at < start) || (end !== undefined && at > end))) return undefined;
  const what = relation.kind === "used" ? "usage" : "generation";
  return warning(
    `ordering/${what}-outside-activity`,
    relation.text,
    `the ${what} time lies outside ${activity}'s start and end`,
    "check the relation's time against the activity's interval",
  );
}

/** An entity is generated before it is used or invalidated. */
function afterGeneration(relation: Relation, { generated }: Times): Finding | undefined {
  if (relation.kind !== "used" && relation.kind !== "wasInvalidatedBy") return undefined;
  const at = time(relation.args.get("prov:time"));
  const entity = relation.args.get("prov:entity");
  if (at === undefined || entity === undefined) return undefined;
  const birth = generated.get(entity);
  if (birth === undefined || at >= birth) return undefined;
  const what = relation.kind === "used" ? "usage" : "invalidation";
  return warning(
    `ordering/${what}-before-generation`,
    relation.text,
    `${entity} is ${relation.kind === "used" ? "used" : "invalidated"} before it is generated`,
    "check both times",
  );
}

/** A derived entity is generated after the entity it derives from. */
function derivationAfterSource(relation: Relation, { generated }: Times): Finding | undefined {
  if (relation.kind !== "wasDerivedFrom") return undefined;
  const derived = generated.get(relation.args.get("prov:generatedEntity") ?? "");
  const source = generated.get(relation.args.get("prov:usedEntity") ?? "");
  if (derived === undefined || source === undefined || derived >= source) return undefined;
  return warning(
    "ordering/derivation-before-source",
    relation.text,
    "the derived entity is generated before the entity it derives from",
    "check the generation times of both entities",
  );
}

/** An informed activity does not end before its informant starts. */
function informedAfterInformant(relation: Relation, { interval }: Times): Finding | undefined {
  if (relation.kind !== "wasInformedBy") return undefined;
  const informed = interval.get(relation.args.get("prov:informed") ?? "");
  const informant = interval.get(relation.args.get("prov:informant") ?? "");
  if (informed?.end === undefined || informant?.start === undefined || informed.end >= informant.start)
    return undefined;
  return warning(
    "ordering/informed-before-informant",
    relation.text,
    "the informed activity ends before its informant starts",
    "check both activities' times",
  );
}

/** In the order the findings were reported before the rules were split. */
const RELATION_RULES = [duringActivity, afterGeneration, derivationAfterSource, informedAfterInformant];

function time(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function warning(code: string, record: string, message: string, fix: string): Finding {
  return { severity: "warning", code, record, message, fix };
}
