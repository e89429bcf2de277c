import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { toProvJson, toProvN, toTurtle } from "../src/index.ts";
import { allKindsDocument } from "./sample-documents.ts";
it("scratch", () => {
  for (const [name, doc] of [["all", allKindsDocument()], ["finite", allKindsDocument({ nonFinite: false })]] as const) {
  writeFileSync(`/tmp/provexp/out/${name}.json`, toProvJson(doc));
  writeFileSync(`/tmp/provexp/out/${name}.ttl`, toTurtle(doc));
  writeFileSync(`/tmp/provexp/out/${name}.provn`, toProvN(doc));
  }
});
