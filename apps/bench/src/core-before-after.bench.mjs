/**
 * `pnpm --filter @prov4ml/bench bench:core` — the core before and after a change, in one command
 * on one machine. The baseline core is bundled from a git revision (`BENCH_BASELINE_REF`, default
 * the commit before the Run split) with esbuild into a scratch directory; the current one is this
 * checkout's source, bundled the same way. Both drive the same fs backend. Runs are interleaved
 * (A B B A A B …) and medians with min/max printed for:
 *  - training-thread time per `logMetric` call (10 names × 2 contexts);
 *  - CPU over all threads (main + fs worker) per call, from `process.cpuUsage()`;
 *  - end to end per call: the logging loop plus `endRun`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { startFsBenchRun, summarize, timeLoggingAndEnd } from "./lib/fs-bench-run.mjs";

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BASELINE_REF = process.env.BENCH_BASELINE_REF ?? "7ca1a4e";
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../../..");
const names = Array.from({ length: 10 }, (_, i) => `metric_${i}`);
const contexts = ["training", "validation"];

/** Bundles `packages/core/src/index.ts` of a source tree into one ESM file; returns its module. */
async function bundleCore(sourceRoot, outDir, label) {
  const outfile = join(outDir, `core-${label}.mjs`);
  await build({
    entryPoints: [join(sourceRoot, "packages/core/src/index.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  return import(pathToFileURL(outfile).href);
}

function extractRevision(ref, into) {
  mkdirSync(into, { recursive: true });
  const archive = execFileSync("git", ["-C", repoRoot, "archive", ref, "packages/core/src"]);
  execFileSync("tar", ["-x", "-C", into], { input: archive });
}

async function oneRun(core) {
  const started = await startFsBenchRun(core, "prov4ml-bench-core-");
  const { run } = started;
  for (let i = 0; i < 20_000; i++) run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], i);
  await run.forceFlush();
  return timeLoggingAndEnd(started, CALLS, async () => {
    for (let i = 0; i < CALLS; i++) {
      run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], (i / 20) | 0);
      if ((i & 0xffff) === 0xffff) await new Promise((r) => setImmediate(r));
    }
  });
}

const scratch = mkdtempSync(join(tmpdir(), "prov4ml-bench-baseline-"));
extractRevision(BASELINE_REF, join(scratch, "src"));
const contenders = {
  [`before (${BASELINE_REF})`]: await bundleCore(join(scratch, "src"), scratch, "before"),
  "after (this checkout)": await bundleCore(repoRoot, scratch, "after"),
};
const labels = Object.keys(contenders);
const results = Object.fromEntries(labels.map((label) => [label, []]));
await oneRun(contenders[labels[0]]); // JIT warm-up of the shared backend, not reported
await oneRun(contenders[labels[1]]);
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round, so neither side always runs on a warmer machine.
  const order = round % 2 === 0 ? labels : [...labels].reverse();
  for (const label of order) results[label].push(await oneRun(contenders[label]));
}
rmSync(scratch, { recursive: true, force: true });

console.log(
  `\ncore before/after: ${CALLS.toLocaleString()} logMetric calls, fs backend, ${ROUNDS} interleaved rounds`,
);
console.log(
  "  contender                     | thread ns/call (min–max) | CPU all threads ns/call | end to end ns/call",
);
const medians = {};
for (const label of labels) {
  const summary = summarize(label.padEnd(29), results[label], 60);
  medians[label] = summary.medians;
  console.log(summary.line);
}
const [before, after] = labels.map((label) => medians[label]);
console.log(
  `  ratio after/before: thread ${(after.thread / before.thread).toFixed(2)}x, CPU ${(after.cpu / before.cpu).toFixed(2)}x, end to end ${(after.e2e / before.e2e).toFixed(2)}x`,
);
