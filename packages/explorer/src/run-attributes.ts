/** A run's attributes by local name (`prov4ml:node_version` → `node_version`), as the run page's fact tables read them. */
import type { PlainValue, RunView } from "@prov4ml/exporter-prov";

/** The run activity's attributes keyed by their local name (the prefix dropped). */
export function attributesByLocalName(view: RunView): Map<string, PlainValue | PlainValue[]> {
  return new Map(
    Object.entries(view.attributes).map(([name, value]) => [name.replace(/^[\w-]+:/, ""), value]),
  );
}

/** An attribute value as table text (lists joined with commas). */
export function attributeText(value: PlainValue | PlainValue[]): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}
