/** What run-fixtures/flood.py writes, as its SHA-256: for the flood tests and the bench (plain ESM for both). */
import { createHash } from "node:crypto";

export const MIB = 1024 * 1024;

/** The SHA-256 of `blocks` MiB of flood.py's output. */
/** @param {number} blocks @returns {string} */
export function floodDigest(blocks) {
  const filler = Buffer.alloc(MIB);
  for (let i = 0; i < MIB; i++) filler[i] = i % 256;
  const hash = createHash("sha256");
  for (let block = 0; block < blocks; block++) {
    const record = Buffer.from(`prov4ml:metric name=flood value=${block} step=${block}\n`);
    hash
      .update(record)
      .update(filler.subarray(0, MIB - record.length - 1))
      .update("\n");
  }
  return hash.digest("hex");
}
