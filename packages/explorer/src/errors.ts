import { Prov4mlError } from "@prov4ml/core";

/**
 * The explorer was given something it cannot serve or report: a missing directory, a host other
 * than 127.0.0.1 without a token, a run directory with no document. The message says what to do.
 */
export class ExplorerError extends Prov4mlError {}
