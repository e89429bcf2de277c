/**
 * PROV-N lexical rules (W3C PROV-N, productions [52]–[60]), matching what the Python `prov` 3.x
 * PROV-N reader accepts.
 */

// NCName start characters (PN_CHARS_U) and name characters (PN_CHARS, without ".").
const START =
  "A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}";
const NAME = `${START}\\-0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** Characters PN_LOCAL allows as they are (besides name characters and "."). */
const OTHERS = "/@~&+*?#$!";
/** Metacharacters that need a backslash anywhere in a local part (PN_CHARS_ESC, prov issue #223). */
const METACHARS = "='(),:;[]";
const ALLOWED = new RegExp(
  `^[${NAME}.${OTHERS.replace(/[$*+?/]/g, "\\$&")}${METACHARS.replace(/[()[\]]/g, "\\$&")}]$`,
  "u",
);
// Name characters that cannot start a local name (middle dot, combining marks).
// biome-ignore lint/suspicious/noMisleadingCharacterClass: these single code points are listed on purpose.
const BAD_START = /^[\u00B7\u0300-\u036F\u203F-\u2040]$/u;
const NEEDS_WORK = new RegExp(`[^${NAME}${OTHERS.replace(/[$*+?/]/g, "\\$&")}]|^[-.]|\\.$`, "u");

/**
 * Escapes a local name for PROV-N: metacharacters and a leading `-`/`.` or trailing `.` get a
 * backslash; characters the grammar cannot spell at all (spaces, quotes, `<`, `>`, `\`, …) are
 * percent-encoded as UTF-8, as prov 3.x does. `%HH` sequences are kept; a bare `%` becomes `%25`.
 */
export function escapeLocalName(local: string): string {
  if (!NEEDS_WORK.test(local) && !(local.length > 0 && BAD_START.test(local[0]!))) return local;
  const chars = [...local];
  let out = "";
  chars.forEach((char, index) => {
    const last = index === chars.length - 1;
    if (index === 0 && BAD_START.test(char)) out += percent(char);
    else if (char === "%")
      out += /^[0-9A-Fa-f]{2}$/.test(chars.slice(index + 1, index + 3).join("")) ? "%" : "%25";
    else if (
      METACHARS.includes(char) ||
      (index === 0 && (char === "-" || char === ".")) ||
      (last && char === ".")
    ) {
      out += `\\${char}`;
    } else if (ALLOWED.test(char)) out += char;
    else out += percent(char);
  });
  return out;
}

function percent(char: string): string {
  return [...new TextEncoder().encode(char)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}

/** A qualified name in PROV-N: `prefix:escaped-local`, or the escaped local alone (default namespace). */
export function provnQualifiedName(qname: string): string {
  const colon = qname.indexOf(":");
  if (colon <= 0) return escapeLocalName(qname);
  return `${qname.slice(0, colon)}:${escapeLocalName(qname.slice(colon + 1))}`;
}

/** A PROV-N string literal body: `"` and `\` escaped, control characters as ECHAR or `\uXXXX`. */
export function provnString(text: string): string {
  let out = '"';
  for (const char of text) {
    switch (char) {
      case '"':
        out += '\\"';
        break;
      case "\\":
        out += "\\\\";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\t":
        out += "\\t";
        break;
      case "\b":
        out += "\\b";
        break;
      case "\f":
        out += "\\f";
        break;
      default:
        out += char;
    }
  }
  return `${out}"`;
}
