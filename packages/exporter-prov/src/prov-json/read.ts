import { readFile } from "node:fs/promises";
import {
  type Attributes,
  type AttributeValue,
  formalArgsOf,
  isRecordKind,
  ProvDocument,
  type ProvValue,
  type RecordKind,
  toNamespaceIri,
  XSD_NS,
} from "@prov4ml/core";
import { ProvJsonError } from "./errors.ts";
import { RepairLog } from "./repair-log.ts";

/** A document read by the lenient reader, with one note per kind of quirk it repaired. */
export interface ParsedProvJson {
  document: ProvDocument;
  /** Human-readable notes, one per kind of repair (with a count and examples). Empty for clean input. */
  repairs: string[];
}

const XSD_IRIS = new Set([
  XSD_NS,
  "http://www.w3.org/2000/10/XMLSchema#",
  "http://www.w3.org/2001/XMLSchema",
]);
const PREFIX_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const STRUCTURE_KEYS = new Set(["prefix", "bundle"]);

/**
 * Reads PROV-JSON leniently: the W3C Member Submission as written by the Python `prov` package
 * (2.x and 3.x) and yProv4ML, quirks included. Accepted and repaired (each listed in `repairs`):
 * `id → object[]` (kept as several records), numeric `"$"`, `prov:QUALIFIED_NAME` (→ `xsd:QName`),
 * prefixes bound to non-IRIs (→ `http://<value>/`), `xsd_1` bound to the 2000/10 XML Schema
 * namespace (→ `xsd`), `wasEndedby` (→ `wasEndedBy`), `null` values (dropped), nested objects
 * (kept as JSON text), unknown top-level keys (ignored).
 *
 * @throws {ProvJsonError} for text that is not JSON, JSON cut short, or JSON that is not PROV.
 */
export function parseProvJson(text: string): ParsedProvJson {
  if (text.trim() === "")
    throw new ProvJsonError("empty input: expected a PROV-JSON document (a JSON object).");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // A syntax error at the very end of the text means the document was cut short.
    const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    if (
      /end of (JSON )?input|Unterminated|Unexpected end/i.test(reason) ||
      position >= text.trimEnd().length
    ) {
      throw new ProvJsonError(
        `PROV-JSON text ends early after ${text.length} characters (${reason}): the file looks truncated; restore a complete copy or re-export it.`,
        { cause: error },
      );
    }
    throw new ProvJsonError(`not valid JSON (${reason}): check that this is a PROV-JSON file.`, {
      cause: error,
    });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    const what = json === null ? "null" : Array.isArray(json) ? "an array" : `a ${typeof json}`;
    throw new ProvJsonError(
      `JSON holds ${what}, not a PROV-JSON document: expected an object with "prefix", "entity", "activity", … keys.`,
    );
  }
  const keys = Object.keys(json);
  if (
    keys.length > 0 &&
    !keys.some((key) => STRUCTURE_KEYS.has(key) || isRecordKind(key) || key === "wasEndedby")
  ) {
    throw new ProvJsonError(
      `JSON object is not PROV-JSON: none of its keys (${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}) is "prefix", "bundle" or a PROV record kind.`,
    );
  }
  const log = new RepairLog();
  const document = new ProvDocument();
  readContainer(json as Record<string, unknown>, document, log, undefined);
  return { document, repairs: log.messages() };
}

/** Reads a PROV-JSON file with {@link parseProvJson}. */
export async function readProvJsonFile(path: string): Promise<ParsedProvJson> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "read error";
    throw new ProvJsonError(
      `cannot read ${JSON.stringify(path)} (${code}): check the path and permissions.`,
      {
        cause: error,
      },
    );
  }
  try {
    return parseProvJson(text);
  } catch (error) {
    if (error instanceof ProvJsonError) {
      throw new ProvJsonError(`${JSON.stringify(path)}: ${error.message}`, { cause: error.cause });
    }
    throw error;
  }
}

/** Per-container state: prefix renames (e.g. `xsd_1` → `xsd`) applied to every qualified name. */
interface Scope {
  readonly renames: Map<string, string>;
  readonly log: RepairLog;
}

function readContainer(
  json: Record<string, unknown>,
  doc: ProvDocument,
  log: RepairLog,
  parent: Scope | undefined,
): void {
  // A bundle sees the document's prefixes (and their renames) unless it redeclares them.
  const scope: Scope = { renames: new Map(parent?.renames), log };
  const topLevel = parent === undefined;
  if (json.prefix !== undefined) readPrefixes(json.prefix, doc, scope);
  for (const [key, body] of Object.entries(json)) {
    if (key === "prefix") continue;
    if (key === "bundle") {
      if (!topLevel) {
        log.add("nested bundle ignored (PROV allows bundles only at document level)");
        continue;
      }
      readBundles(body, doc, scope);
      continue;
    }
    let kind = key;
    if (key === "wasEndedby") {
      kind = "wasEndedBy";
      log.add('key "wasEndedby" (the schema\'s spelling) read as "wasEndedBy"');
    }
    if (!isRecordKind(kind)) {
      log.add("unknown top-level key ignored", key);
      continue;
    }
    if (!isPlainObject(body)) {
      log.add(`"${kind}" is not an object of id → record; ignored`);
      continue;
    }
    readRecords(kind, body, doc, scope);
  }
}

function readPrefixes(prefixes: unknown, doc: ProvDocument, scope: Scope): void {
  if (!isPlainObject(prefixes)) {
    scope.log.add('"prefix" is not an object; ignored');
    return;
  }
  for (const [name, rawIri] of Object.entries(prefixes)) {
    let iri = typeof rawIri === "string" ? rawIri.trim() : "";
    if (typeof rawIri !== "string") scope.log.add("prefix bound to a non-string; treated as empty", name);
    if (XSD_IRIS.has(iri)) {
      if (name !== "xsd") {
        scope.renames.set(name, "xsd");
        scope.log.add(
          iri === XSD_NS
            ? `prefix "${name}" (XML Schema) read as "xsd"`
            : `prefix "${name}" bound to the obsolete XML Schema namespace <${iri}>; read as "xsd" (<${XSD_NS}>)`,
        );
      } else if (iri !== XSD_NS) {
        scope.log.add(`prefix "xsd" bound to <${iri}>; read as <${XSD_NS}>`);
      }
      continue;
    }
    if (!HAS_SCHEME.test(iri)) {
      const fixed = iri === "" ? `urn:x-prov4ml:unbound:${encodeURIComponent(name)}:` : toNamespaceIri(iri);
      scope.log.add("prefix bound to a value that is not an IRI; made an IRI", `${name}: ${iri} → ${fixed}`);
      iri = fixed;
    }
    if (name === "default") {
      doc.defaultNamespace = iri;
      continue;
    }
    let target = name;
    if (!PREFIX_NAME.test(target)) {
      target = `ns_${target.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
      scope.log.add("prefix name not usable in PROV-N/Turtle; renamed", `${name} → ${target}`);
    }
    while (target === "prov" || target === "xsd" || doc.namespaces.has(target)) {
      if (target === "prov" && iri === "http://www.w3.org/ns/prov#") break;
      target = `${target}_`;
    }
    if (target !== name) {
      scope.renames.set(name, target);
      if (PREFIX_NAME.test(name))
        scope.log.add("prefix clashed with a predeclared or earlier prefix; renamed", `${name} → ${target}`);
    }
    if (target !== "prov") doc.addNamespace(target, iri);
  }
}

function readBundles(body: unknown, doc: ProvDocument, scope: Scope): void {
  if (!isPlainObject(body)) {
    scope.log.add('"bundle" is not an object of id → container; ignored');
    return;
  }
  for (const [id, container] of Object.entries(body)) {
    if (!isPlainObject(container)) {
      scope.log.add("bundle that is not an object ignored", id);
      continue;
    }
    readContainer(container, doc.bundle(qname(id, scope)), scope.log, scope);
  }
}

function readRecords(kind: RecordKind, body: Record<string, unknown>, doc: ProvDocument, scope: Scope): void {
  const formal = new Set(formalArgsOf(kind));
  for (const [rawId, value] of Object.entries(body)) {
    const id = rawId.startsWith("_:") ? undefined : qname(rawId, scope);
    const bodies = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) && value.length > 1) {
      scope.log.add(`${kind}: one id held several records (an array); kept each record`, rawId);
    }
    for (const attributes of bodies) {
      if (!isPlainObject(attributes)) {
        scope.log.add(`${kind}: record that is not an object ignored`, rawId);
        continue;
      }
      doc.add(kind, id, readAttributes(attributes, formal, scope));
    }
  }
}

function readAttributes(
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

/** Applies prefix renames to a qualified name. */
function qname(name: string, scope: Scope): string {
  if (scope.renames.size === 0) return name;
  const colon = name.indexOf(":");
  if (colon <= 0) return name;
  const renamed = scope.renames.get(name.slice(0, colon));
  return renamed === undefined ? name : `${renamed}${name.slice(colon)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
