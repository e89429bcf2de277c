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
import { fsBackend } from "@prov4ml/backend-fs";
import { build } from "esbuild";

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
  const dir = mkdtempSync(join(tmpdir(), "prov4ml-bench-core-"));
  const instance = core.createProv4ml({ plugins: [fsBackend()], logger: core.silentLogger });
  const run = await instance.startRun({
    experimentName: "bench",
    provenanceSaveDir: dir,
    logSourceCode: false,
    closeOnExit: false,
  });
  for (let i = 0; i < 20_000; i++) run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], i);
  await run.forceFlush();
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) {
    run.logMetric(names[i % 10], i, contexts[(i / 10) & 1], (i / 20) | 0);
    if ((i & 0xffff) === 0xffff) await new Promise((r) => setImmediate(r));
  }
  const loggingNs = Number(process.hrtime.bigint() - start);
  await run.endRun();
  const totalNs = Number(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuBefore);
  rmSync(dir, { recursive: true, force: true });
  return {
    threadNs: loggingNs / CALLS,
    cpuNs: ((cpu.user + cpu.system) * 1000) / CALLS,
    endToEndNs: totalNs / CALLS,
  };
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

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;
console.log(
  `\ncore before/after: ${CALLS.toLocaleString()} logMetric calls, fs backend, ${ROUNDS} interleaved rounds`,
);
console.log(
  "  contender                     | thread ns/call (min–max) | CPU all threads ns/call | end to end ns/call",
);
const medians = {};
for (const label of labels) {
  const rows = results[label];
  const pick = (key) => rows.map((row) => row[key]);
  medians[label] = {
    thread: median(pick("threadNs")),
    cpu: median(pick("cpuNs")),
    e2e: median(pick("endToEndNs")),
  };
  console.log(
    `  ${label.padEnd(29)} | ${medians[label].thread.toFixed(1).padStart(7)} (${spread(pick("threadNs"))})`.padEnd(
      60,
    ) +
      ` | ${medians[label].cpu.toFixed(1).padStart(7)} (${spread(pick("cpuNs"))})`.padEnd(26) +
      ` | ${medians[label].e2e.toFixed(1).padStart(7)} (${spread(pick("endToEndNs"))})`,
  );
}
const [before, after] = labels.map((label) => medians[label]);
console.log(
  `  ratio after/before: thread ${(after.thread / before.thread).toFixed(2)}x, CPU ${(after.cpu / before.cpu).toFixed(2)}x, end to end ${(after.e2e / before.e2e).toFixed(2)}x`,
);
