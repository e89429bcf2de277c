/** Helpers to read attributes whatever prefix a writer used (`prov-ml:`, `yProv4ML:`, `prov4ml:`…). */
import type { ProvValue } from "@prov4ml/core";
import type { AttributePair } from "./scene.ts";

/** `prov-ml:metric_value_list` → `metric_value_list`. */
export function localName(qname: string): string {
  return qname.slice(qname.lastIndexOf(":") + 1);
}

export function valueText(value: ProvValue): string {
  if (typeof value === "object") return String(value.$);
  return String(value);
}

/** The first value of the attribute with this local name, under any prefix. */
export function attributeByLocalName(
  attributes: readonly AttributePair[],
  local: string,
): ProvValue | undefined {
  for (const [name, value] of attributes) if (localName(name) === local) return value;
  return undefined;
}

/** The values of every `*:type` attribute, by local name (`prov4ml:Metric` → `Metric`). */
export function typeNames(attributes: readonly AttributePair[]): string[] {
  const out: string[] = [];
  for (const [name, value] of attributes) {
    if (localName(name) !== "type") continue;
    out.push(localName(valueText(value)));
  }
  return out;
}
