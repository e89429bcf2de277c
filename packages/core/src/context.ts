/**
 * Contexts group what a run logs: the three built-in phases of a training, and any custom
 * context a user adds with `logContext(name, { parent })`. Each becomes a PROV activity
 * informed by its parent (the run, or another context).
 */
export const Context = {
  TRAINING: "training",
  VALIDATION: "validation",
  TESTING: "testing",
} as const;

export type BuiltinContext = (typeof Context)[keyof typeof Context];
/** A context name: a built-in one, or any custom string. */
export type ContextName = BuiltinContext | (string & {});
