/**
 * Attribute values of PROV records, shaped as PROV-JSON writes them so that the writer is a
 * straight copy: plain JSON strings, numbers and booleans, or typed literals `{ $, type }`.
 */
export interface TypedLiteral {
  /** Lexical form; always a string, as the PROV-JSON schema requires. */
  readonly $: string;
  /** Datatype as a qualified name, e.g. `xsd:double` or `xsd:QName`. */
  readonly type: string;
}

export interface LangString {
  readonly $: string;
  readonly lang: string;
}

export type ProvValue = string | number | boolean | TypedLiteral | LangString;
export type AttributeValue = ProvValue | readonly ProvValue[];
/** Attribute name (a qualified name string such as `prov:label`) → value. Insertion order is kept. */
export type Attributes = Record<string, AttributeValue>;

export function isTypedLiteral(value: unknown): value is TypedLiteral {
  return typeof value === "object" && value !== null && "$" in value && "type" in value;
}

export function isLangString(value: unknown): value is LangString {
  return typeof value === "object" && value !== null && "$" in value && "lang" in value;
}

/** A qualified-name value, e.g. `qualifiedNameValue("mls:Run")` for `prov:type`. */
export function qualifiedNameValue(qname: string): TypedLiteral {
  return { $: qname, type: "xsd:QName" };
}

/** An `xsd:dateTime` literal from epoch milliseconds or a Date. */
export function dateTimeValue(time: number | Date): TypedLiteral {
  return { $: toIsoDateTime(time), type: "xsd:dateTime" };
}

export function toIsoDateTime(time: number | Date): string {
  return (typeof time === "number" ? new Date(time) : time).toISOString();
}

/**
 * A number as a typed literal that survives every serialisation: integers as `xsd:long`,
 * others as `xsd:double` with the lexical forms XML Schema defines for NaN and infinities.
 */
export function numberValue(value: number): TypedLiteral {
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return { $: String(value), type: "xsd:long" };
  }
  return { $: doubleLexical(value), type: "xsd:double" };
}

export function doubleLexical(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "INF";
  if (value === Number.NEGATIVE_INFINITY) return "-INF";
  return String(value);
}

/** Reads a value back as a JS primitive: typed literals are converted by their datatype. */
export function literalToJs(value: ProvValue): string | number | boolean {
  if (typeof value !== "object") return value;
  if (isTypedLiteral(value)) {
    const local = value.type.slice(value.type.indexOf(":") + 1);
    switch (local) {
      case "int":
      case "long":
      case "integer":
      case "short":
      case "double":
      case "float":
      case "decimal":
      case "unsignedInt":
      case "unsignedLong":
      case "nonNegativeInteger":
        return parseXsdNumber(value.$);
      case "boolean":
        return value.$ === "true" || value.$ === "1";
      default:
        return value.$;
    }
  }
  return value.$;
}

function parseXsdNumber(lexical: string): number {
  const text = String(lexical).trim();
  if (text === "INF" || text === "+INF") return Number.POSITIVE_INFINITY;
  if (text === "-INF") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  return Number(text);
}
