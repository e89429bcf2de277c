import { ProvDocument, qualifiedNameValue, RECORD_KINDS } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { allKindsDocument } from "../../test/sample-documents.ts";
import { ProvJsonError } from "./errors.ts";
import { parseProvJson } from "./read.ts";
import { toProvJson, toProvJsonObject } from "./write.ts";

describe("PROV-JSON writer", () => {
  it("round-trips write → parse → write byte for byte, bundles included", () => {
    const doc = allKindsDocument({ bundles: true });
    const text = toProvJson(doc);
    const parsed = parseProvJson(text);
    expect(parsed.repairs).toEqual([]);
    expect(toProvJson(parsed.document)).toBe(text);
  });

  it("writes every record kind under its PROV-JSON key, with blank ids for anonymous relations", () => {
    const json = toProvJsonObject(allKindsDocument({ bundles: true }));
    for (const kind of RECORD_KINDS.filter((k) => k !== "mentionOf")) expect(json[kind], kind).toBeDefined();
    expect(Object.keys(json.used as object)).toEqual(["_:id2", "_:id3"]);
    expect(Object.keys(json.wasGeneratedBy as object)).toEqual(["ex:gen1", "_:id1"]);
    expect(json.wasEndedBy).toBeDefined();
    expect(json.bundle?.["ex:bundle1"]?.prefix).toEqual({
      b: "http://example.org/bundle#",
      default: "http://example.org/run/",
    });
  });

  it("declares every namespace with its real IRI and writes typed literals with a string $", () => {
    const json = toProvJsonObject(allKindsDocument());
    expect(json.prefix).toEqual({
      ex: "http://example.org/ns#",
      mls: "http://www.w3.org/ns/mls#",
      default: "http://example.org/run/",
      xsd: "http://www.w3.org/2001/XMLSchema#",
    });
    const entity = (json.entity as Record<string, Record<string, unknown>>)["ex:non-finite"]!;
    expect(entity["ex:nan"]).toEqual({ $: "NaN", type: "xsd:double" });
    expect(entity["ex:ninf"]).toEqual({ $: "-INF", type: "xsd:double" });
    // A bare NaN number (not valid JSON) is written as an xsd:double literal too.
    expect(entity["ex:plainNaN"]).toEqual({ $: "NaN", type: "xsd:double" });
  });

  it("writes an id asserted twice as an array of attribute objects", () => {
    const doc = new ProvDocument({ defaultNamespace: "http://e.org/" });
    doc.entity("x", { "prov:type": qualifiedNameValue("prov:Plan") });
    doc.entity("x", { "prov:label": "X" });
    const json = toProvJsonObject(doc);
    expect((json.entity as Record<string, unknown>).x).toEqual([
      { "prov:type": { $: "prov:Plan", type: "xsd:QName" } },
      { "prov:label": "X" },
    ]);
    expect(parseProvJson(JSON.stringify(json)).document.recordsOf("entity", "x")).toHaveLength(2);
  });
});

describe("PROV-JSON lenient reader", () => {
  it("repairs prov 2.x and yProv4ML quirks and lists each kind of repair", () => {
    const { document, repairs } = parseProvJson(
      JSON.stringify({
        prefix: {
          xsd_1: "http://www.w3.org/2000/10/XMLSchema#",
          "prov-ml": "prov-ml",
          default: "www.example.org",
        },
        entity: {
          a: [
            { "prov-ml:n": { $: 5, type: "xsd_1:int" } },
            { "prov:type": { $: "prov-ml:Thing", type: "prov:QUALIFIED_NAME" } },
          ],
          b: { "prov-ml:gone": null },
        },
        wasEndedby: { "_:id1": { "prov:activity": "act" } },
        somethingElse: {},
      }),
    );
    expect(document.defaultNamespace).toBe("http://www.example.org/");
    expect(document.namespaces.get("prov-ml")).toBe("http://prov-ml/");
    expect(document.recordsOf("entity", "a").map((r) => r.attributes)).toEqual([
      { "prov-ml:n": { $: "5", type: "xsd:int" } },
      { "prov:type": { $: "prov-ml:Thing", type: "xsd:QName" } },
    ]);
    expect(document.recordsOf("entity", "b")[0]!.attributes).toEqual({});
    const ended = document.recordsOf("wasEndedBy");
    expect(ended).toHaveLength(1);
    expect(ended[0]!.id).toBeUndefined();
    expect(repairs.join("\n")).toMatch(/xsd_1.*obsolete/);
    expect(repairs.join("\n")).toMatch(/not an IRI/);
    expect(repairs.join("\n")).toMatch(/several records/);
    expect(repairs.join("\n")).toMatch(/non-string "\$"/);
    expect(repairs.join("\n")).toMatch(/QUALIFIED_NAME/);
    expect(repairs.join("\n")).toMatch(/wasEndedby/);
    expect(repairs.join("\n")).toMatch(/null attribute value dropped/);
    expect(repairs.join("\n")).toMatch(/unknown top-level key ignored.*somethingElse/);
    expect(repairs).toHaveLength(8);
  });

  it("throws ProvJsonError with a one-line message for non-JSON, truncated JSON and non-PROV JSON", () => {
    const cases: Array<[string, RegExp]> = [
      ["", /empty input/],
      ["<html>", /not valid JSON/],
      ['{"entity": {"a": {"prov:label": "x"', /ends early.*truncated/],
      ["[1, 2]", /array, not a PROV-JSON document/],
      ['"text"', /string, not a PROV-JSON document/],
      ['{"name": "x", "values": []}', /not PROV-JSON.*name, values/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        parseProvJson(text);
      } catch (caught) {
        error = caught;
      }
      expect(error, text).toBeInstanceOf(ProvJsonError);
      expect((error as ProvJsonError).code).toBe("PROV_JSON");
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("accepts an empty document", () => {
    expect(parseProvJson("{}").document.records).toEqual([]);
  });
});
