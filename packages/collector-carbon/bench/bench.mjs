/**
 * Benchmark of @prov4ml/collector-carbon against its built dist/ (run `pnpm build` first).
 *
 * 1. µs per carbon reading (CarbonTracker.measure: every component read afresh), on this machine's
 *    own path (RAPL if readable, else TDP × load) and over a fake powercap tree (the RAPL path),
 *    each as a ratio to one read of /proc/stat (or os.cpus()), the cheapest system read.
 * 2. CPU share of one core taken by a 1 Hz carbon sampler (sample() each second plus the internal
 *    1 s load tick), against an idle window of the same length in the same process.
 *
 * PROV4ML_BENCH_SECONDS sets each sampler window (default 5); PROV4ML_BENCH_READINGS the readings (default 2000).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CarbonTracker, carbonCollector } from "../dist/index.mjs";

const SECONDS = Number(process.env.PROV4ML_BENCH_SECONDS ?? 5);
const READINGS = Number(process.env.PROV4ML_BENCH_READINGS ?? 2000);

function microsPer(fn, count) {
  for (let i = 0; i < Math.min(count, 200); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

async function microsPerAsync(fn, count) {
  for (let i = 0; i < Math.min(count, 200); i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1000 / count;
}

const baselineRead = process.platform === "linux" ? () => readFileSync("/proc/stat", "latin1") : () => cpus();
const baselineUs = microsPer(baselineRead, READINGS);
console.log(
  `baseline: one ${process.platform === "linux" ? "/proc/stat read" : "os.cpus()"}  ${baselineUs.toFixed(2)} µs`,
);

const machine = await CarbonTracker.create({ country: "FRA", gpu: false });
await machine.start();
const machineUs = await microsPerAsync(() => machine.measure(), READINGS);
console.log(
  `reading, this machine (${machine.setup.cpuMethod.split(" (")[0]}): ${machineUs.toFixed(2)} µs  = ${(machineUs / baselineUs).toFixed(2)} × baseline`,
);

const processMode = await CarbonTracker.create({ country: "FRA", gpu: false, trackingMode: "process" });
await processMode.start();
const processUs = await microsPerAsync(() => processMode.measure(), Math.max(READINGS / 10, 50));
console.log(
  `reading, process mode (tick scans /proc for descendants): ${processUs.toFixed(2)} µs  = ${(processUs / baselineUs).toFixed(2)} × baseline`,
);

const powercap = mkdtempSync(join(tmpdir(), "prov4ml-bench-powercap-"));
for (const [zone, name] of [
  ["intel-rapl:0", "package-0"],
  ["intel-rapl:1", "package-1"],
]) {
  mkdirSync(join(powercap, zone));
  writeFileSync(join(powercap, zone, "name"), `${name}\n`);
  writeFileSync(join(powercap, zone, "energy_uj"), `${zone.endsWith("0") ? 123456789 : 987654321}\n`);
  writeFileSync(join(powercap, zone, "max_energy_range_uj"), "262143328850\n");
}
const rapl = await CarbonTracker.create({ country: "FRA", gpu: false, powercapRoot: powercap });
await rapl.start();
const raplUs = await microsPerAsync(() => rapl.measure(), READINGS);
console.log(
  `reading, RAPL path (2 package zones, fake tree): ${raplUs.toFixed(2)} µs  = ${(raplUs / baselineUs).toFixed(2)} × baseline`,
);
rmSync(powercap, { recursive: true, force: true });

async function cpuShare(window) {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  await window();
  const cpu = process.cpuUsage(cpuStart);
  const wall = Number(process.hrtime.bigint() - wallStart) / 1000;
  return (cpu.user + cpu.system) / wall;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const idle = await cpuShare(() => sleep(SECONDS * 1000));
const sampled = await cpuShare(async () => {
  const session = await carbonCollector({ country: "FRA", gpu: false }).openRun({});
  const timer = setInterval(() => session.sample(), 1000);
  await sleep(SECONDS * 1000);
  clearInterval(timer);
  await session.finish();
});
// Per second the sampler does one sample() and one internal tick (at most one reading's work each).
const derived = (2 * machineUs) / 1e6;
console.log(`1 Hz sampler, derived from the reading cost: ≤ ${(derived * 100).toFixed(4)} % of one core`);
console.log(
  `1 Hz sampler over ${SECONDS} s, measured: ${(sampled * 100).toFixed(4)} % of one core vs idle ${(idle * 100).toFixed(4)} %` +
    ` → overhead ${((sampled - idle) * 100).toFixed(4)} % of one core (differences below ~0.1 % are noise)`,
);
