/**
 * Benchmark of @prov4ml/exporter-dot against its built dist/ (run `pnpm build` first).
 * Each scenario runs in a fresh child process so that its peak memory (maxRSS) is its own.
 * Times are the median of a few runs after a warm-up; ratios are against reading the same
 * document (JSON.parse + building the ProvDocument) in the same child process.
 *
 *   node bench/bench.mjs          # default scenarios
 *   node bench/bench.mjs --full   # also the full (uncollapsed) SVGs, which take tens of seconds
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const GAN = join(here, "..", "test", "fixtures", "provgraph_3DGAN.json");

const scenarios = [
  { name: "3DGAN dot (overview: the exporters' default)", doc: "3dgan", output: "dot", overview: true },
  { name: "3DGAN svg (overview: the exporters' default)", doc: "3dgan", output: "svg", overview: true },
  { name: "synthetic 10k dot (overview)", doc: "synthetic", output: "dot", overview: true },
  { name: "synthetic 10k svg (overview)", doc: "synthetic", output: "svg", overview: true },
  { name: "3DGAN dot (details: series collapsed)", doc: "3dgan", output: "dot", options: {} },
  { name: "3DGAN svg (details: series collapsed)", doc: "3dgan", output: "svg", options: {} },
  { name: "3DGAN dot (full graph)", doc: "3dgan", output: "dot", options: { collapseSeries: false } },
  {
    name: "3DGAN svg (full graph)",
    doc: "3dgan",
    output: "svg",
    options: { collapseSeries: false },
    slow: true,
  },
  { name: "synthetic 10k dot (details)", doc: "synthetic", output: "dot", options: {} },
  { name: "synthetic 10k svg (details)", doc: "synthetic", output: "svg", options: {} },
  {
    name: "synthetic 10k dot (full graph)",
    doc: "synthetic",
    output: "dot",
    options: { collapseSeries: false },
  },
  {
    name: "synthetic 10k svg (full graph)",
    doc: "synthetic",
    output: "svg",
    options: { collapseSeries: false },
    slow: true,
  },
];

if (process.argv[2] === "--child") {
  const started = performance.now();
  try {
    console.log(JSON.stringify(await runChild(JSON.parse(process.argv[3]))));
  } catch (error) {
    const reason = String(error?.cause?.message ?? error?.message ?? error).split("\n")[0];
    console.log(
      JSON.stringify({
        error: `${error?.name ?? "Error"} after ${((performance.now() - started) / 1000).toFixed(1)} s: ${reason}`,
      }),
    );
  }
} else {
  const full = process.argv.includes("--full");
  console.log("scenario | median ms | ratio to reading the document | peak RSS MB | output KB");
  for (const scenario of scenarios) {
    if (scenario.slow && !full) {
      console.log(`${scenario.name} | skipped (pass --full)`);
      continue;
    }
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", JSON.stringify(scenario)],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (child.status !== 0) {
      console.log(`${scenario.name} | failed: ${child.stderr.trim().split("\n").slice(-3).join(" ")}`);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split("\n").pop());
    if (r.error) {
      console.log(`${scenario.name} | failed: ${r.error}`);
      continue;
    }
    console.log(
      `${scenario.name} | ${r.ms.toFixed(0)} | ${(r.ms / r.readMs).toFixed(2)}x | ${r.maxRssMb.toFixed(0)} | ${(r.bytes / 1024).toFixed(0)}`,
    );
  }
}

async function runChild(scenario) {
  const { ProvDocument } = await import("@prov4ml/core");
  const { loadSvgRenderer, toDot, toOverviewDot } = await import("../dist/index.mjs");
  const read = () =>
    scenario.doc === "3dgan"
      ? readProvJson(ProvDocument, readFileSync(GAN, "utf8"))
      : synthetic(ProvDocument);
  const readMs = median(timeRuns(3, read));
  const document = read();
  const renderer = scenario.output === "svg" ? await loadSvgRenderer() : undefined;
  let bytes = 0;
  const once = () => {
    const dot = scenario.overview ? toOverviewDot(document) : toDot(document, scenario.options);
    bytes = (renderer ? renderer.render(dot) : dot).length;
  };
  const runs = scenario.slow ? 1 : 3;
  if (!scenario.slow) once(); // warm-up
  const ms = median(timeRuns(runs, once));
  return {
    ms,
    readMs,
    bytes,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    records: document.records.length,
  };
}

function timeRuns(count, fn) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A minimal lenient PROV-JSON reader (the real one is @prov4ml/exporter-prov, not a dependency here). */
function readProvJson(ProvDocument, text) {
  const json = JSON.parse(text);
  const doc = new ProvDocument();
  for (const [prefix, iri] of Object.entries(json.prefix ?? {})) {
    if (prefix === "default") doc.defaultNamespace = iri;
    else if (prefix !== "prov" && prefix !== "xsd") doc.addNamespace(prefix, iri);
  }
  for (const [kind, byId] of Object.entries(json)) {
    if (kind === "prefix" || kind === "bundle") continue;
    for (const [id, body] of Object.entries(byId)) {
      for (const attributes of Array.isArray(body) ? body : [body]) {
        doc.add(kind, id.startsWith("_:") ? undefined : id, attributes);
      }
    }
  }
  return doc;
}

/** About 10,000 records shaped like a long prov4ml run: one activity and checkpoint per epoch. */
function synthetic(ProvDocument) {
  const doc = new ProvDocument({
    defaultNamespace: "https://example.org/run/",
    namespaces: { prov4ml: "https://w3id.org/prov4ml/ns#" },
  });
  doc.activity("run", 0, 1, { "prov:type": "mls:Run" });
  doc.agent("user.alice");
  doc.wasAssociatedWith("run", "user.alice");
  for (let p = 0; p < 40; p++) {
    doc.entity(`param.p${p}`, { "prov:value": String(p) });
    doc.used("run", `param.p${p}`);
  }
  for (let i = 0; doc.records.length < 10_000; i++) {
    doc.activity(`epoch_${i}`, i * 1000, i * 1000 + 999, { "prov4ml:context": "training" });
    doc.wasInformedBy(`epoch_${i}`, "run");
    doc.entity(`checkpoint_${i}`, { "prov4ml:sha256": "ab".repeat(32), "prov4ml:size_bytes": 1_000_000 });
    doc.wasGeneratedBy(`checkpoint_${i}`, `epoch_${i}`, i * 1000 + 999);
    if (i > 0) {
      doc.used(`epoch_${i}`, `checkpoint_${i - 1}`);
      doc.wasDerivedFrom(`checkpoint_${i}`, `checkpoint_${i - 1}`);
    }
  }
  return doc;
}
