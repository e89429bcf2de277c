import { InvalidArgumentError, ProvDocument, qualifiedNameValue } from "@prov4ml/core";
import { describe, expect, it } from "vitest";
import { nodeLabelled, parseDot } from "../test/parse-dot.ts";
import { toDot } from "./to-dot.ts";

function sampleDocument(): ProvDocument {
  const doc = new ProvDocument({
    defaultNamespace: "https://example.org/run/",
    namespaces: { ex: "https://example.org/ns#" },
  });
  doc.entity("dataset", { "prov:type": qualifiedNameValue("ex:Dataset"), "ex:rows": 120 });
  doc.entity("model");
  doc.activity("train", "2025-01-01T00:00:00.000Z", "2025-01-01T01:00:00.000Z");
  doc.agent("ex:alice");
  doc.used("train", "dataset");
  doc.wasGeneratedBy("model", "train");
  doc.wasAssociatedWith("train", "ex:alice");
  doc.wasAttributedTo("model", "ex:alice");
  doc.wasInfluencedBy("model", "dataset");
  return doc;
}

describe("toDot: elements", () => {
  const parsed = parseDot(toDot(sampleDocument()));

  it("draws entities as yellow ellipses, activities as blue boxes, agents as orange houses", () => {
    expect(nodeLabelled(parsed, "dataset")[1]).toMatchObject({
      shape: "oval",
      fillcolor: "#FFFC87",
      color: "#808080",
    });
    expect(nodeLabelled(parsed, "train")[1]).toMatchObject({
      shape: "box",
      fillcolor: "#9FB1FC",
      color: "#0000FF",
    });
    expect(nodeLabelled(parsed, "ex:alice")[1]).toMatchObject({ shape: "house", fillcolor: "#FED37F" });
  });

  it("links every element to its full IRI and labels it with its qualified name", () => {
    expect(nodeLabelled(parsed, "dataset")[1].URL).toBe("https://example.org/run/dataset");
    expect(nodeLabelled(parsed, "ex:alice")[1].URL).toBe("https://example.org/ns#alice");
    expect(nodeLabelled(parsed, "dataset")[0]).toMatch(/^n\d+$/);
  });

  it("lays out bottom-to-top by default, like prov", () => {
    expect(parsed.rankdir).toBe("BT");
    expect(parseDot(toDot(sampleDocument(), { direction: "RL" })).rankdir).toBe("RL");
  });

  it("puts attributes in a note linked by a dashed grey edge, prov:type first", () => {
    const [datasetNode] = nodeLabelled(parsed, "dataset");
    const link = parsed.edges.find((edge) => edge.to === datasetNode && edge.from.startsWith("ann"));
    expect(link?.attributes).toMatchObject({ style: "dashed", arrowhead: "none", color: "gray" });
    const note = parsed.nodes.get(link!.from)!;
    expect(note).toMatchObject({ shape: "note", color: "gray" });
    expect(note.label).toMatch(/^<<TABLE/);
    expect(note.label!.indexOf("prov:type")).toBeLessThan(note.label!.indexOf("ex:rows"));
    expect(note.label).toContain('href="https://example.org/ns#Dataset">ex:Dataset');
    expect(note.label).toContain(">120<");
  });

  it("shows an activity's start and end times in its note", () => {
    const [trainNode] = nodeLabelled(parsed, "train");
    const note = parsed.edges.find((edge) => edge.to === trainNode && edge.from.startsWith("ann"));
    expect(parsed.nodes.get(note!.from)!.label).toContain("2025-01-01T01:00:00.000Z");
  });

  it("draws no notes when showAttributes is false", () => {
    const plain = parseDot(toDot(sampleDocument(), { showAttributes: false }));
    expect([...plain.nodes.keys()].filter((name) => name.startsWith("ann"))).toEqual([]);
  });

  it("uses prov:label as the main text with useLabels, the id as a subtitle", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("e1", { "prov:label": "Training data" });
    const node = [...parseDot(toDot(doc, { useLabels: true })).nodes.values()].find(
      (n) => n.shape === "oval",
    )!;
    expect(node.label).toContain("Training data<br />");
    expect(node.label).toContain('point-size="10">e1</font>');
  });
});

describe("toDot: relations", () => {
  const parsed = parseDot(toDot(sampleDocument()));
  const edge = (from: string, to: string) => {
    const [a] = nodeLabelled(parsed, from);
    const [b] = nodeLabelled(parsed, to);
    const found = parsed.edges.find((e) => e.from === a && e.to === b);
    if (!found) throw new Error(`no edge ${from} -> ${to}`);
    return found.attributes;
  };

  it("labels and colours each relation and points from the first formal argument to the second", () => {
    expect(edge("model", "train")).toMatchObject({
      label: "wasGeneratedBy",
      color: "darkgreen",
      fontcolor: "darkgreen",
      fontsize: "10.0",
    });
    expect(edge("train", "dataset")).toMatchObject({ label: "used", color: "red4", fontcolor: "red" });
    expect(edge("train", "ex:alice")).toMatchObject({ label: "wasAssociatedWith", color: "#FED37F" });
    expect(edge("model", "ex:alice")).toMatchObject({ label: "wasAttributedTo", color: "#FED37F" });
    expect(edge("model", "dataset")).toMatchObject({ label: "wasInfluencedBy", color: "grey" });
  });

  it("draws an n-ary relation through a grey point, extra arguments labelled by slot", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.activity("a");
    doc.agent("ag");
    doc.entity("recipe");
    doc.wasAssociatedWith("a", "ag", "recipe");
    const nary = parseDot(toDot(doc));
    const point = [...nary.nodes].find(([name]) => name.startsWith("b"));
    expect(point?.[1]).toMatchObject({ shape: "point", color: "gray", label: "" });
    const from = (name: string) => nary.edges.filter((e) => e.from === name);
    const [a] = nodeLabelled(nary, "a");
    expect(from(a)).toEqual([
      {
        from: a,
        to: point![0],
        attributes: expect.objectContaining({ label: "wasAssociatedWith", arrowhead: "none" }),
      },
    ]);
    const fromPoint = from(point![0]);
    expect(fromPoint.map((e) => nary.nodes.get(e.to)?.label)).toEqual(["ag", "recipe"]);
    expect(fromPoint[0]!.attributes.label).toBeUndefined();
    expect(fromPoint[1]!.attributes).toMatchObject({ label: "plan", color: "gray", fontcolor: "dimgray" });
  });

  it("draws an annotated relation through a point with the attributes in a note", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("e");
    doc.activity("a");
    doc.wasGeneratedBy("e", "a", "2025-02-03T04:05:06.000Z", { "prov:role": "output" });
    const annotated = parseDot(toDot(doc));
    const point = [...annotated.nodes.keys()].find((name) => name.startsWith("b"))!;
    const noteEdge = annotated.edges.find((e) => e.to === point && e.from.startsWith("ann"))!;
    const note = annotated.nodes.get(noteEdge.from)!.label!;
    expect(note).toContain("2025-02-03T04:05:06.000Z");
    expect(note.indexOf("prov:role")).toBeLessThan(note.indexOf("prov:time"));
  });

  it("draws self-loops and references to undeclared elements (grey, shaped by their slot)", () => {
    const doc = new ProvDocument({
      defaultNamespace: "www.example.org",
      namespaces: { "prov-ml": "prov-ml" },
    });
    doc.entity("experiment");
    doc.activity("run");
    doc.hadMember("experiment", "experiment");
    doc.wasInformedBy("prov-ml:ModelRegistration", "run");
    doc.used("run", "never_declared");
    const drawn = parseDot(toDot(doc));
    const [experiment] = nodeLabelled(drawn, "experiment");
    expect(drawn.edges.find((e) => e.from === experiment && e.to === experiment)?.attributes.label).toBe(
      "hadMember",
    );
    expect(nodeLabelled(drawn, "prov-ml:ModelRegistration")[1]).toMatchObject({
      shape: "box",
      fillcolor: "lightgray",
      color: "dimgray",
      URL: "prov-mlModelRegistration",
    });
    expect(nodeLabelled(drawn, "never_declared")[1]).toMatchObject({ shape: "oval", fillcolor: "lightgray" });
  });

  it("skips relations with fewer than two known arguments", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("lonely");
    doc.wasGeneratedBy("lonely");
    const drawn = parseDot(toDot(doc, { showAttributes: false }));
    expect(drawn.edges).toEqual([]);
    expect(drawn.nodes.size).toBe(1);
  });

  it("draws bundles as clusters", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity("outside");
    doc.bundle("b1").entity("inside");
    const drawn = parseDot(toDot(doc));
    const [inside] = nodeLabelled(drawn, "inside");
    expect([...drawn.clusters.entries()]).toEqual([["cluster_c1", expect.arrayContaining([inside])]]);
  });
});

describe("toDot: escaping and long values", () => {
  it("escapes quotes, backslashes and markup in ids and attribute values", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    doc.entity('dir\\new "data"', { "ex:html": '<b>bold</b> & "quoted"' });
    doc.entity("<looks-like-html>");
    const dot = toDot(doc);
    expect(dot).toContain('label = "dir\\\\new \\"data\\""');
    expect(dot).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;");
    expect(dot).toContain("label = <&lt;looks-like-html&gt;>");
    expect(dot).toContain('URL = "https://example.org/dir%5Cnew%20%22data%22"');
  });

  it("does not link IRIs whose scheme would run code in the SVG", () => {
    const doc = new ProvDocument({ namespaces: { js: "javascript:alert(1)//" } });
    doc.entity("js:x");
    const node = nodeLabelled(parseDot(toDot(doc)), "js:x")[1];
    expect(node.URL).toBeUndefined();
  });

  it("cuts long values at maxAttributeLength and summarises stringified metric lists", () => {
    const doc = new ProvDocument({ defaultNamespace: "https://example.org/" });
    const series = `[${Array.from({ length: 5000 }, (_, i) => (i === 2500 ? "-3.5" : String(i / 10))).join(", ")}]`;
    doc.entity("m", { "ex:text": "x".repeat(150), "ex:values": series });
    const dot = toDot(doc);
    expect(dot).toContain(`>${"x".repeat(100)}...<`);
    expect(dot).not.toContain("x".repeat(101));
    expect(dot).toContain("5000 points: first 0, last 499.9, min -3.5, max 499.9");
    expect(dot.length).toBeLessThan(3000);
    expect(toDot(doc, { maxAttributeLength: 20 })).toContain(`>${"x".repeat(20)}...<`);
  });

  it("rejects an unknown direction", () => {
    expect(() => toDot(new ProvDocument(), { direction: "UP" as "BT" })).toThrow(InvalidArgumentError);
  });
});

describe("toDot: summaries for large runs", () => {
  function epochsDocument(epochs: number): ProvDocument {
    const doc = new ProvDocument({
      defaultNamespace: "https://example.org/",
      namespaces: { "prov-ml": "prov-ml" },
    });
    doc.activity("run");
    doc.entity("loss_train", {
      "prov-ml:type": "Metric",
      "prov-ml:name": "loss",
      "prov-ml:context": "TRAINING",
      "prov-ml:metric_value_list": "[3, 2, 1]",
    });
    doc.entity("acc_train", {
      "prov-ml:type": "Metric",
      "prov-ml:name": "acc",
      "prov-ml:context": "TRAINING",
      "prov4ml:count": 7,
      "prov4ml:last": 0.9,
    });
    doc.entity("loss_val", {
      "prov-ml:type": "Metric",
      "prov-ml:name": "loss",
      "prov-ml:context": "VALIDATION",
    });
    for (let i = 0; i < epochs; i++) {
      doc.activity(`epoch_${i}`, undefined, undefined, { "prov-ml:type": "TrainingExecution" });
      doc.wasStartedBy(`epoch_${i}`, "run");
      doc.wasGeneratedBy("loss_train", `epoch_${i}`);
    }
    return doc;
  }

  it("collapses numbered series into one node with counted edges", () => {
    const drawn = parseDot(toDot(epochsDocument(50), { collapseSeries: true }));
    const series = [...drawn.nodes].filter(([name]) => name.startsWith("s"));
    expect(series).toHaveLength(1);
    expect(series[0]![1]).toMatchObject({ shape: "box", peripheries: "2" });
    expect(series[0]![1].label).toBe("epoch_0 … epoch_49\\n(50 activities)");
    const [loss] = nodeLabelled(drawn, "loss_train");
    expect(
      drawn.edges.filter((e) => e.from === loss && e.to === series[0]![0]).map((e) => e.attributes.label),
    ).toEqual(["wasGeneratedBy ×50"]);
  });

  it("collapses only large documents by default (more than maxNodes elements)", () => {
    const count = (doc: ProvDocument, maxNodes?: number) =>
      [...parseDot(toDot(doc, { maxNodes })).nodes.keys()].filter((name) => name.startsWith("s")).length;
    expect(count(epochsDocument(20))).toBe(0);
    expect(count(epochsDocument(20), 10)).toBe(1);
    expect(count(epochsDocument(400))).toBe(1);
    expect(
      [...parseDot(toDot(epochsDocument(400), { collapseSeries: false })).nodes.values()].filter(
        (n) => n.shape === "box",
      ),
    ).toHaveLength(401);
  });

  it("merges each context's metrics into one summary node with collapseContexts", () => {
    const drawn = parseDot(toDot(epochsDocument(3), { collapseContexts: true }));
    const metricNodes = [...drawn.nodes].filter(([name]) => name.startsWith("m"));
    expect(metricNodes.map(([, node]) => node.label).sort()).toEqual([
      "metrics of TRAINING\\n(2 series)",
      "metrics of VALIDATION\\n(1 series)",
    ]);
    const training = metricNodes.find(([, node]) => node.label?.includes("TRAINING"))![0];
    const note = drawn.nodes.get(
      drawn.edges.find((e) => e.to === training && e.from.startsWith("ann"))!.from,
    )!.label;
    expect(note).toContain("3 points: first 3, last 1, min 1, max 3");
    expect(note).toContain("7 points, last 0.9");
    expect(drawn.edges.filter((e) => e.from === training).map((e) => e.attributes.label)).toEqual([
      "wasGeneratedBy",
      "wasGeneratedBy",
      "wasGeneratedBy",
    ]);
    expect(() => nodeLabelled(drawn, "loss_train")).toThrow();
  });
});
