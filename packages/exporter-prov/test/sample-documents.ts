import { dateTimeValue, numberValue, ProvDocument, qualifiedNameValue } from "@prov4ml/core";

/**
 * Documents the tests write in every format: one with every record kind, typed literals,
 * non-finite doubles, unicode and percent-encoded ids; and one shaped like a prov4ml run.
 */
export function allKindsDocument(options: { bundles?: boolean; nonFinite?: boolean } = {}): ProvDocument {
  const doc = new ProvDocument({
    defaultNamespace: "http://example.org/run/",
    namespaces: { ex: "http://example.org/ns#", mls: "http://www.w3.org/ns/mls#" },
  });
  doc.entity("ex:data%20set", {
    "prov:type": qualifiedNameValue("mls:Dataset"),
    "prov:label": 'Données d\'entraînement — 训练 "quoted"\nsecond line',
    "ex:rows": numberValue(60000),
    "ex:big": numberValue(2 ** 40),
    "ex:loss": numberValue(0.125),
    "ex:flag": { $: "true", type: "xsd:boolean" },
    "ex:when": dateTimeValue(Date.UTC(2024, 0, 2, 3, 4, 5)),
    "ex:tags": ["a", "b"],
    "ex:greeting": { $: "bonjour", lang: "fr" },
  });
  if (options.nonFinite !== false) {
    doc.entity("ex:non-finite", {
      "ex:nan": numberValue(Number.NaN),
      "ex:inf": numberValue(Number.POSITIVE_INFINITY),
      "ex:ninf": numberValue(Number.NEGATIVE_INFINITY),
      "ex:plainNaN": Number.NaN,
    });
  }
  doc.entity("model.v1", {
    "prov:type": qualifiedNameValue("mls:Model"),
    "ex:params": 7850,
    "ex:ratio": 0.5,
  });
  doc.entity("ex:plan");
  doc.entity("ex:report");
  doc.activity("train", Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 1), {
    "prov:type": qualifiedNameValue("mls:Run"),
  });
  doc.activity("ex:prepare", undefined, undefined, { "ex:note": "no times" });
  doc.activity("ex:idle");
  doc.agent("user.alice", { "prov:type": qualifiedNameValue("prov:Person"), "prov:label": "Alice" });
  doc.agent("ex:org");
  doc.wasGeneratedBy("model.v1", "train", Date.UTC(2024, 0, 1, 0, 59), { "prov:role": "output" }, "ex:gen1");
  doc.wasGeneratedBy("ex:report", "train");
  doc.used("train", "ex:data%20set", Date.UTC(2024, 0, 1, 0, 1), { "prov:role": "input" });
  doc.used("ex:prepare", "ex:data%20set");
  doc.wasInformedBy("train", "ex:prepare");
  doc.wasInformedBy("ex:idle", "ex:prepare", { "ex:why": "order" });
  doc.wasStartedBy("train", "ex:data%20set", "ex:prepare", Date.UTC(2024, 0, 1));
  doc.wasEndedBy("train", "ex:report", "ex:idle", Date.UTC(2024, 0, 1, 1));
  doc.wasInvalidatedBy("ex:report", "ex:idle", Date.UTC(2024, 0, 2));
  doc.wasDerivedFrom("model.v1", "ex:data%20set");
  doc.wasDerivedFrom("ex:report", "model.v1", { "prov:type": qualifiedNameValue("prov:Revision") });
  doc.wasAttributedTo("model.v1", "user.alice");
  doc.wasAssociatedWith("train", "user.alice", "ex:plan", { "prov:role": "trainer" });
  doc.wasAssociatedWith("ex:prepare", "user.alice");
  doc.actedOnBehalfOf("user.alice", "ex:org", "train");
  doc.wasInfluencedBy("ex:report", "user.alice");
  doc.specializationOf("model.v1", "ex:plan");
  doc.alternateOf("ex:report", "ex:plan");
  doc.hadMember("ex:data%20set", "ex:report");
  if (options.bundles) {
    const bundle = doc.bundle("ex:bundle1");
    bundle.addNamespace("b", "http://example.org/bundle#");
    bundle.entity("b:inner", { "prov:label": "inside" });
    bundle.wasAttributedTo("b:inner", "user.alice");
  }
  return doc;
}
