import type { RepairLog } from "./repair-log.ts";

/** Per-container state: prefix renames (e.g. `xsd_1` → `xsd`) applied to every qualified name. */
export interface Scope {
  readonly renames: Map<string, string>;
  readonly log: RepairLog;
}

/** Applies prefix renames to a qualified name. */
export function qname(name: string, scope: Scope): string {
  if (scope.renames.size === 0) return name;
  const colon = name.indexOf(":");
  if (colon <= 0) return name;
  const renamed = scope.renames.get(name.slice(0, colon));
  return renamed === undefined ? name : `${renamed}${name.slice(colon)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
