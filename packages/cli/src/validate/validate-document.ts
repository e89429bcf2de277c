/**
 * Validates a PROV document: structure, PROV-CONSTRAINTS typing, keys and impossibility (errors)
 * and ordering (warnings), under a profile. Not the full normal-form algorithm of
 * PROV-CONSTRAINTS: inferences are not applied, ordering is checked on the times the document
 * states, pairwise.
 */
import type { ProvDocument } from "@prov4ml/core";
import { collectFacts } from "./document-facts.ts";
import { checkKeys } from "./keys.ts";
import { checkOrdering } from "./ordering.ts";
import type { Finding, ValidationProblem, ValidationProfile, ValidationReport } from "./problem.ts";
import { checkStructure } from "./structure.ts";
import { checkTyping } from "./typing.ts";

export interface ValidateOptions {
  /** Default `strict`. */
  readonly profile?: ValidationProfile;
  /** What the PROV-JSON reader repaired (`parseProvJson(...).repairs`): errors in `strict`. */
  readonly repairs?: readonly string[];
}

/** Codes the `yprov4ml` profile reports as warnings: what every yProv4ML document does. */
export const YPROV4ML_TOLERATED: ReadonlySet<string> = new Set([
  "typing/trigger-is-activity",
  "reader/repair",
]);

export function validateDocument(document: ProvDocument, options: ValidateOptions = {}): ValidationReport {
  const profile = options.profile ?? "strict";
  const facts = collectFacts(document);
  const findings: Finding[] = [
    ...(options.repairs ?? []).map((repair) => ({
      code: "reader/repair",
      record: "(document)",
      message: `not valid PROV-JSON as written: ${repair}`,
      fix: "write the document with a PROV-JSON writer that follows the W3C submission (e.g. prov4ml convert --to json)",
    })),
    ...checkStructure(facts),
    ...checkTyping(facts),
    ...checkKeys(facts),
    ...checkOrdering(facts),
  ];
  const problems: ValidationProblem[] = findings.map((finding) => ({
    ...finding,
    severity:
      finding.severity === "warning" || (profile === "yprov4ml" && YPROV4ML_TOLERATED.has(finding.code))
        ? "warning"
        : "error",
  }));
  const errors = problems.filter((problem) => problem.severity === "error");
  return {
    profile,
    valid: errors.length === 0,
    errors,
    warnings: problems.filter((problem) => problem.severity === "warning"),
  };
}
