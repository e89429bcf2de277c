import { ProvModelError } from "../errors.ts";
import { splitQualifiedName } from "./identifiers.ts";
import type { Attributes, AttributeValue } from "./literals.ts";
import { toIsoDateTime } from "./literals.ts";
import { PREDECLARED_PREFIXES } from "./namespaces.ts";
import { isRecordKind, RELATION_FORMAL_ARGS, type RecordKind, type RelationKind } from "./record-kinds.ts";

/** One PROV assertion: an element or a relation with its formal arguments and extra attributes. */
export interface ProvRecord {
  readonly kind: RecordKind;
  /** Qualified name (`prefix:local`, or a bare local name in the default namespace); undefined = anonymous. */
  readonly id: string | undefined;
  /** Formal arguments (`prov:entity`, `prov:time`, …) and extra attributes, in insertion order. */
  readonly attributes: Attributes;
}

/** A time for a formal argument: epoch milliseconds, a Date or an ISO string. */
export type ProvTime = number | Date | string;

/** Formal arguments of a relation, by their local name: `{ entity: "ex:e", activity: "ex:a" }`. */
export type RelationArgs = Record<string, string | ProvTime | undefined>;

/**
 * A PROV document (or bundle): namespaces, records in insertion order, and bundles.
 * The builder methods mirror PROV-N (`entity`, `activity`, `wasGeneratedBy`, …) and return the
 * record they add. Several records may share an id, as PROV allows; readers merge them.
 */
export class ProvDocument {
  readonly namespaces = new Map<string, string>();
  defaultNamespace: string | undefined;
  readonly records: ProvRecord[] = [];
  readonly bundles = new Map<string, ProvDocument>();

  constructor(options: { defaultNamespace?: string; namespaces?: Record<string, string> } = {}) {
    this.defaultNamespace = options.defaultNamespace;
    for (const [prefix, iri] of Object.entries(options.namespaces ?? {})) this.addNamespace(prefix, iri);
  }

  addNamespace(prefix: string, iri: string): this {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(prefix)) {
      throw new ProvModelError(`invalid namespace prefix "${prefix}": use letters, digits, "_", "-" or "."`);
    }
    const predeclared = PREDECLARED_PREFIXES[prefix];
    if (predeclared !== undefined && predeclared !== iri) {
      throw new ProvModelError(`prefix "${prefix}" is predeclared as <${predeclared}> and cannot be rebound`);
    }
    this.namespaces.set(prefix, iri);
    return this;
  }

  /** Expands a qualified name to its IRI, or returns undefined when its prefix is unknown. */
  expand(qname: string): string | undefined {
    const { prefix, local } = splitQualifiedName(qname);
    if (prefix === undefined) return this.defaultNamespace ? this.defaultNamespace + local : undefined;
    const iri = this.namespaces.get(prefix) ?? PREDECLARED_PREFIXES[prefix];
    return iri === undefined ? undefined : iri + local;
  }

  /** Adds a record of any kind. Formal arguments are given as attributes (`prov:entity`, …). */
  add(kind: RecordKind, id: string | undefined, attributes: Attributes = {}): ProvRecord {
    if (!isRecordKind(kind)) throw new ProvModelError(`unknown PROV record kind "${kind}"`);
    const record: ProvRecord = { kind, id, attributes: { ...attributes } };
    this.records.push(record);
    return record;
  }

  entity(id: string, attributes: Attributes = {}): ProvRecord {
    return this.add("entity", id, attributes);
  }

  agent(id: string, attributes: Attributes = {}): ProvRecord {
    return this.add("agent", id, attributes);
  }

  activity(id: string, startTime?: ProvTime, endTime?: ProvTime, attributes: Attributes = {}): ProvRecord {
    const formal: Attributes = {};
    if (startTime !== undefined) formal["prov:startTime"] = timeText(startTime);
    if (endTime !== undefined) formal["prov:endTime"] = timeText(endTime);
    return this.add("activity", id, { ...formal, ...attributes });
  }

  /**
   * Adds a relation. `args` uses the formal arguments' local names in any order; they are stored
   * in PROV-N order. The first formal argument is required.
   */
  relation(kind: RelationKind, args: RelationArgs, attributes: Attributes = {}, id?: string): ProvRecord {
    const formalNames = RELATION_FORMAL_ARGS[kind];
    const formal: Attributes = {};
    for (const name of formalNames) {
      const local = name.slice("prov:".length);
      const value = args[local];
      if (value === undefined) continue;
      formal[name] = name === "prov:time" ? timeText(value) : String(value);
    }
    const known = new Set(formalNames.map((name) => name.slice("prov:".length)));
    for (const key of Object.keys(args)) {
      if (!known.has(key)) {
        throw new ProvModelError(
          `${kind} has no formal argument "${key}"; expected one of ${[...known].join(", ")}`,
        );
      }
    }
    const first = formalNames[0];
    if (formal[first] === undefined) {
      throw new ProvModelError(`${kind} needs its first argument "${first.slice(5)}"`);
    }
    return this.add(kind, id, { ...formal, ...attributes });
  }

  wasGeneratedBy(entity: string, activity?: string, time?: ProvTime, attributes?: Attributes, id?: string) {
    return this.relation("wasGeneratedBy", { entity, activity, time }, attributes, id);
  }

  used(activity: string, entity?: string, time?: ProvTime, attributes?: Attributes, id?: string) {
    return this.relation("used", { activity, entity, time }, attributes, id);
  }

  wasInformedBy(informed: string, informant: string, attributes?: Attributes, id?: string) {
    return this.relation("wasInformedBy", { informed, informant }, attributes, id);
  }

  wasAssociatedWith(activity: string, agent?: string, plan?: string, attributes?: Attributes, id?: string) {
    return this.relation("wasAssociatedWith", { activity, agent, plan }, attributes, id);
  }

  wasAttributedTo(entity: string, agent: string, attributes?: Attributes, id?: string) {
    return this.relation("wasAttributedTo", { entity, agent }, attributes, id);
  }

  wasDerivedFrom(generatedEntity: string, usedEntity: string, attributes?: Attributes, id?: string) {
    return this.relation("wasDerivedFrom", { generatedEntity, usedEntity }, attributes, id);
  }

  wasStartedBy(
    activity: string,
    trigger?: string,
    starter?: string,
    time?: ProvTime,
    attributes?: Attributes,
  ) {
    return this.relation("wasStartedBy", { activity, trigger, starter, time }, attributes);
  }

  wasEndedBy(activity: string, trigger?: string, ender?: string, time?: ProvTime, attributes?: Attributes) {
    return this.relation("wasEndedBy", { activity, trigger, ender, time }, attributes);
  }

  wasInvalidatedBy(entity: string, activity?: string, time?: ProvTime, attributes?: Attributes) {
    return this.relation("wasInvalidatedBy", { entity, activity, time }, attributes);
  }

  actedOnBehalfOf(delegate: string, responsible: string, activity?: string, attributes?: Attributes) {
    return this.relation("actedOnBehalfOf", { delegate, responsible, activity }, attributes);
  }

  wasInfluencedBy(influencee: string, influencer: string, attributes?: Attributes) {
    return this.relation("wasInfluencedBy", { influencee, influencer }, attributes);
  }

  specializationOf(specificEntity: string, generalEntity: string) {
    return this.relation("specializationOf", { specificEntity, generalEntity });
  }

  alternateOf(alternate1: string, alternate2: string) {
    return this.relation("alternateOf", { alternate1, alternate2 });
  }

  hadMember(collection: string, entity: string) {
    return this.relation("hadMember", { collection, entity });
  }

  mentionOf(specificEntity: string, generalEntity: string, bundle: string) {
    return this.relation("mentionOf", { specificEntity, generalEntity, bundle });
  }

  /** Creates (or returns) a bundle: a named document nested in this one. */
  bundle(id: string): ProvDocument {
    let bundle = this.bundles.get(id);
    if (!bundle) {
      bundle = new ProvDocument({ defaultNamespace: this.defaultNamespace });
      this.bundles.set(id, bundle);
    }
    return bundle;
  }

  /** Records of one kind, optionally only those with one id. */
  recordsOf(kind: RecordKind, id?: string): ProvRecord[] {
    return this.records.filter((record) => record.kind === kind && (id === undefined || record.id === id));
  }

  /** The attributes of every record with this kind and id, merged (later values are appended). */
  mergedAttributes(kind: RecordKind, id: string): Attributes | undefined {
    const matches = this.recordsOf(kind, id);
    if (matches.length === 0) return undefined;
    const merged: Record<string, AttributeValue> = {};
    for (const record of matches) {
      for (const [key, value] of Object.entries(record.attributes)) {
        const previous = merged[key];
        if (previous === undefined) merged[key] = value;
        else merged[key] = [...toArray(previous), ...toArray(value)];
      }
    }
    return merged;
  }
}

function toArray(value: AttributeValue) {
  return Array.isArray(value) ? value : [value as Exclude<AttributeValue, readonly unknown[]>];
}

function timeText(time: ProvTime): string {
  return typeof time === "string" ? time : toIsoDateTime(time);
}
