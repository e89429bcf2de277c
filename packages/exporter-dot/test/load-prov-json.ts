/**
 * Test helper: reads PROV-JSON (yProv4ML's lenient flavour included) into a ProvDocument, so the
 * DOT exporter's tests can draw the real fixtures without depending on @prov4ml/exporter-prov
 * (the exporter must not depend on it; the reader there is the real one for users).
 */
import { readFileSync } from "node:fs";
import { type AttributeValue, isRecordKind, ProvDocument, type ProvValue } from "@prov4ml/core";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function loadProvJsonFile(path: string): ProvDocument {
  return loadProvJson(JSON.parse(readFileSync(path, "utf8")) as Record<string, Json>);
}

export function loadProvJson(json: Record<string, Json>): ProvDocument {
  const document = new ProvDocument();
  fill(document, json);
  const bundles = json.bundle;
  if (bundles && typeof bundles === "object" && !Array.isArray(bundles)) {
    for (const [id, content] of Object.entries(bundles)) {
      fill(document.bundle(id), content as Record<string, Json>);
    }
  }
  return document;
}

function fill(document: ProvDocument, json: Record<string, Json>): void {
  const prefixes = (json.prefix ?? {}) as Record<string, string>;
  for (const [prefix, iri] of Object.entries(prefixes)) {
    if (prefix === "default") document.defaultNamespace = iri;
    else if (prefix !== "prov" && prefix !== "xsd") document.addNamespace(prefix, iri);
  }
  for (const [key, byId] of Object.entries(json)) {
    const kind = key === "wasEndedby" ? "wasEndedBy" : key;
    if (!isRecordKind(kind) || !byId || typeof byId !== "object") continue;
    for (const [id, body] of Object.entries(byId as Record<string, Json>)) {
      for (const attributes of Array.isArray(body) ? body : [body]) {
        document.add(kind, id.startsWith("_:") ? undefined : id, toAttributes(attributes));
      }
    }
  }
}

function toAttributes(json: Json): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries((json ?? {}) as Record<string, Json>)) {
    out[key] = Array.isArray(value) ? value.map(toValue) : toValue(value);
  }
  return out;
}

function toValue(value: Json): ProvValue {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "$" in value) {
    const lexical = String(value.$);
    if (typeof value.lang === "string") return { $: lexical, lang: value.lang };
    return { $: lexical, type: String(value.type ?? "xsd:string") };
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}
