/**
 * Benchmark of @prov4ml/exporter-prov against its built dist/ (run `pnpm build` first):
 * parse + loadRun of the largest yProv4ML fixture (provgraph_3DGAN.json, 1.2 MB), and writing a
 * synthetic 10,000-record document as PROV-JSON, PROV-N and Turtle. Ratios are against a
 * baseline measured in the same process: JSON.parse / JSON.stringify of the same bytes.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberValue, ProvDocument, qualifiedNameValue } from "@prov4ml/core";
import { loadRun, parseProvJson, toProvJson, toProvN, toTurtle } from "../dist/index.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "../test/fixtures/provgraph_3DGAN.json");
const text = readFileSync(fixture, "utf8");

async function time(runs, fn) {
  await fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  return (performance.now() - start) / runs;
}

function syntheticDocument(records) {
  const doc = new ProvDocument({
    defaultNamespace: "http://example.org/run/",
    namespaces: { mls: "http://www.w3.org/ns/mls#" },
  });
  doc.activity("run", 0, 1000, { "prov:type": qualifiedNameValue("mls:Run") });
  let count = 1;
  for (let i = 0; count < records; i++) {
    doc.entity(`run.metric.m${i}`, {
      "prov:label": `metric ${i}`,
      "ex:count": numberValue(i),
      "ex:last": numberValue(i / 7),
    });
    doc.wasGeneratedBy(`run.metric.m${i}`, "run", i);
    count += 2;
  }
  return doc;
}

const baselineParse = await time(20, () => JSON.parse(text));
const parse = await time(20, () => parseProvJson(text));
const load = await time(10, () => loadRun(fixture));
const doc = syntheticDocument(10_000);
const jsonText = toProvJson(doc);
const baselineStringify = await time(20, () => JSON.stringify(JSON.parse(jsonText), null, 2));
const writeJson = await time(20, () => toProvJson(doc));
const writeN = await time(20, () => toProvN(doc));
const writeTtl = await time(20, () => toTurtle(doc));

const row = (label, ms, baseline) =>
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms  ${(ms / baseline).toFixed(2).padStart(6)}× baseline`,
  );
console.log(
  `provgraph_3DGAN.json: ${(text.length / 1e6).toFixed(2)} MB; baseline JSON.parse ${baselineParse.toFixed(2)} ms`,
);
row("parseProvJson (lenient read + repairs)", parse, baselineParse);
row("loadRun (read file + parse + run view)", load, baselineParse);
console.log(
  `synthetic document: ${doc.records.length} records; baseline JSON.stringify ${baselineStringify.toFixed(2)} ms`,
);
row("toProvJson", writeJson, baselineStringify);
row("toProvN", writeN, baselineStringify);
row("toTurtle", writeTtl, baselineStringify);
