import { ProvDocument, qualifiedNameValue } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { allKindsDocument } from "../../test/sample-documents.ts";
import { escapeLocalName, provnString } from "./escape.ts";
import { toProvN } from "./write.ts";

describe("PROV-N escaping", () => {
  it("backslash-escapes metacharacters and leading/trailing - and .", () => {
    expect(escapeLocalName("a=b'c(d)e,f:g;h[i]j")).toBe("a\\=b\\'c\\(d\\)e\\,f\\:g\\;h\\[i\\]j");
    expect(escapeLocalName("-x.y.")).toBe("\\-x.y\\.");
    expect(escapeLocalName(".hidden")).toBe("\\.hidden");
  });

  it("keeps what PN_LOCAL allows and percent-encodes what it cannot spell", () => {
    expect(escapeLocalName("run_1.metric.loss")).toBe("run_1.metric.loss");
    expect(escapeLocalName("path/to/file@v1~&+*?#$!")).toBe("path/to/file@v1~&+*?#$!");
    expect(escapeLocalName("1abc")).toBe("1abc");
    expect(escapeLocalName("données")).toBe("données");
    expect(escapeLocalName("a b")).toBe("a%20b");
    expect(escapeLocalName('q"<>\\')).toBe("q%22%3C%3E%5C");
    expect(escapeLocalName("100%25")).toBe("100%25");
    expect(escapeLocalName("100%")).toBe("100%25");
  });

  it("escapes string literals", () => {
    expect(provnString('say "hi"\\\n\ttab')).toBe('"say \\"hi\\"\\\\\\n\\ttab"');
  });
});

describe("PROV-N writer", () => {
  it("writes prefixes, records with - for missing arguments, typed literals and QName values", () => {
    const text = toProvN(allKindsDocument({ bundles: true }));
    const lines = text.split("\n").map((line) => line.trim());
    expect(lines[0]).toBe("document");
    expect(lines).toContain("default <http://example.org/run/>");
    expect(lines).toContain("prefix ex <http://example.org/ns#>");
    expect(lines).toContain("wasGeneratedBy(ex:report, train, -)");
    expect(lines).toContain(
      'wasGeneratedBy(ex:gen1; model.v1, train, 2024-01-01T00:59:00.000Z, [prov:role="output"])',
    );
    expect(lines).toContain("wasDerivedFrom(model.v1, ex:data%20set, -, -, -)");
    expect(lines).toContain("activity(ex:idle)");
    expect(lines).toContain('activity(ex:prepare, -, -, [ex:note="no times"])');
    expect(lines).toContain("hadMember(ex:data%20set, ex:report)");
    expect(text).toContain("prov:type='mls:Dataset'");
    expect(text).toContain('ex:rows="60000" %% xsd:long');
    expect(text).toContain('ex:nan="NaN" %% xsd:double');
    expect(text).toContain('ex:greeting="bonjour"@fr');
    expect(text).toContain('ex:tags="a", ex:tags="b"');
    expect(text).toContain("ex:params=7850");
    expect(lines).toContain("bundle ex:bundle1");
    expect(lines).toContain("endBundle");
    expect(lines.at(-2)).toBe("endDocument");
  });

  it("escapes identifiers from other writers (yProv4ML ids with spaces and colons)", () => {
    const doc = new ProvDocument({ defaultNamespace: "http://e.org/" });
    doc.entity("Original prov4ml_torch.py", { "prov:type": qualifiedNameValue("prov:Plan") });
    doc.entity("a:b:c");
    expect(toProvN(doc)).toContain("entity(Original%20prov4ml_torch.py, [prov:type='prov:Plan'])");
    expect(toProvN(doc)).toContain("entity(a:b\\:c)");
  });
});
