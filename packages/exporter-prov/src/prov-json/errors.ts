import { Prov4mlError } from "@prov4ml/core";

/**
 * Text that cannot be read as PROV-JSON: not JSON, cut short, or JSON that is not a PROV document.
 * The message is one line and says what to check.
 */
export class ProvJsonError extends Prov4mlError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("PROV_JSON", message, options);
  }
}
