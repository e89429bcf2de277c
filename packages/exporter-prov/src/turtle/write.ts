import {
  type AttributeValue,
  doubleLexical,
  formalArgsOf,
  isRelationKind,
  PROV_NS,
  type ProvDocument,
  type ProvRecord,
  type ProvValue,
  type RelationKind,
  TIME_ARGS,
  XSD_NS,
} from "@prov4ml/core";
import {
  DERIVATION_SUBTYPES,
  INFLUENCER_REPEATED,
  QUALIFIED_CLASS,
  QUALIFIED_ONLY,
  qualifiedArgProperty,
  TIMED,
} from "./prov-o.ts";

const RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#";
const INT32_MAX = 2 ** 31 - 1;

/** An RDF object: a serialised term, or a blank node written inline as `[ … ]`. */
type RdfObject = string | BlankNode;
interface BlankNode {
  readonly properties: Array<[string, RdfObject]>;
}

/**
 * Serialises a document as PROV-O in Turtle. Elements become `prov:Entity`/`Activity`/`Agent`
 * resources; relations use the binary property where that loses nothing and the qualified pattern
 * (`prov:qualifiedGeneration [ a prov:Generation; prov:activity …; prov:atTime … ]`,
 * `qualifiedUsage`, `qualifiedAssociation`, …) where the relation has an id, a time, extra
 * arguments or attributes — the same choices as the Python `prov` package, which reads the result
 * back into the same records.
 *
 * Turtle has no named graphs: the records of bundles are written into the one graph and each
 * bundle id is typed `prov:Bundle`. Use PROV-JSON to keep bundles apart.
 */
export function toTurtle(doc: ProvDocument): string {
  const writer = new TurtleWriter(doc);
  for (const record of doc.records) writer.record(record);
  for (const [id, bundle] of doc.bundles) {
    writer.subject(writer.iri(id, doc)).push(["a", `prov:Bundle`]);
    for (const record of bundle.records) writer.record(record, bundle);
  }
  return writer.text();
}

class TurtleWriter {
  private readonly subjects = new Map<string, Array<[string, RdfObject]>>();
  private readonly prefixes = new Map<string, string>([
    ["prov", PROV_NS],
    ["xsd", XSD_NS],
    ["rdf", RDF_NS],
    ["rdfs", RDFS_NS],
  ]);

  constructor(private readonly doc: ProvDocument) {
    for (const [prefix, iri] of doc.namespaces) this.prefixes.set(prefix, iri);
    for (const bundle of doc.bundles.values()) {
      for (const [prefix, iri] of bundle.namespaces)
        if (!this.prefixes.has(prefix)) this.prefixes.set(prefix, iri);
    }
    if (doc.defaultNamespace !== undefined) this.prefixes.set("", doc.defaultNamespace);
  }

  subject(term: string): Array<[string, RdfObject]> {
    let properties = this.subjects.get(term);
    if (!properties) {
      properties = [];
      this.subjects.set(term, properties);
    }
    return properties;
  }

  record(record: ProvRecord, scope: ProvDocument = this.doc): void {
    if (isRelationKind(record.kind)) this.relation(record, record.kind, scope);
    else this.element(record, scope);
  }

  private element(record: ProvRecord, scope: ProvDocument): void {
    if (record.id === undefined) return;
    const properties = this.subject(this.iri(record.id, scope));
    const kindClass = { entity: "prov:Entity", activity: "prov:Activity", agent: "prov:Agent" }[
      record.kind as "entity" | "activity" | "agent"
    ];
    properties.push(["a", kindClass]);
    for (const [key, value] of Object.entries(record.attributes)) {
      let predicate: string;
      if (key === "prov:startTime") predicate = "prov:startedAtTime";
      else if (key === "prov:endTime") predicate = "prov:endedAtTime";
      else predicate = this.attributePredicate(key, scope, false);
      for (const item of values(value)) {
        const object = TIME_ARGS.has(key) ? dateTime(item) : this.literal(item, scope);
        properties.push([predicate, object]);
      }
    }
  }

  private relation(record: ProvRecord, kind: RelationKind, scope: ProvDocument): void {
    const formalNames = formalArgsOf(kind);
    const formal = new Set(formalNames);
    const first = formalNames[0]!;
    const second = formalNames[1];
    const subjectName = firstText(record.attributes[first]);
    if (subjectName === undefined) return;
    const subject = this.iri(subjectName, scope);
    const extras = Object.keys(record.attributes).filter((key) => !formal.has(key));
    const setFormals = formalNames.filter((name) => record.attributes[name] !== undefined);
    const identified = record.id !== undefined;
    const hasQualifiers =
      identified || extras.length > 0 || setFormals.some((name) => formalNames.indexOf(name) > 1);
    const skip = new Set([first]);

    if (!identified && second !== undefined && record.attributes[second] !== undefined) {
      const onlyMainArgs = setFormals.length === 2 && extras.length === 0;
      if (!QUALIFIED_ONLY.has(kind) || onlyMainArgs) {
        this.subject(subject).push([
          `prov:${kind}`,
          this.formalTerm(second, record.attributes[second]!, scope),
        ]);
        if (!(INFLUENCER_REPEATED.has(kind) && hasQualifiers)) skip.add(second);
        if (kind === "mentionOf") {
          const bundle = record.attributes["prov:bundle"];
          if (bundle !== undefined)
            this.subject(subject).push(["prov:asInBundle", this.formalTerm("prov:bundle", bundle, scope)]);
          return;
        }
        if (kind === "alternateOf") return;
      }
    }
    if (!hasQualifiers || kind === "alternateOf") return;

    let qualifier = QUALIFIED_CLASS[kind];
    for (const type of values(record.attributes["prov:type"] ?? [])) {
      const local = qnameValueLocal(type, "prov");
      if (kind === "wasDerivedFrom" && local !== undefined && DERIVATION_SUBTYPES.has(local))
        qualifier = local;
    }
    const properties: Array<[string, RdfObject]> = [["a", `prov:${qualifier}`]];
    for (const [key, value] of Object.entries(record.attributes)) {
      if (skip.has(key)) continue;
      const predicate = formal.has(key)
        ? `prov:${qualifiedArgProperty(kind, key)}`
        : key === "prov:location" && TIMED.has(kind)
          ? "prov:atLocation"
          : this.attributePredicate(key, scope, true);
      for (const item of values(value)) {
        properties.push([
          predicate,
          formal.has(key) ? this.formalTerm(key, item, scope) : this.literal(item, scope),
        ]);
      }
    }
    if (identified) {
      const node = this.iri(record.id!, scope);
      this.subject(subject).push([`prov:qualified${qualifier}`, node]);
      this.subject(node).push(...properties);
    } else {
      this.subject(subject).push([`prov:qualified${qualifier}`, { properties }]);
    }
  }

  private formalTerm(name: string, value: AttributeValue, scope: ProvDocument): string {
    const text = firstText(value) ?? "";
    return TIME_ARGS.has(name) ? dateTime(text) : this.iri(text, scope);
  }

  private attributePredicate(key: string, scope: ProvDocument, qualified: boolean): string {
    if (key === "prov:type") return "a";
    if (key === "prov:label") return "rdfs:label";
    if (key === "prov:location" && !qualified) return "prov:atLocation";
    if (key === "prov:role" && qualified) return "prov:hadRole";
    return this.iri(key, scope);
  }

  private literal(value: ProvValue, scope: ProvDocument): string {
    if (typeof value === "string") return turtleString(value);
    if (typeof value === "boolean") return `"${value}"^^xsd:boolean`;
    if (typeof value === "number") {
      if (Number.isSafeInteger(value)) {
        const type = Math.abs(value) <= INT32_MAX || value === -INT32_MAX - 1 ? "xsd:int" : "xsd:long";
        return `"${value}"^^${type}`;
      }
      return `"${doubleLexical(value)}"^^xsd:double`;
    }
    if ("lang" in value) return `${turtleString(value.$)}@${value.lang}`;
    if (value.type === "xsd:QName" || value.type === "prov:QUALIFIED_NAME") return this.iri(value.$, scope);
    return `${turtleString(value.$)}^^${this.iri(value.type, scope)}`;
  }

  /** A qualified name as a Turtle term: a prefixed name when Turtle can spell it, else `<IRI>`. */
  iri(qname: string, scope: ProvDocument): string {
    const colon = qname.indexOf(":");
    const prefix = colon > 0 ? qname.slice(0, colon) : "";
    const local = colon > 0 ? qname.slice(colon + 1) : qname;
    const namespace =
      colon > 0
        ? (scope.namespaces.get(prefix) ?? this.prefixes.get(prefix))
        : (scope.defaultNamespace ?? this.prefixes.get(""));
    if (namespace === undefined) {
      // An undeclared prefix: the name is taken as an absolute IRI with that scheme.
      return colon > 0 ? `<${iriText(qname)}>` : `<urn:x-prov4ml:local:${iriText(local)}>`;
    }
    if (this.prefixes.get(prefix) === namespace && TURTLE_LOCAL.test(local)) return `${prefix}:${local}`;
    return `<${iriText(namespace + local)}>`;
  }

  text(): string {
    const lines: string[] = [];
    for (const [prefix, iri] of this.prefixes) lines.push(`@prefix ${prefix}: <${iriText(iri)}> .`);
    lines.push("");
    for (const [subject, properties] of this.subjects) {
      lines.push(`${subject} ${propertyList(properties, "    ")} .`, "");
    }
    return lines.join("\n");
  }
}

/** Local names Turtle can write after a prefix without escapes (a conservative subset of PN_LOCAL). */
const TURTLE_LOCAL =
  /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:(?:[A-Za-z0-9_.-]|%[0-9A-Fa-f]{2})*(?:[A-Za-z0-9_-]|%[0-9A-Fa-f]{2}))?$/;

function propertyList(properties: Array<[string, RdfObject]>, indent: string): string {
  return properties
    .map(
      ([predicate, object]) =>
        `${predicate} ${typeof object === "string" ? object : `[ ${propertyList(object.properties, `${indent}    `)} ]`}`,
    )
    .join(` ;\n${indent}`);
}

function values(value: AttributeValue): ProvValue[] {
  return Array.isArray(value) ? [...(value as readonly ProvValue[])] : [value as ProvValue];
}

function firstText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = values(value)[0];
  if (first === undefined) return undefined;
  return typeof first === "object" ? first.$ : String(first);
}

function qnameValueLocal(value: ProvValue, prefix: string): string | undefined {
  const text =
    typeof value === "object" && "type" in value && value.type.endsWith("QName") ? value.$ : undefined;
  return text?.startsWith(`${prefix}:`) ? text.slice(prefix.length + 1) : undefined;
}

function dateTime(value: ProvValue | string): string {
  const text = typeof value === "object" ? value.$ : String(value);
  return `${turtleString(text)}^^xsd:dateTime`;
}

function turtleString(text: string): string {
  return `"${text.replace(/[\\"\n\r\t\b\f]/g, (char) => ESCAPES[char]!)}"`;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** IRI text for `<…>`: characters IRIREF forbids are percent-encoded. */
function iriText(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what IRIREF forbids.
    /[\u0000-\u0020<>"{}|^`\\]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
