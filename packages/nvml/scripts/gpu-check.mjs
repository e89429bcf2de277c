#!/usr/bin/env node
/**
 * Real-GPU check for @prov4ml/nvml: prints NVML's readings (through koffi) next to nvidia-smi's for
 * every GPU, checks the energy counter against the power reading, and times the calls.
 * Run on a machine with an NVIDIA GPU after `pnpm build`:
 *
 *   node packages/nvml/scripts/gpu-check.mjs        # PROV4ML_NVML_LIBRARY overrides the library
 *
 * Exit codes: 0 all readings agree within tolerance; 1 a mismatch; 2 NVML or nvidia-smi unusable.
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { loadNvml, NvmlError } from "../dist/index.mjs";

const MiB = 1024 * 1024;
/** Tolerances: readings are taken a few ms apart and the quantities move (power, utilisation). */
const TOLERANCE = {
  memoryTotalBytes: (smi) => Math.max(2 * MiB, 0.01 * smi),
  memoryUsedBytes: (_smi, total) => Math.max(64 * MiB, 0.02 * total),
  powerWatts: (smi) => Math.max(15, 0.15 * smi),
  temperatureC: () => 3,
  utilizationGpuPercent: () => 20,
};
const ENERGY_WINDOW_MS = Number(process.env.GPU_CHECK_ENERGY_WINDOW_MS ?? 2000);

const nvml = await loadNvml();
if (!nvml.available) {
  console.error(`NVML is not available: ${nvml.reason}`);
  process.exit(2);
}
console.log(`NVML loaded from ${nvml.libraryPath}`);

let smiRows;
try {
  const fields = "index,uuid,name,memory.total,memory.used,power.draw,temperature.gpu,utilization.gpu";
  const started = performance.now();
  const out = execFileSync("nvidia-smi", [`--query-gpu=${fields}`, "--format=csv,noheader,nounits"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  console.log(`nvidia-smi query: ${(performance.now() - started).toFixed(1)} ms (one spawn)`);
  smiRows = out
    .trim()
    .split("\n")
    .map((line) => {
      const c = line.split(",").map((s) => s.trim());
      const num = (s) => (/^-?\d+(\.\d+)?$/.test(s ?? "") ? Number(s) : undefined);
      return {
        index: num(c[0]),
        uuid: c[1],
        name: c[2],
        memoryTotalBytes: num(c[3]) === undefined ? undefined : num(c[3]) * MiB,
        memoryUsedBytes: num(c[4]) === undefined ? undefined : num(c[4]) * MiB,
        powerWatts: num(c[5]),
        temperatureC: num(c[6]),
        utilizationGpuPercent: num(c[7]),
      };
    });
} catch (error) {
  console.error(`nvidia-smi failed: ${error.message}`);
  nvml.shutdown();
  process.exit(2);
}

const read = (fn) => {
  try {
    return fn();
  } catch (error) {
    return error instanceof NvmlError ? error.nvmlName : String(error);
  }
};

let mismatches = 0;
const count = nvml.deviceCount();
console.log(`GPUs: NVML ${count}, nvidia-smi ${smiRows.length}`);
if (count !== smiRows.length) {
  console.log("MISMATCH: the GPU counts differ");
  mismatches++;
}

for (let i = 0; i < count; i++) {
  const device = nvml.device(i);
  const memory = read(() => device.memory());
  const ours = {
    uuid: read(() => device.uuid()),
    name: read(() => device.name()),
    memoryTotalBytes: memory?.totalBytes,
    memoryUsedBytes: memory?.usedBytes,
    powerWatts: read(() => device.powerUsageWatts()),
    temperatureC: read(() => device.temperatureC()),
    utilizationGpuPercent: read(() => device.utilization())?.gpuPercent,
  };
  const smi = smiRows.find((row) => row.index === i) ?? {};
  console.log(`\nGPU ${i}`);
  console.log(
    `  ${"reading".padEnd(22)} ${"NVML (koffi)".padStart(40)} ${"nvidia-smi".padStart(40)}  verdict`,
  );
  for (const key of Object.keys(ours)) {
    const a = ours[key];
    const b = smi[key];
    let verdict;
    if (typeof a === "number" && typeof b === "number") {
      const tolerance = TOLERANCE[key]?.(b, smi.memoryTotalBytes ?? 0) ?? 0;
      verdict =
        Math.abs(a - b) <= tolerance ? `ok (±${round(tolerance)})` : `MISMATCH (±${round(tolerance)})`;
    } else if (a === undefined && b === undefined) {
      verdict = "both absent";
    } else if (typeof a === "string" && typeof b === "string" && !a.startsWith("NVML_ERROR")) {
      verdict = a === b ? "ok" : "MISMATCH";
    } else {
      // One side missing: NVML's typed error vs nvidia-smi's [N/A] is not a disagreement about a value.
      verdict =
        typeof a === "string" && a.startsWith("NVML_ERROR") && b === undefined ? "both absent" : "MISMATCH";
    }
    if (verdict.startsWith("MISMATCH")) mismatches++;
    console.log(
      `  ${key.padEnd(22)} ${String(round(a)).padStart(40)} ${String(round(b)).padStart(40)}  ${verdict}`,
    );
  }

  // The energy counter (mJ since driver load) against the power reading over the same window.
  const e0 = read(() => device.totalEnergyJoules());
  if (typeof e0 === "number") {
    const powers = [];
    const t0 = performance.now();
    while (performance.now() - t0 < ENERGY_WINDOW_MS) {
      powers.push(device.powerUsageWatts());
      await sleep(100);
    }
    const e1 = device.totalEnergyJoules();
    const seconds = (performance.now() - t0) / 1000;
    const counterWatts = (e1 - e0) / seconds;
    const meanWatts = powers.reduce((s, p) => s + p, 0) / powers.length;
    const tolerance = Math.max(20, 0.3 * meanWatts);
    const ok = e1 >= e0 && Math.abs(counterWatts - meanWatts) <= tolerance;
    if (!ok) mismatches++;
    console.log(
      `  energy counter: ${round(e0)} J → ${round(e1)} J over ${seconds.toFixed(2)} s = ${round(counterWatts)} W; ` +
        `mean power reading ${round(meanWatts)} W  ${ok ? "ok" : "MISMATCH"} (±${round(tolerance)} W)`,
    );
  } else {
    console.log(`  energy counter: ${e0}`);
  }

  // Per-call latency of each reading on real hardware (the fake library measures only FFI overhead).
  const timings = [];
  for (const [label, fn] of [
    ["utilization", () => device.utilization()],
    ["memory", () => device.memory()],
    ["powerUsageWatts", () => device.powerUsageWatts()],
    ["totalEnergyJoules", () => device.totalEnergyJoules()],
    ["temperatureC", () => device.temperatureC()],
  ]) {
    const n = 200;
    const started = performance.now();
    for (let k = 0; k < n; k++) read(fn);
    timings.push(`${label} ${(((performance.now() - started) / n) * 1000).toFixed(1)} µs`);
  }
  console.log(`  per call: ${timings.join(", ")}`);
}

nvml.shutdown();
console.log(mismatches === 0 ? "\nAll readings agree." : `\n${mismatches} mismatch(es).`);
process.exit(mismatches === 0 ? 0 : 1);

function round(value) {
  return typeof value === "number" ? Math.round(value * 1000) / 1000 : value;
}
