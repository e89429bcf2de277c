import type { MonotonicClock } from "./clock.ts";
import type { GpuEnergySource } from "./gpu/gpu-energy-source.ts";

/** Options of `carbonCollector`. Every one is optional; defaults follow CodeCarbon 3.3. */
export interface CarbonCollectorOptions {
  /** ISO 3166-1 alpha-3 code of the grid (`FRA`); else env `PROV4ML_COUNTRY_ISO_CODE`, then `CODECARBON_COUNTRY_ISO_CODE`; else the world average, flagged as assumed. */
  readonly country?: string;
  /** A fixed grid intensity in g CO2eq/kWh; wins over the country table. */
  readonly carbonIntensityGPerKWh?: number;
  /** Power usage effectiveness of the data centre, ≥ 1 in practice (default 1.0). Multiplies every energy and power. */
  readonly pue?: number;
  /** `machine` (default): the whole machine's CPU load and RAM; `process`: this process tree's CPU time and RSS. */
  readonly trackingMode?: "machine" | "process";
  /** Read RAPL powercap counters when readable (default true). */
  readonly rapl?: boolean;
  /** Powercap tree to scan instead of /sys/class/powercap and /sys/devices/virtual/powercap (tests, containers). */
  readonly powercapRoot?: string;
  /** Add top-level RAPL `dram` zones to the CPU figure (CodeCarbon's `rapl_include_dram`). */
  readonly raplIncludeDram?: boolean;
  /** Use the RAPL `psys` zone instead of the packages (CodeCarbon's `rapl_prefer_psys`). */
  readonly raplPreferPsys?: boolean;
  /** CPU brand string to look up instead of the detected one. */
  readonly cpuModel?: string;
  /** Number of CPU sockets instead of the detected one. */
  readonly cpuSockets?: number;
  /** The machine's total rated CPU power in W (CodeCarbon's `force_cpu_power`): skips RAPL, feeds the load model. */
  readonly tdpW?: number;
  /** RAM power in W instead of the DIMM model (CodeCarbon's `force_ram_power`). */
  readonly ramPowerW?: number;
  /** GPU energy source; `false` for none; default `@prov4ml/nvml` when installed. */
  readonly gpu?: GpuEnergySource | false;
  /** Period of the background load sampler in ms (default 1000, CodeCarbon's power monitor); 0 disables it. */
  readonly loadSampleIntervalMs?: number;
  /** Monotonic clock in seconds (tests). */
  readonly clock?: MonotonicClock;
  /** Environment to read variables from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}
