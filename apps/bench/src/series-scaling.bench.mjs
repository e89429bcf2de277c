/**
 * `pnpm --filter @prov4ml/bench bench:series` — per-call cost against the number of series
 * (issue 13, goal 1): 10^6 `logMetric` calls spread over 10, 1,000 and 10,000 series, with the fs
 * backend, in interleaved rounds (order rotated each round), medians and min–max printed for:
 *  - training-thread time per call;
 *  - CPU over all threads (main + fs worker) per call, from `process.cpuUsage()`;
 *  - end to end per call: the logging loop plus `endRun`;
 * and each as a ratio to the 10-series figure, in the same command.
 */
import * as core from "@prov4ml/core";
import { startFsBenchRun, summarize, timeLoggingAndEnd } from "./lib/fs-bench-run.mjs";

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERIES_COUNTS = [10, 1_000, 10_000];

async function oneRun(seriesCount) {
  const names = Array.from({ length: seriesCount }, (_, i) => `metric_${i}`);
  const started = await startFsBenchRun(core, "prov4ml-bench-series-");
  const { run } = started;
  return timeLoggingAndEnd(started, CALLS, async () => {
    for (let i = 0; i < CALLS; i++) {
      run.logMetric(names[i % seriesCount], i, "training", (i / seriesCount) | 0);
      // Yield now and then, as a training loop does between batches.
      if ((i & 0xffff) === 0xffff) await new Promise((r) => setImmediate(r));
    }
  });
}

const results = new Map(SERIES_COUNTS.map((count) => [count, []]));
await oneRun(10); // JIT warm-up, not reported
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? SERIES_COUNTS : [...SERIES_COUNTS].reverse();
  for (const count of order) results.get(count).push(await oneRun(count));
}

const medians = new Map();
console.log(
  `\nper-call cost by number of series: ${CALLS.toLocaleString()} logMetric calls, fs backend, ${ROUNDS} interleaved rounds`,
);
console.log(
  "  series | thread ns/call (min–max) | CPU all threads ns/call | end to end ns/call (incl. endRun)",
);
for (const count of SERIES_COUNTS) {
  const summary = summarize(String(count).padStart(6), results.get(count), 36);
  medians.set(count, summary.medians);
  console.log(summary.line);
}
const base = medians.get(SERIES_COUNTS[0]);
for (const count of SERIES_COUNTS.slice(1)) {
  const m = medians.get(count);
  console.log(
    `  ratio ${count} / ${SERIES_COUNTS[0]} series: thread ${(m.thread / base.thread).toFixed(2)}x, CPU ${(m.cpu / base.cpu).toFixed(2)}x, end to end ${(m.e2e / base.e2e).toFixed(2)}x`,
  );
}
