import {
  type Attributes,
  type AttributeValue,
  literalToJs,
  type ProvDocument,
  type ProvValue,
  type RecordKind,
} from "@prov4ml/core";
import type { PlainValue } from "./types.ts";

/** An element with the attributes of every record under its id merged, in document order. */
export interface Element {
  id: string;
  /** Attribute → every value asserted for it. */
  attributes: Map<string, ProvValue[]>;
}

/** Elements of one kind, merged by id (PROV lets one id carry several records). */
export function elementsOf(doc: ProvDocument, kind: "entity" | "activity" | "agent"): Element[] {
  const byId = new Map<string, Element>();
  for (const record of doc.records) {
    if (record.kind !== kind || record.id === undefined) continue;
    let element = byId.get(record.id);
    if (!element) {
      element = { id: record.id, attributes: new Map() };
      byId.set(record.id, element);
    }
    for (const [key, value] of Object.entries(record.attributes)) {
      const list = element.attributes.get(key) ?? [];
      // one by one: a spread overflows the stack for attributes with ~100k values
      for (const item of valuesOf(value)) list.push(item);
      element.attributes.set(key, list);
    }
  }
  return [...byId.values()];
}

/** Elements of one kind, one per record (records sharing an id stay apart). */
export function recordElements(doc: ProvDocument, kind: "entity" | "activity" | "agent"): Element[] {
  const out: Element[] = [];
  for (const record of doc.records) {
    if (record.kind !== kind || record.id === undefined) continue;
    const attributes = new Map<string, ProvValue[]>();
    for (const [key, value] of Object.entries(record.attributes)) attributes.set(key, valuesOf(value));
    out.push({ id: record.id, attributes });
  }
  return out;
}

export function valuesOf(value: AttributeValue): ProvValue[] {
  return Array.isArray(value) ? [...(value as readonly ProvValue[])] : [value as ProvValue];
}

/** The first value of an attribute, converted to JavaScript. */
export function first(element: Element, key: string): PlainValue | undefined {
  const value = element.attributes.get(key)?.[0];
  return value === undefined ? undefined : literalToJs(value);
}

export function firstString(element: Element, key: string): string | undefined {
  const value = first(element, key);
  return value === undefined ? undefined : String(value);
}

export function firstNumber(element: Element, key: string): number | undefined {
  const value = first(element, key);
  if (value === undefined || typeof value === "boolean") return undefined;
  if (typeof value === "number") return value;
  const number = Number(value);
  return Number.isNaN(number) && value.trim() !== "NaN" ? undefined : number;
}

/** All attributes as plain values: one value stays scalar, several become an array. */
export function plainAttributes(element: Element, skip: ReadonlySet<string> = new Set()) {
  const out: Record<string, PlainValue | PlainValue[]> = {};
  for (const [key, values] of element.attributes) {
    if (skip.has(key)) continue;
    const plain = values.map(literalToJs);
    out[key] = plain.length === 1 ? plain[0]! : plain;
  }
  return out;
}

/** The expanded IRIs of an element's `prov:type` values (qualified names, or strings that look like them). */
export function typeIris(doc: ProvDocument, element: Element): Set<string> {
  const iris = new Set<string>();
  for (const value of element.attributes.get("prov:type") ?? []) {
    const text = typeof value === "object" ? value.$ : String(value);
    const iri = doc.expand(text);
    if (iri !== undefined) iris.add(iri);
    iris.add(text);
  }
  return iris;
}

/** Ids referenced by one formal argument of every relation of a kind. */
export function referenced(doc: ProvDocument, kind: RecordKind, formal: string): Set<string> {
  const ids = new Set<string>();
  for (const record of doc.records) {
    if (record.kind !== kind) continue;
    const value = (record.attributes as Attributes)[formal];
    if (typeof value === "string") ids.add(value);
  }
  return ids;
}

/** An epoch-seconds string (yProv4ML's `execution_start_time`) as ISO 8601. */
export function epochSecondsToIso(value: PlainValue | undefined): string | undefined {
  const seconds = typeof value === "number" ? value : Number(value);
  if (value === undefined || !Number.isFinite(seconds)) return undefined;
  return new Date(seconds * 1000).toISOString();
}
