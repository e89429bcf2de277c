import {
  type AttributeValue,
  doubleLexical,
  type ProvDocument,
  type ProvRecord,
  type ProvValue,
  RECORD_KINDS,
  XSD_NS,
} from "@prov4ml/core";
import type { ProvJsonAttributes, ProvJsonContainer, ProvJsonLiteral, ProvJsonValue } from "./container.ts";

/**
 * Builds the PROV-JSON container of a document as a plain object.
 *
 * - `prefix` declares every namespace of the document, `default` included, and `xsd` (with its
 *   real IRI) when a typed literal uses it.
 * - Records are grouped by kind; an id asserted twice becomes an array of attribute objects.
 * - Relations without an id get blank ids `_:id1`, `_:id2`, … (one counter per document, bundles
 *   included, so ids never collide).
 * - Numbers that JSON cannot hold (NaN, ±Infinity) become `xsd:double` literals (`NaN`, `INF`, `-INF`).
 */
export function toProvJsonObject(doc: ProvDocument): ProvJsonContainer {
  const counter = { next: 1 };
  return containerOf(doc, counter);
}

/** Serialises a document as PROV-JSON text (two-space indentation unless `space` says otherwise). */
export function toProvJson(doc: ProvDocument, options: { space?: number } = {}): string {
  return JSON.stringify(toProvJsonObject(doc), null, options.space ?? 2);
}

function containerOf(doc: ProvDocument, counter: { next: number }): ProvJsonContainer {
  const container: ProvJsonContainer = {};
  const prefix: Record<string, string> = {};
  for (const [name, iri] of doc.namespaces) prefix[name] = iri;
  if (doc.defaultNamespace !== undefined) prefix.default = doc.defaultNamespace;
  const usage = { xsd: false };
  const byKind = new Map<string, Map<string, ProvJsonAttributes[]>>();
  for (const record of doc.records) {
    let ids = byKind.get(record.kind);
    if (!ids) {
      ids = new Map();
      byKind.set(record.kind, ids);
    }
    const id = record.id ?? `_:id${counter.next++}`;
    const list = ids.get(id);
    const attributes = attributesOf(record, usage);
    if (list) list.push(attributes);
    else ids.set(id, [attributes]);
  }
  if (usage.xsd && prefix.xsd === undefined) prefix.xsd = XSD_NS;
  if (Object.keys(prefix).length > 0) container.prefix = prefix;
  for (const kind of RECORD_KINDS) {
    const ids = byKind.get(kind);
    if (!ids) continue;
    const out: Record<string, ProvJsonAttributes | ProvJsonAttributes[]> = {};
    for (const [id, list] of ids) out[id] = list.length === 1 ? list[0]! : list;
    container[kind] = out;
  }
  if (doc.bundles.size > 0) {
    const bundles: Record<string, ProvJsonContainer> = {};
    for (const [id, bundle] of doc.bundles) bundles[id] = containerOf(bundle, counter);
    container.bundle = bundles;
  }
  return container;
}

function attributesOf(record: ProvRecord, usage: { xsd: boolean }): ProvJsonAttributes {
  const out: ProvJsonAttributes = {};
  for (const [key, value] of Object.entries(record.attributes)) out[key] = jsonValue(value, usage);
  return out;
}

function jsonValue(value: AttributeValue, usage: { xsd: boolean }): ProvJsonValue {
  if (Array.isArray(value)) return (value as readonly ProvValue[]).map((item) => scalar(item, usage));
  return scalar(value as ProvValue, usage);
}

function scalar(value: ProvValue, usage: { xsd: boolean }): string | number | boolean | ProvJsonLiteral {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    usage.xsd = true;
    return { $: doubleLexical(value), type: "xsd:double" };
  }
  if (typeof value !== "object") return value;
  if ("type" in value) {
    if (value.type.startsWith("xsd:")) usage.xsd = true;
    return { $: String(value.$), type: value.type };
  }
  return { $: String(value.$), lang: value.lang };
}
