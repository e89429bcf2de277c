import { describe, expect, it } from "vitest";
import { ProvModelError } from "../errors.ts";
import { ProvDocument } from "./document.ts";

describe("ProvDocument", () => {
  it("stores relation formal arguments in PROV-N order and rejects unknown ones", () => {
    const doc = new ProvDocument({ defaultNamespace: "http://example.org/" });
    const record = doc.wasGeneratedBy("e1", "a1", 0);
    expect(Object.keys(record.attributes)).toEqual(["prov:entity", "prov:activity", "prov:time"]);
    expect(record.attributes["prov:time"]).toBe("1970-01-01T00:00:00.000Z");
    expect(() => doc.relation("used", { entity: "e1" })).toThrow(ProvModelError);
    expect(() => doc.relation("used", { activity: "a", bogus: "x" })).toThrow(/no formal argument "bogus"/);
  });

  it("expands qualified names against declared and predeclared namespaces", () => {
    const doc = new ProvDocument({
      defaultNamespace: "http://example.org/",
      namespaces: { ex: "http://ex.com#" },
    });
    expect(doc.expand("ex:thing")).toBe("http://ex.com#thing");
    expect(doc.expand("xsd:int")).toBe("http://www.w3.org/2001/XMLSchema#int");
    expect(doc.expand("plain")).toBe("http://example.org/plain");
    expect(doc.expand("nope:x")).toBeUndefined();
    expect(() => doc.addNamespace("xsd", "http://www.w3.org/2000/10/XMLSchema#")).toThrow(/predeclared/);
  });

  it("merges the attributes of several records that share an id", () => {
    const doc = new ProvDocument();
    doc.entity("x", { "prov:type": "a" });
    doc.entity("x", { "prov:type": "b", "prov:label": "X" });
    expect(doc.mergedAttributes("entity", "x")).toEqual({ "prov:type": ["a", "b"], "prov:label": "X" });
  });
});
