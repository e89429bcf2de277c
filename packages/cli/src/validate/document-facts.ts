/**
 * The facts every check needs, computed once: declared kinds per id, relations with their formal
 * arguments, and a short text for each record.
 */
import {
  type ElementKind,
  formalArgsOf,
  isRelationKind,
  type ProvDocument,
  type ProvRecord,
  type RelationKind,
} from "@prov4ml/core";

export interface RelationFact {
  readonly record: ProvRecord;
  readonly kind: RelationKind;
  /** Formal argument → value text (identifiers and times), only those present. */
  readonly args: ReadonlyMap<string, string>;
  readonly text: string;
}

export interface DocumentFacts {
  readonly document: ProvDocument;
  /** Declared kinds of every element id (an id may be declared several times). */
  readonly declared: ReadonlyMap<string, ReadonlySet<ElementKind>>;
  readonly elementRecords: readonly ProvRecord[];
  readonly relations: readonly RelationFact[];
}

export function collectFacts(document: ProvDocument): DocumentFacts {
  const declared = new Map<string, Set<ElementKind>>();
  const elementRecords: ProvRecord[] = [];
  const relations: RelationFact[] = [];
  const visit = (doc: ProvDocument) => {
    for (const record of doc.records) {
      if (isRelationKind(record.kind)) {
        const args = new Map<string, string>();
        for (const slot of formalArgsOf(record.kind)) {
          const value = textOf(record.attributes[slot]);
          if (value !== undefined) args.set(slot, value);
        }
        relations.push({ record, kind: record.kind, args, text: relationText(record.kind, record.id, args) });
      } else if (record.id !== undefined) {
        elementRecords.push(record);
        const kinds = declared.get(record.id) ?? new Set<ElementKind>();
        kinds.add(record.kind as ElementKind);
        declared.set(record.id, kinds);
      }
    }
  };
  visit(document);
  for (const bundle of document.bundles.values()) visit(bundle);
  return { document, declared, elementRecords, relations };
}

export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "object" && "$" in value) return String((value as { $: unknown }).$);
  const text = String(value);
  return text === "" ? undefined : text;
}

function relationText(kind: RelationKind, id: string | undefined, args: ReadonlyMap<string, string>): string {
  const shown = formalArgsOf(kind).map((slot) => args.get(slot) ?? "-");
  while (shown.length > 2 && shown[shown.length - 1] === "-") shown.pop();
  return `${kind}(${id === undefined ? "" : `${id}; `}${shown.join(", ")})`;
}

export function elementText(record: ProvRecord): string {
  return `${record.kind} ${record.id ?? "(no id)"}`;
}
