import type { Run } from "@prov4ml/core";
import { NoRunForTfjsError } from "./errors.ts";

/** Where a helper logs: an explicit `Run`, or (when omitted) the `prov4ml` facade's current run. */
export type RunTarget = Run | undefined;

interface Facade {
  getCurrentRun(): Run | undefined;
}

let facade: Promise<Facade | undefined> | undefined;

/** The facade module, loaded once and only when needed (it is an optional peer). */
function loadFacade(): Promise<Facade | undefined> {
  facade ??= import("prov4ml").then(
    (module) => module as unknown as Facade,
    () => undefined,
  );
  return facade;
}

/** Resolves the run to log to, or throws a typed error that says how to give one. */
export async function resolveRun(run: RunTarget, operation: string): Promise<Run> {
  if (run !== undefined) return run;
  const current = (await loadFacade())?.getCurrentRun();
  if (current === undefined) throw new NoRunForTfjsError(operation);
  return current;
}
