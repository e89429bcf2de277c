/**
 * Benchmark of @prov4ml/collector-system against its built dist/ (run `pnpm build` first).
 *
 * Prints µs per sample of each source — systeminformation's mem, fsSize, currentLoad, graphics and
 * cpuTemperature; the Node built-ins and procfs reads this package uses; a full collector sample —
 * with the number of child processes each spawns, then the CPU share of a 1 Hz background sampler.
 *
 *   BENCH_SAMPLER_SECONDS  duration of the background-sampler measurement (default 60)
 *   BENCH_ITERATIONS       iterations of the cheap sources (default 2000)
 */
import childProcess, { ChildProcess } from "node:child_process";
import { readFileSync, statfsSync } from "node:fs";
import { readFile, statfs } from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { cpus, freemem, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

// Count every child process, async and sync, before anything captures child_process functions.
let spawned = 0;
const originalSpawn = ChildProcess.prototype.spawn;
ChildProcess.prototype.spawn = function (...args) {
  spawned++;
  return originalSpawn.apply(this, args);
};
for (const name of ["spawnSync", "execSync", "execFileSync"]) {
  const original = childProcess[name];
  childProcess[name] = (...args) => {
    spawned++;
    return original(...args);
  };
}
syncBuiltinESMExports();

const si = (await import("systeminformation")).default;
const { openSystemSession } = await import("../dist/index.mjs");

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 2000);
const SAMPLER_SECONDS = Number(process.env.BENCH_SAMPLER_SECONDS ?? 60);

async function measure(label, fn, iterations) {
  await fn(); // warm-up (and currentLoad's baseline)
  spawned = 0;
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  const us = ((performance.now() - started) / iterations) * 1000;
  return { label, us, spawnsPerSample: spawned / iterations, iterations };
}

async function firstCall(label, fn) {
  spawned = 0;
  const started = performance.now();
  await fn();
  return { label, us: (performance.now() - started) * 1000, spawnsPerSample: spawned, iterations: 1 };
}

const rows = [];
const path = process.cwd();

// systeminformation (the library the issue names), first call and steady state.
rows.push(await firstCall("si.currentLoad() first call", () => si.currentLoad()));
rows.push(await measure("si.mem()", () => si.mem(), 200));
rows.push(await measure("si.currentLoad()", () => si.currentLoad(), 200));
rows.push(await measure("si.fsSize()", () => si.fsSize(), 20));
rows.push(await measure("si.cpuTemperature()", () => si.cpuTemperature(), 5));
rows.push(await measure("si.graphics()", () => si.graphics(), 3));

// Node built-ins and procfs reads.
rows.push(await measure("os.totalmem()+os.freemem()", () => totalmem() - freemem(), ITERATIONS));
rows.push(await measure("os.cpus()", () => cpus(), ITERATIONS));
rows.push(await measure("fs.statfs (async)", () => statfs(path), ITERATIONS));
rows.push(await measure("fs.statfsSync", () => statfsSync(path), ITERATIONS));
rows.push(
  await measure("readFile /proc/meminfo (async)", () => readFile("/proc/meminfo", "utf8"), ITERATIONS),
);
rows.push(await measure("readFileSync /proc/stat", () => readFileSync("/proc/stat", "utf8"), ITERATIONS));
rows.push(await measure("readFile /proc/stat (async)", () => readFile("/proc/stat", "utf8"), ITERATIONS));

// This package, one source at a time and all together (GPU detection as on this machine).
const none = { memory: false, disk: false, cpu: false, cpuTemperature: false, gpu: false };
for (const source of ["memory", "disk", "cpu", "cpuTemperature"]) {
  const session = await openSystemSession({ sources: { ...none, [source]: true } });
  rows.push(await measure(`collector source: ${source}`, () => session.sample(), ITERATIONS));
}
const full = await openSystemSession();
const fullRow = await measure("collector: full sample (all sources)", () => full.sample(), ITERATIONS);
rows.push(fullRow);
const fullAttributes = (await full.finish())?.attributes ?? {};

console.log(
  `collector-system benchmark — Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model})`,
);
console.log(`GPU backend on this machine: ${fullAttributes["prov4ml:system_gpu_backend"] ?? "none"}`);
console.log(
  `${"source".padEnd(40)} ${"µs/sample".padStart(12)} ${"× full sample".padStart(14)} ${"spawns/sample".padStart(14)}`,
);
for (const row of rows) {
  console.log(
    `${row.label.padEnd(40)} ${row.us.toFixed(1).padStart(12)} ${(row.us / fullRow.us).toFixed(2).padStart(14)} ${row.spawnsPerSample.toFixed(2).padStart(14)}`,
  );
}
console.log(
  `target: full sample ≤ 2000 µs with no process spawned → ${fullRow.us <= 2000 && fullRow.spawnsPerSample === 0 ? "met" : "NOT met"} (${fullRow.us.toFixed(0)} µs, ${fullRow.spawnsPerSample} spawns)`,
);

// CPU share of a 1 Hz background sampler, as the core runs it: unref'd interval, never overlapping.
async function cpuShare(seconds, withSampler) {
  const session = withSampler ? await openSystemSession() : undefined;
  let busy = false;
  let samples = 0;
  const timer = setInterval(() => {
    if (!session || busy) return;
    busy = true;
    session.sample().finally(() => {
      busy = false;
      samples++;
    });
  }, 1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  clearInterval(timer);
  await session?.finish();
  return { share: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, samples };
}
const idleSeconds = Math.min(10, SAMPLER_SECONDS);
const idle = await cpuShare(idleSeconds, false);
const sampler = await cpuShare(SAMPLER_SECONDS, true);
const net = sampler.share - idle.share;
console.log(
  `1 Hz sampler over ${SAMPLER_SECONDS} s: ${sampler.share.toFixed(3)}% of one core (${sampler.samples} samples); ` +
    `idle process baseline over ${idleSeconds} s: ${idle.share.toFixed(3)}%; sampler's own share ${net.toFixed(3)}% ` +
    `(target ≤ 0.5% → ${net <= 0.5 ? "met" : "NOT met"})`,
);
