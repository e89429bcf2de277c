/**
 * Building identifiers that are valid everywhere a PROV document goes: PROV-N local names,
 * IRIs and DOT. Characters outside `[A-Za-z0-9_.-]` are percent-encoded (PROV-N's PN_LOCAL
 * allows `%HH`), so any user-chosen name maps to one identifier and back.
 */
const SAFE_LOCAL_CHAR = /[A-Za-z0-9_.-]/;

export function encodeLocalName(name: string): string {
  let out = "";
  for (const char of name) {
    if (SAFE_LOCAL_CHAR.test(char)) {
      out += char;
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) {
      out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    }
  }
  // A local name may not end with "." in PROV-N/Turtle; encode a trailing dot.
  return out.endsWith(".") ? `${out.slice(0, -1)}%2E` : out;
}

export function decodeLocalName(local: string): string {
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}

/** Splits `prefix:local` into its parts; a name without a prefix belongs to the default namespace. */
export function splitQualifiedName(qname: string): { prefix: string | undefined; local: string } {
  const colon = qname.indexOf(":");
  if (colon <= 0) return { prefix: undefined, local: qname };
  return { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}
