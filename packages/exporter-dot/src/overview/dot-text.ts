/** DOT text written directly (no syntax tree): quoted strings and attribute lists. */

// Control characters are invisible in labels and invalid in Graphviz's SVG (XML) output.
function withoutControls(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== "\n" && char !== "\r" && char !== "\t") || code === 0x7f) continue;
    out += char;
  }
  return out;
}

/** A label whose lines are left-justified (each ends in DOT's `\\l`). */
export interface LeftJustified {
  readonly lines: readonly string[];
}

/** A quoted DOT string; always plain text, never an HTML-like label. */
export function quoted(text: string | LeftJustified): string {
  if (typeof text !== "string")
    return `"${text.lines.map((line) => `${quoted(line).slice(1, -1)}\\l`).join("")}"`;
  return `"${withoutControls(text)
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, "\\n")}"`;
}

/** `[name="value", …]` with every value quoted. */
export function dotAttributes(attributes: Record<string, string | LeftJustified | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) parts.push(`${name}=${quoted(value)}`);
  }
  return `[${parts.join(", ")}]`;
}
