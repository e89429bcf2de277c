import { type ProvDocument, toNamespaceIri, XSD_NS } from "@prov4ml/core";
import { isPlainObject, type Scope } from "./read-scope.ts";

const XSD_IRIS = new Set([
  XSD_NS,
  "http://www.w3.org/2000/10/XMLSchema#",
  "http://www.w3.org/2001/XMLSchema",
]);
const PREFIX_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** Declares a container's prefixes, repairing XML Schema variants, non-IRIs and clashing names. */
export function readPrefixes(prefixes: unknown, doc: ProvDocument, scope: Scope): void {
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
