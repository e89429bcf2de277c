import { ProvDocument, qualifiedNameValue } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { validateDocument } from "./validate-document.ts";

function base(): ProvDocument {
  const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
  doc.entity("data");
  doc.entity("model");
  doc.activity("train", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z");
  doc.agent("alice");
  doc.used("train", "data", "2025-01-01T00:10:00Z");
  doc.wasGeneratedBy("model", "train", "2025-01-01T00:50:00Z");
  doc.wasAssociatedWith("train", "alice");
  doc.wasDerivedFrom("model", "data");
  return doc;
}

const codes = (doc: ProvDocument, profile?: "strict" | "yprov4ml") => {
  const report = validateDocument(doc, { profile });
  return {
    errors: report.errors.map((p) => p.code),
    warnings: report.warnings.map((p) => p.code),
    valid: report.valid,
  };
};

describe("validateDocument", () => {
  it("accepts a well-formed document with no problem at all", () => {
    expect(codes(base())).toEqual({ errors: [], warnings: [], valid: true });
  });

  it("structure: missing required arguments, bad times, undeclared prefixes are errors", () => {
    const doc = base();
    doc.add("wasInformedBy", undefined, { "prov:informed": "train" });
    doc.add("activity", "late", { "prov:startTime": "yesterday" });
    doc.entity("ex:thing");
    const report = validateDocument(doc);
    expect(report.errors.map((p) => p.code).sort()).toEqual([
      "structure/bad-time",
      "structure/missing-argument",
      "structure/unknown-prefix",
    ]);
    const missing = report.errors.find((p) => p.code === "structure/missing-argument")!;
    expect(missing.record).toBe("wasInformedBy(train, -)");
    expect(missing.fix).toMatch(/prov:informant/);
  });

  it("references to undeclared elements are warnings", () => {
    const doc = base();
    doc.used("train", "ghost");
    expect(codes(doc)).toEqual({ errors: [], warnings: ["reference/undeclared"], valid: true });
  });

  it("typing: an activity where an entity is expected, an id both entity and activity", () => {
    const doc = base();
    doc.used("train", "train");
    doc.activity("data");
    expect(codes(doc).errors.sort()).toEqual(["typing/entity-activity-overlap", "typing/slot-kind"]);
  });

  it("a wasStartedBy triggered by an activity is an error in strict, a warning in the yprov4ml profile", () => {
    const doc = base();
    doc.activity("epoch_0");
    doc.relation("wasStartedBy", { activity: "epoch_0", trigger: "train" });
    const strict = validateDocument(doc);
    expect(strict.errors.map((p) => [p.code, p.record])).toEqual([
      ["typing/trigger-is-activity", "wasStartedBy(epoch_0, train)"],
    ]);
    expect(strict.errors[0]!.fix).toMatch(/prov:starter/);
    expect(codes(doc, "yprov4ml")).toEqual({
      errors: [],
      warnings: ["typing/trigger-is-activity"],
      valid: true,
    });
  });

  it("reader repairs are errors in strict and warnings in the yprov4ml profile", () => {
    const repairs = ['prefix "xsd_1" read as "xsd"'];
    expect(validateDocument(base(), { repairs }).errors.map((p) => p.code)).toEqual(["reader/repair"]);
    expect(validateDocument(base(), { repairs, profile: "yprov4ml" }).valid).toBe(true);
  });

  it("impossibility: reflexive specialization, members of an empty collection, relation ids", () => {
    const doc = base();
    doc.specializationOf("model", "model");
    doc.entity("bag", { "prov:type": qualifiedNameValue("prov:EmptyCollection") });
    doc.hadMember("bag", "data");
    doc.wasAttributedTo("model", "alice", {}, "data");
    doc.wasAttributedTo("data", "alice", {}, "attr1");
    doc.wasInformedBy("train", "train", {}, "attr1");
    expect(codes(doc).errors.sort()).toEqual([
      "impossibility/empty-collection-member",
      "impossibility/reflexive-specialization",
      "impossibility/relation-id-is-element",
      "impossibility/relation-id-two-kinds",
    ]);
  });

  it("keys: one generation per (entity, activity), relation ids that unify, one start time", () => {
    const doc = base();
    doc.wasGeneratedBy("model", "train", undefined, {}, "gen1");
    doc.wasGeneratedBy("model", "train", undefined, {}, "gen2");
    doc.used("train", "data", undefined, {}, "use1");
    doc.used("train", "model", undefined, {}, "use1");
    doc.wasStartedBy("train", undefined, undefined, "2025-01-01T00:05:00Z");
    expect(codes(doc).errors.sort()).toEqual([
      "key/activity-time",
      "key/generation-unique",
      "key/relation-conflict",
    ]);
  });

  it("ordering problems are warnings", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.activity("a", "2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z");
    doc.activity("b", "2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z");
    doc.entity("e");
    doc.entity("f");
    doc.wasGeneratedBy("e", "b", "2025-01-01T00:30:00Z");
    doc.wasGeneratedBy("f", "b", "2025-01-01T00:20:00Z");
    doc.used("b", "e", "2025-01-01T00:10:00Z");
    doc.wasDerivedFrom("f", "e");
    const report = codes(doc);
    expect(report.valid).toBe(true);
    expect(report.warnings.sort()).toEqual([
      "ordering/derivation-before-source",
      "ordering/start-after-end",
      "ordering/usage-before-generation",
    ]);
  });

  it("identical copies of a relation unify: a warning, not an error", () => {
    const doc = base();
    doc.wasGeneratedBy("model", "train", "2025-01-01T00:50:00Z");
    expect(codes(doc)).toEqual({ errors: [], warnings: ["style/duplicate-record"], valid: true });
  });
});
