import { Prov4mlError } from "@prov4ml/core";

/** A run directory that cannot be packed as an RO-Crate; the message says what to give instead. */
export class RoCrateError extends Prov4mlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RO_CRATE", message, options);
  }
}
