/**
 * Escaping for the three languages a DOT file mixes: quoted DOT strings, Graphviz HTML-like labels
 * and URLs. Identifiers in real documents hold `/`, spaces, quotes and backslashes (Windows paths).
 */

// Control characters are invalid in Graphviz's HTML labels (XML) and invisible in plain ones.
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== "\n" && char !== "\r" && char !== "\t") || code === 0x7f;
}

// Tested first, so that the common text without any is returned as it is.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const HTML_SPECIAL = /[&<>"\r\n\t]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are percent-encoded.
const LINK_UNSAFE = /[\u0000-\u001f\u007f\s"'<>\\^`{|}]/;

function withoutControls(text: string): string {
  if (!CONTROL.test(text)) return text;
  let out = "";
  for (const char of text) if (!isControl(char)) out += char;
  return out;
}

/**
 * A value for a plain-text DOT attribute (label, xlabel) as ts-graphviz should receive it.
 * Backslashes and quotes are escaped here, because ts-graphviz leaves an already escaped `\"`
 * alone and does not escape `\` (so `C:\new` would render a line break). A text that looks like
 * `<…>` would be printed by ts-graphviz as an HTML label, so it becomes an escaped HTML label.
 */
export function plainLabel(text: string): string {
  const clean = withoutControls(text);
  if (/^<.+>$/s.test(clean.trim())) return `<${htmlText(clean)}>`;
  return clean.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n");
}

/** Text inside an HTML-like label: entities for markup characters, line breaks as spaces. */
export function htmlText(text: string): string {
  const clean = withoutControls(text);
  if (!HTML_SPECIAL.test(clean)) return clean;
  return clean
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r?\n|\r|\t/g, " ");
}

const LINKABLE_SCHEMES = new Set(["http", "https", "mailto", "urn"]);

/**
 * The IRI as a Graphviz `URL`/`href`, or undefined when it must not become a live link in the
 * SVG (`javascript:`, `data:`, `file:` …). Scheme-less IRIs are linked, as the Python `prov`
 * library does for yProv4ML's `www.example.org` namespaces. Characters that would break the DOT
 * string or the SVG attribute are percent-encoded; existing `%HH` escapes are kept.
 */
export function linkTarget(iri: string | undefined): string | undefined {
  if (iri === undefined) return undefined;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(iri.trim())?.[1]?.toLowerCase();
  if (scheme !== undefined && !LINKABLE_SCHEMES.has(scheme)) return undefined;
  if (!LINK_UNSAFE.test(iri)) return iri;
  let out = "";
  for (const char of iri) {
    if (isControl(char) || /[\s"'<>\\^`{|}]/.test(char)) {
      for (const byte of new TextEncoder().encode(char)) {
        out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      }
    } else {
      out += char;
    }
  }
  return out;
}
