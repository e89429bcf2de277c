import { readFile } from "node:fs/promises";
import { formalArgsOf, isRecordKind, ProvDocument, type RecordKind } from "@prov4ml/core";
import { ProvJsonError } from "./errors.ts";
import { readAttributes } from "./read-attributes.ts";
import { readPrefixes } from "./read-prefixes.ts";
import { isPlainObject, qname, type Scope } from "./read-scope.ts";
import { RepairLog } from "./repair-log.ts";

/** A document read by the lenient reader, with one note per kind of quirk it repaired. */
export interface ParsedProvJson {
  document: ProvDocument;
  /** Human-readable notes, one per kind of repair (with a count and examples). Empty for clean input. */
  repairs: string[];
}

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
