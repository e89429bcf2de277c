import {
  type AttributeValue,
  doubleLexical,
  formalArgsOf,
  type ProvDocument,
  type ProvRecord,
  type ProvValue,
  RELATIONS_WITHOUT_ID,
  type RelationKind,
  TIME_ARGS,
} from "@prov4ml/core";
import { provnQualifiedName, provnString } from "./escape.ts";

/**
 * Serialises a document as PROV-N (W3C Recommendation): `document` … `endDocument`, the default
 * namespace and prefixes first, one expression per line, bundles after the records.
 *
 * Missing optional arguments are written `-`; typed literals `"10" %% xsd:long`; qualified-name
 * values `'mls:Run'`; numbers that JSON would keep plain follow the prov package (integers bare,
 * others `%% xsd:double`, NaN/±Infinity as `"NaN"`/`"INF"`/`"-INF"`).
 */
export function toProvN(doc: ProvDocument): string {
  const lines = ["document"];
  writeContainer(doc, lines, "  ");
  for (const [id, bundle] of doc.bundles) {
    lines.push(`  bundle ${provnQualifiedName(id)}`);
    writeContainer(bundle, lines, "    ", doc.defaultNamespace);
    lines.push("  endBundle");
  }
  lines.push("endDocument");
  return `${lines.join("\n")}\n`;
}

function writeContainer(doc: ProvDocument, lines: string[], indent: string, inheritedDefault?: string): void {
  if (doc.defaultNamespace !== undefined && doc.defaultNamespace !== inheritedDefault) {
    lines.push(`${indent}default <${iri(doc.defaultNamespace)}>`);
  }
  for (const [prefix, namespace] of doc.namespaces)
    lines.push(`${indent}prefix ${prefix} <${iri(namespace)}>`);
  if (doc.records.length > 0) lines.push("");
  for (const record of doc.records) lines.push(indent + expression(record));
}

function expression(record: ProvRecord): string {
  const formalNames = formalArgsOf(record.kind);
  const formal = new Set(formalNames);
  const args: string[] = [];
  if (record.kind === "entity" || record.kind === "agent" || record.kind === "activity") {
    args.push(provnQualifiedName(record.id ?? "-"));
  }
  const hasTimes = formalNames.some((name) => record.attributes[name] !== undefined);
  if (record.kind !== "activity" || hasTimes || hasExtras(record, formal)) {
    for (const name of formalNames) {
      const value = record.attributes[name];
      args.push(value === undefined ? "-" : formalValue(name, value));
    }
  }
  const extras: string[] = [];
  for (const [key, value] of Object.entries(record.attributes)) {
    if (formal.has(key)) continue;
    for (const item of Array.isArray(value) ? (value as readonly ProvValue[]) : [value as ProvValue]) {
      extras.push(`${provnQualifiedName(key)}=${literal(item)}`);
    }
  }
  if (extras.length > 0) args.push(`[${extras.join(", ")}]`);
  const isElement = record.kind === "entity" || record.kind === "agent" || record.kind === "activity";
  const idPart =
    !isElement && record.id !== undefined && !RELATIONS_WITHOUT_ID.has(record.kind as RelationKind)
      ? `${provnQualifiedName(record.id)}; `
      : "";
  return `${record.kind}(${idPart}${args.join(", ")})`;
}

function hasExtras(record: ProvRecord, formal: ReadonlySet<string>): boolean {
  return Object.keys(record.attributes).some((key) => !formal.has(key));
}

function formalValue(name: string, value: AttributeValue): string {
  const single = (Array.isArray(value) ? (value as readonly ProvValue[])[0] : value) as ProvValue | undefined;
  if (single === undefined) return "-";
  const text = typeof single === "object" ? single.$ : String(single);
  // Times are bare xsd:dateTime tokens; everything else in a formal slot is an identifier.
  return TIME_ARGS.has(name) ? text : provnQualifiedName(text);
}

function literal(value: ProvValue): string {
  if (typeof value === "string") return provnString(value);
  if (typeof value === "boolean") return `"${value}" %% xsd:boolean`;
  if (typeof value === "number") {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) return String(value);
    return `"${doubleLexical(value)}" %% xsd:double`;
  }
  if ("lang" in value) return `${provnString(value.$)}@${value.lang}`;
  if (value.type === "xsd:QName" || value.type === "prov:QUALIFIED_NAME")
    return `'${provnQualifiedName(value.$)}'`;
  return `${provnString(value.$)} %% ${provnQualifiedName(value.type)}`;
}

/** IRIs in `<…>`: characters IRIREF forbids are percent-encoded. */
function iri(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what IRIREF forbids.
    /[\u0000-\u0020<>"{}|^`\\]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
