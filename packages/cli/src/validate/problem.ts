/** What the validator reports. */
export type Severity = "error" | "warning";

/**
 * `strict`: PROV-CONSTRAINTS structure, typing and keys are errors, ordering a warning.
 * `yprov4ml`: the same, but the deviations every yProv4ML document has (a `wasStartedBy` whose
 * trigger is an activity, PROV-JSON the reader had to repair) are warnings.
 */
export type ValidationProfile = "strict" | "yprov4ml";

export interface ValidationProblem {
  readonly severity: Severity;
  /** `<family>/<name>`: structure, typing, key, impossibility, ordering, reader, reference, style. */
  readonly code: string;
  /** The record at fault, as PROV-N-like text: `wasStartedBy(epoch_0, 3DGAN_execution)`, `entity e1`. */
  readonly record: string;
  readonly message: string;
  /** One line saying how to fix it. */
  readonly fix: string;
}

export interface ValidationReport {
  readonly profile: ValidationProfile;
  /** True when there is no error (warnings allowed). */
  readonly valid: boolean;
  readonly errors: ValidationProblem[];
  readonly warnings: ValidationProblem[];
}

/** A problem before the profile decides its severity. */
export type Finding = Omit<ValidationProblem, "severity"> & { readonly severity?: Severity };
