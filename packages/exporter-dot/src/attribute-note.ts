/**
 * The note box beside a node: an HTML-like table with one row per attribute, names linked to
 * their IRIs, in `prov`'s order (label, location, role, type, value, then alphabetical).
 */
import { displayValue } from "./attribute-values.ts";
import { htmlText, linkTarget } from "./escape.ts";
import type { AttributePair } from "./scene.ts";

export interface NoteRow {
  readonly name: string;
  readonly nameLink?: string | undefined;
  readonly value: string;
  readonly valueLink?: string | undefined;
}

const PROV_ATTRIBUTE_ORDER = ["prov:label", "prov:location", "prov:role", "prov:type", "prov:value"];

export function attributeRows(
  attributes: readonly AttributePair[],
  expand: (qname: string) => string | undefined,
  maxLength: number,
): NoteRow[] {
  const rank = (name: string) => {
    const index = PROV_ATTRIBUTE_ORDER.indexOf(name);
    return index === -1 ? PROV_ATTRIBUTE_ORDER.length : index;
  };
  const sorted = [...attributes].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map(([name, value]) => {
    const shown = displayValue(value, maxLength);
    return {
      name,
      nameLink: linkTarget(expand(name)),
      value: shown.text,
      valueLink: shown.qualifiedName === undefined ? undefined : linkTarget(expand(shown.qualifiedName)),
    };
  });
}

/** The HTML-like label of a note (`<<TABLE …>…</TABLE>>`). */
export function noteLabel(rows: readonly NoteRow[]): string {
  const cells = rows.map(
    (row) =>
      `    <TR>\n        <TD align="left"${href(row.nameLink)}>${htmlText(row.name)}</TD>\n` +
      `        <TD align="left"${href(row.valueLink)}>${htmlText(row.value)}</TD>\n    </TR>`,
  );
  return `<<TABLE cellpadding="0" border="0">\n${cells.join("\n")}\n    </TABLE>>`;
}

function href(link: string | undefined): string {
  return link === undefined ? "" : ` href="${htmlText(link)}"`;
}
