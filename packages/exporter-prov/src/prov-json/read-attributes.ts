import type { Attributes, AttributeValue, ProvValue } from "@prov4ml/core";
import { isPlainObject, qname, type Scope } from "./read-scope.ts";

/** A record's attributes: formal arguments as names or times, the rest as PROV values. */
export function readAttributes(
  json: Record<string, unknown>,
  formal: ReadonlySet<string>,
  scope: Scope,
): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const [rawKey, rawValue] of Object.entries(json)) {
    const key = qname(rawKey, scope);
    if (rawValue === null || rawValue === undefined) {
      scope.log.add("null attribute value dropped", rawKey);
      continue;
    }
    if (formal.has(key)) {
      const text = formalText(rawValue);
      if (text === undefined) {
        scope.log.add("formal argument that is not a name or time dropped", rawKey);
        continue;
      }
      out[key] =
        key === "prov:time" || key === "prov:startTime" || key === "prov:endTime" ? text : qname(text, scope);
      continue;
    }
    if (Array.isArray(rawValue)) {
      const items: ProvValue[] = [];
      for (const item of rawValue.flat(Number.POSITIVE_INFINITY) as unknown[]) {
        const value = readValue(item, scope);
        if (value !== undefined) items.push(value);
      }
      if (items.length === 1) out[key] = items[0]!;
      else if (items.length > 1) out[key] = items;
      continue;
    }
    const value = readValue(rawValue, scope);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function formalText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isPlainObject(value) && typeof value.$ === "string") return value.$;
  return undefined;
}

function readValue(value: unknown, scope: Scope): ProvValue | undefined {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (value === null || value === undefined) {
    scope.log.add("null attribute value dropped");
    return undefined;
  }
  if (isPlainObject(value) && "$" in value) {
    let lexical: string;
    if (typeof value.$ === "string") lexical = value.$;
    else {
      lexical = String(value.$);
      scope.log.add('typed literal with a non-string "$" (prov 2.x style); kept its text', lexical);
    }
    if (typeof value.lang === "string") return { $: lexical, lang: value.lang };
    if (typeof value.type === "string") {
      let type = qname(value.type, scope);
      if (type === "prov:QUALIFIED_NAME") {
        type = "xsd:QName";
        scope.log.add('datatype "prov:QUALIFIED_NAME" (prov < 3.0) read as "xsd:QName"');
      }
      return { $: type === "xsd:QName" ? qname(lexical, scope) : lexical, type };
    }
    scope.log.add('literal object without "type" or "lang" read as a string', lexical);
    return lexical;
  }
  const text = JSON.stringify(value);
  scope.log.add("structured attribute value kept as JSON text", text);
  return text;
}
