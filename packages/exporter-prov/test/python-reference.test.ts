/**
 * Integration test against the reference Python `prov` package (3.2.3, from the repo's .venv):
 * it must read every document our writers produce, and its own comparison must find our Turtle
 * and our PROV-N equal to our PROV-JSON of the same document. Needs the Python venv
 * (`npm test` from the repo root creates it); in CI a missing venv fails instead of skipping.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hasReferencePython, runPython } from "@prov4ml/vitest-config";
import { afterAll, describe, expect, it } from "vitest";
import { parseProvJson, toProvJson, toProvN, toTurtle } from "../src/index.ts";
import { allKindsDocument } from "./sample-documents.ts";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** Reads each JSON with prov, writes PROV-N, and compares with the Turtle/PROV-N twins when present. */
const CHECK = `
import json, math, os, sys, warnings
warnings.simplefilter("ignore")
import prov
import prov.model as pm

def canonical(doc):
    # NaN != NaN in Python, so prov's own == can never match a document holding NaN (not even
    # JSON against the same JSON). Compare a NaN-stable rendering instead: record kind, element
    # id, and the sorted attribute (name, value) pairs.
    out = []
    for record in doc.unified().get_records():
        ident = str(record.identifier) if record.is_element() else ""
        attrs = sorted((str(k), type(v).__name__, str(v)) for k, v in record.attributes)
        out.append((str(record.get_type()), ident, tuple(attrs)))
    return sorted(out)

results = {}
for path in sys.argv[1:]:
    base = path[:-len(".json")]
    result = {}
    try:
        doc = prov.read(path, format="json")
        result["records"] = len(doc.get_records())
        result["bundles"] = len(list(doc.bundles))
        result["provn_chars"] = len(doc.serialize(format="provn"))
        for ext, fmt, kwargs in ((".ttl", "rdf", {"rdf_format": "turtle"}), (".provn", "provn", {})):
            if os.path.exists(base + ext):
                other = pm.ProvDocument.deserialize(source=base + ext, format=fmt, **kwargs)
                result[ext] = {
                    "equal": doc == other,
                    "unified_equal": doc.unified() == other.unified(),
                    "canonical_equal": canonical(doc) == canonical(other),
                }
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {error}"
    results[os.path.basename(path)] = result
print(json.dumps(results))
`;

function checkWithPython(paths: string[]) {
  const { status, stdout, stderr } = runPython(CHECK, paths);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as Record<string, Record<string, unknown>>;
}

describe.runIf(hasReferencePython())("Python prov 3.2.3 reads what we write", () => {
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-prov-ref-"));
  // made while collecting, before the per-file temp directory exists: removed here
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads our PROV-JSON, and finds our Turtle and PROV-N equal to it (prov's own ==)", () => {
    const doc = allKindsDocument({ nonFinite: false });
    writeFileSync(join(dir, "finite.json"), toProvJson(doc));
    writeFileSync(join(dir, "finite.ttl"), toTurtle(doc));
    writeFileSync(join(dir, "finite.provn"), toProvN(doc));
    const result = checkWithPython([join(dir, "finite.json")])["finite.json"]!;
    expect(result.error).toBeUndefined();
    expect(result.records).toBe(doc.records.length);
    expect(result[".ttl"]).toEqual({ equal: true, unified_equal: true, canonical_equal: true });
    expect(result[".provn"]).toEqual({ equal: true, unified_equal: true, canonical_equal: true });
  });

  it("keeps NaN and ±INF doubles, unicode and percent-encoded ids through JSON, Turtle and PROV-N", () => {
    const doc = allKindsDocument();
    writeFileSync(join(dir, "all.json"), toProvJson(doc));
    writeFileSync(join(dir, "all.ttl"), toTurtle(doc));
    writeFileSync(join(dir, "all.provn"), toProvN(doc));
    const result = checkWithPython([join(dir, "all.json")])["all.json"]!;
    expect(result.error).toBeUndefined();
    expect(result[".ttl"]).toMatchObject({ canonical_equal: true });
    expect(result[".provn"]).toMatchObject({ canonical_equal: true });
    const nan = runPython(
      `
import sys, math, warnings
warnings.simplefilter("ignore")
import prov
doc = prov.read(sys.argv[1], format="json")
e = [r for r in doc.get_records() if str(r.identifier) == "ex:non-finite"][0]
values = {str(k): v for k, v in e.attributes}
print(math.isnan(values["ex:nan"]), values["ex:inf"] == float("inf"), values["ex:ninf"] == float("-inf"), math.isnan(values["ex:plainNaN"]))
label = [r for r in doc.get_records() if str(r.identifier) == "ex:data%20set"][0].get_attribute("prov:label")
print(sorted(label)[0].splitlines()[0])
`,
      [join(dir, "all.json")],
    );
    expect(nan.stderr).toBe("");
    expect(nan.stdout.split("\n")).toEqual([
      "True True True True",
      'Données d\'entraînement — 训练 "quoted"',
      "",
    ]);
  });

  it("reads bundles from our PROV-JSON and PROV-N", () => {
    const doc = allKindsDocument({ bundles: true, nonFinite: false });
    writeFileSync(join(dir, "bundles.json"), toProvJson(doc));
    writeFileSync(join(dir, "bundles.provn"), toProvN(doc));
    const result = checkWithPython([join(dir, "bundles.json")])["bundles.json"]!;
    expect(result.error).toBeUndefined();
    expect(result.bundles).toBe(1);
    expect(result[".provn"]).toMatchObject({ equal: true });
  });

  it("reads every yProv4ML fixture after our reader repaired it and our writer wrote it back", () => {
    const names = readdirSync(fixtures).filter((name) => name.endsWith(".json"));
    const paths = names.map((name) => {
      const { document } = parseProvJson(readFileSync(join(fixtures, name), "utf8"));
      const path = join(dir, `fixture-${name}`);
      writeFileSync(path, toProvJson(document));
      return path;
    });
    const results = checkWithPython(paths);
    for (const name of names) {
      const result = results[`fixture-${name}`]!;
      expect(result.error, name).toBeUndefined();
      expect(result.provn_chars, name).toBeGreaterThan(0);
    }
  });
});
