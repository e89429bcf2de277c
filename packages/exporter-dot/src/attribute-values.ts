/** How one attribute value is written in a note: short, with long series summarised. */
import { isLangString, isTypedLiteral, type ProvValue } from "@prov4ml/core";
import { describeSeries, summariseSeries } from "./series-summary.ts";

export interface DisplayedValue {
  readonly text: string;
  /** Set when the value is a qualified name, so the note can link it. */
  readonly qualifiedName?: string;
}

export function displayValue(value: ProvValue, maxLength: number): DisplayedValue {
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  if (typeof value === "string") return { text: shorten(value, maxLength) };
  if (isTypedLiteral(value)) {
    const lexical = String(value.$);
    const type = value.type.slice(value.type.indexOf(":") + 1);
    if (type === "QName" || type === "QUALIFIED_NAME")
      return { text: shorten(lexical, maxLength), qualifiedName: lexical };
    return { text: shorten(lexical, maxLength) };
  }
  if (isLangString(value)) return { text: `${shorten(String(value.$), maxLength)}@${value.lang}` };
  return { text: shorten(String(value), maxLength) };
}

/** Cuts a long text to `maxLength` characters + "...", unless it is a numeric list (summarised). */
export function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const summary = summariseSeries(text);
  if (summary) return describeSeries(summary);
  // Do not split a surrogate pair.
  const cut = [...text.slice(0, maxLength + 1)].slice(0, maxLength).join("");
  return `${cut}...`;
}
