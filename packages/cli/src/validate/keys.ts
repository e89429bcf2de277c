/**
 * PROV-CONSTRAINTS key and uniqueness constraints: records sharing an identifier must unify, an
 * entity is generated (or invalidated) once per activity, an activity has one start and one end.
 */
import { type DocumentFacts, elementText, type RelationFact, textOf } from "./document-facts.ts";
import type { Finding } from "./problem.ts";

export function checkKeys(facts: DocumentFacts): Finding[] {
  const findings: Finding[] = [];
  checkActivityTimes(facts, findings);
  checkRelationIds(facts, findings);
  checkUnique(
    facts,
    findings,
    "wasGeneratedBy",
    "prov:entity",
    "prov:activity",
    "key/generation-unique",
    "generated",
  );
  checkUnique(
    facts,
    findings,
    "wasInvalidatedBy",
    "prov:entity",
    "prov:activity",
    "key/invalidation-unique",
    "invalidated",
  );
  checkUnique(
    facts,
    findings,
    "wasStartedBy",
    "prov:activity",
    "prov:starter",
    "key/start-unique",
    "started",
  );
  checkUnique(facts, findings, "wasEndedBy", "prov:activity", "prov:ender", "key/end-unique", "ended");
  return findings;
}

function checkActivityTimes(facts: DocumentFacts, findings: Finding[]): void {
  const times = new Map<string, { start?: string; end?: string }>();
  for (const record of facts.elementRecords) {
    if (record.kind !== "activity") continue;
    const seen = times.get(record.id!) ?? {};
    for (const [slot, key] of [
      ["prov:startTime", "start"],
      ["prov:endTime", "end"],
    ] as const) {
      const value = textOf(record.attributes[slot]);
      if (value === undefined) continue;
      if (seen[key] !== undefined && !sameTime(seen[key], value)) {
        findings.push({
          code: "key/activity-time",
          record: elementText(record),
          message: `activity ${record.id} has two ${slot} values: ${seen[key]} and ${value}`,
          fix: `keep one ${slot} for the activity`,
        });
      }
      seen[key] ??= value;
    }
    times.set(record.id!, seen);
  }
  // An activity's start (end) time is the time of its wasStartedBy (wasEndedBy).
  for (const relation of facts.relations) {
    if (relation.kind !== "wasStartedBy" && relation.kind !== "wasEndedBy") continue;
    const activity = relation.args.get("prov:activity");
    const time = relation.args.get("prov:time");
    if (activity === undefined || time === undefined) continue;
    const own = relation.kind === "wasStartedBy" ? times.get(activity)?.start : times.get(activity)?.end;
    if (own !== undefined && !sameTime(own, time)) {
      findings.push({
        code: "key/activity-time",
        record: relation.text,
        message: `${relation.kind} says ${activity} ${relation.kind === "wasStartedBy" ? "started" : "ended"} at ${time}, the activity says ${own}`,
        fix: "make both times equal, or drop one of them",
      });
    }
  }
}

function checkRelationIds(facts: DocumentFacts, findings: Finding[]): void {
  const byId = new Map<string, RelationFact[]>();
  for (const relation of facts.relations) {
    const id = relation.record.id;
    if (id === undefined) continue;
    if (facts.declared.has(id)) {
      findings.push({
        code: "impossibility/relation-id-is-element",
        record: relation.text,
        message: `${id} identifies both this relation and an element`,
        fix: "give the relation its own identifier (or none)",
      });
    }
    byId.set(id, [...(byId.get(id) ?? []), relation]);
  }
  for (const [id, relations] of byId) {
    const first = relations[0]!;
    for (const other of relations.slice(1)) {
      if (other.kind !== first.kind) {
        findings.push({
          code: "impossibility/relation-id-two-kinds",
          record: other.text,
          message: `${id} identifies a ${first.kind} and a ${other.kind}`,
          fix: "give each relation its own identifier",
        });
        continue;
      }
      const conflict = [...other.args].find(([slot, value]) => {
        const mine = first.args.get(slot);
        return mine !== undefined && mine !== value && !(slot === "prov:time" && sameTime(mine, value));
      });
      if (conflict) {
        findings.push({
          code: "key/relation-conflict",
          record: other.text,
          message: `two ${other.kind} records share the id ${id} but disagree on ${conflict[0]} (${first.args.get(conflict[0])} vs ${conflict[1]})`,
          fix: "give the two relations different identifiers",
        });
      }
    }
  }
}

/** At most one relation of this kind per (first, second) pair: ids and times must unify. */
function checkUnique(
  facts: DocumentFacts,
  findings: Finding[],
  kind: string,
  firstSlot: string,
  secondSlot: string,
  code: string,
  verb: string,
): void {
  const seen = new Map<string, RelationFact[]>();
  for (const relation of facts.relations) {
    if (relation.kind !== kind) continue;
    const first = relation.args.get(firstSlot);
    const second = relation.args.get(secondSlot);
    if (first === undefined || second === undefined) continue;
    const key = `${first}\u0000${second}`;
    const previous = seen.get(key) ?? [];
    seen.set(key, [...previous, relation]);
    const b = relation.record.id;
    const t2 = relation.args.get("prov:time");
    const idClash = previous.find(
      (other) => other.record.id !== undefined && b !== undefined && other.record.id !== b,
    );
    const timeClash = previous.find((other) => {
      const t1 = other.args.get("prov:time");
      return t1 !== undefined && t2 !== undefined && !sameTime(t1, t2);
    });
    if (idClash) {
      findings.push({
        code,
        record: relation.text,
        message: `${first} is ${verb} by ${second} twice, as ${idClash.record.id} and ${b}`,
        fix: "keep one record (PROV allows one per pair), or merge them under one id",
      });
    } else if (timeClash) {
      findings.push({
        code,
        record: relation.text,
        message: `${first} is ${verb} by ${second} twice, at ${timeClash.args.get("prov:time")} and at ${t2}`,
        fix: "keep one record with one time",
      });
    } else if (previous.some((other) => sameRecord(other, relation))) {
      findings.push({
        severity: "warning",
        code: "style/duplicate-record",
        record: relation.text,
        message: "the same relation is recorded twice",
        fix: "remove the copy",
      });
    }
  }
}

function sameRecord(a: RelationFact, b: RelationFact): boolean {
  return (
    JSON.stringify(a.record.attributes) === JSON.stringify(b.record.attributes) && a.record.id === b.record.id
  );
}

export function sameTime(a: string, b: string): boolean {
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}
