/**
 * The shape of a PROV-JSON container (W3C Member Submission 2013, plus the `mentionOf` and
 * `bundle` keys), as the writer produces it and the reader accepts it.
 */

/** A PROV-JSON typed literal, `{"$": "10", "type": "xsd:long"}`, or a language-tagged string. */
export type ProvJsonLiteral = { $: string; type: string } | { $: string; lang: string };

/** One attribute value: a plain JSON value, a typed literal, or an array of them (multi-valued). */
export type ProvJsonValue =
  | string
  | number
  | boolean
  | ProvJsonLiteral
  | Array<string | number | boolean | ProvJsonLiteral>;

/** Attribute name (qualified name) → value. */
export type ProvJsonAttributes = Record<string, ProvJsonValue>;

/**
 * A PROV-JSON document or bundle: `prefix`, one key per record kind mapping id → attributes (or an
 * array of attribute objects when the same id was asserted more than once), and `bundle`.
 */
export interface ProvJsonContainer {
  prefix?: Record<string, string>;
  bundle?: Record<string, ProvJsonContainer>;
  [recordKind: string]:
    | Record<string, ProvJsonAttributes | ProvJsonAttributes[]>
    | Record<string, string>
    | Record<string, ProvJsonContainer>
    | undefined;
}
