/** The short, decoded text a person reads on a node of the overview drawing. */
import { displayValue } from "../attribute-values.ts";
import { attributeByLocalName, localName, valueText } from "../local-name.ts";
import type { AttributePair, SceneElement } from "../scene.ts";

/** Longest line written on a node; the rest is in the hover title. */
export const MAX_LINE = 34;

/** `spirals%2Ecsv` → `spirals.csv`; text that is not valid percent-encoding stays as it is. */
export function decodeId(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Cuts a line to `max` characters with "…", never inside a surrogate pair. */
export function cutLine(text: string, max = MAX_LINE): string {
  const chars = [...text.replace(/\s+/g, " ")];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * `prov:label` (or any `*:label`, `*:name`) when present, else the id without its run prefix
 * (`moons_mlp_GR0_0.dataset.moons_train` → `moons_train`) and namespace prefix, decoded.
 */
export function shortLabel(element: SceneElement): string {
  const label =
    attributeByLocalName(element.attributes, "label") ?? attributeByLocalName(element.attributes, "name");
  const text = label !== undefined && valueText(label).trim() !== "" ? valueText(label) : idTail(element.id);
  return baseName(decodeId(text));
}

/**
 * prov4ml's ids are dotted paths whose names encode their own dots (`run.artifact.spirals%2Ecsv`):
 * there the last segment is the name. Other ids (`epoch_0.0`, `Loss_Context.VALIDATION`) stay whole.
 */
function idTail(id: string): string {
  const local = localName(id);
  return /%2E/i.test(local) ? local.slice(local.lastIndexOf(".") + 1) : local;
}

/** `prov/run_5/artifacts/model.pth` → `model.pth`: the file name says more than its folders. */
function baseName(text: string): string {
  const trimmed = text.replace(/[/\\]+$/, "");
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return cut >= 0 && cut < trimmed.length - 1 ? trimmed.slice(cut + 1) : trimmed;
}

/** A one-line summary of a member of a folded node: `lr = 0.5`, `loss: 30 points, last 0.037`. */
export function memberLine(element: SceneElement): string {
  const name = shortLabel(element);
  const count = attributeByLocalName(element.attributes, "count");
  if (count !== undefined) {
    const last = attributeByLocalName(element.attributes, "last");
    const lastText = last === undefined ? "" : `, last ${formatShort(valueText(last))}`;
    return `${name}: ${valueText(count)} pts${lastText}`;
  }
  const value = attributeByLocalName(element.attributes, "value");
  if (value !== undefined) return `${name} = ${formatShort(valueText(value))}`;
  return name;
}

function formatShort(text: string): string {
  const number = Number(text);
  if (text.trim() === "" || !Number.isFinite(number)) return text;
  return Number.isInteger(number) ? String(number) : number.toPrecision(3);
}

/** Every attribute as `name: value` lines, for a hover title (bounded, long values cut). */
export function attributeLines(attributes: readonly AttributePair[], maxLines = 100): string[] {
  const lines = attributes
    .slice(0, maxLines)
    .map(([name, value]) => `${name}: ${displayValue(value, 120).text}`);
  if (attributes.length > maxLines) lines.push(`… ${attributes.length - maxLines} more attributes`);
  return lines;
}
