import { InvalidArgumentError } from "../errors.ts";

/** Namespace IRIs prov4ml writes. Every prefix in our documents is bound to a real IRI. */
export const PROV_NS = "http://www.w3.org/ns/prov#";
export const XSD_NS = "http://www.w3.org/2001/XMLSchema#";
/** prov4ml's own terms (run status, metric summaries, artifact digests, …). */
export const PROV4ML_NS = "https://w3id.org/prov4ml/ns#";
/** W3C ML Schema: `mls:Run`, `mls:Model`, `mls:Dataset`, `mls:HyperParameterSetting`. */
export const MLS_NS = "http://www.w3.org/ns/mls#";
export const DCTERMS_NS = "http://purl.org/dc/terms/";

/** Prefixes predeclared by PROV-JSON; a document never needs to declare them. */
export const PREDECLARED_PREFIXES: Readonly<Record<string, string>> = {
  prov: PROV_NS,
  xsd: XSD_NS,
};

/**
 * Turns what a user passes as `provUserNamespace` into a namespace IRI.
 * yProv4ML accepted bare host names such as `www.example.org`; PROV needs an IRI, so a missing
 * scheme becomes `http://` and a missing terminator becomes `/` (so local names append cleanly).
 */
export function toNamespaceIri(userNamespace: string): string {
  if (typeof userNamespace !== "string") {
    throw new InvalidArgumentError(
      `provUserNamespace must be a string such as "www.example.org"; got ${typeof userNamespace}`,
    );
  }
  const trimmed = userNamespace.trim();
  if (trimmed === "")
    throw new InvalidArgumentError('provUserNamespace is empty; give one such as "www.example.org"');
  // Characters RFC 3987 excludes from IRIs: PROV-N and Turtle could not write the namespace.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are excluded from IRIs
  if (/[\s<>"{}|\\^`\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new InvalidArgumentError(
      `provUserNamespace ${JSON.stringify(trimmed).slice(0, 120)} is not an IRI: remove spaces, quotes, backslashes and <>{}|^\``,
    );
  }
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed) ? trimmed : `http://${trimmed}`;
  return /[/#]$/.test(withScheme) ? withScheme : `${withScheme}/`;
}
