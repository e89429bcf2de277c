import type { EnergyMeter } from "../energy-meter.ts";
import type { CpuInfo } from "./cpu-info.ts";
import type { ProcessCpuSecondsReader, SystemCpuTimesReader } from "./cpu-times.ts";
import { ConstantPowerMeter, LoadModelCpuMeter } from "./load-model-meter.ts";
import { probeRapl, RaplCpuMeter } from "./rapl.ts";
import { lookupCpuTdp } from "./tdp-lookup.ts";

/** CodeCarbon's watts per logical CPU for a model missing from the table (`DEFAULT_POWER_PER_CORE`). */
export const WATTS_PER_THREAD_UNKNOWN_MODEL = 4;
/** CodeCarbon's rated power when the CPU model cannot be read at all (`POWER_CONSTANT`). */
export const GENERIC_CPU_POWER_W = 85;
/** Share of rated power drawn in constant mode (`CONSUMPTION_PERCENTAGE_CONSTANT`). */
export const CONSTANT_MODE_SHARE = 0.5;

export interface CpuMeterRequest {
  readonly info: CpuInfo;
  readonly trackingMode: "machine" | "process";
  /** Read RAPL when possible (default true). */
  readonly rapl: boolean;
  readonly powercapRoots: readonly string[] | undefined;
  readonly raplIncludeDram: boolean;
  readonly raplPreferPsys: boolean;
  /** The machine's total rated CPU power in W; skips RAPL, as CodeCarbon's `force_cpu_power`. */
  readonly tdpW: number | undefined;
  readonly systemTimes: SystemCpuTimesReader;
  readonly processTimes: ProcessCpuSecondsReader;
}

/** The CPU's rated power and how it was found. */
export interface RatedPower {
  readonly watts: number;
  readonly explanation: string;
}

/** CodeCarbon 3.3's rated power: table TDP × sockets, else 4 W × threads × sockets, else 85 W. */
export function ratedCpuPower(info: CpuInfo, tdpW: number | undefined): RatedPower {
  if (tdpW !== undefined) return { watts: tdpW, explanation: `tdpW option ${tdpW} W` };
  const sockets = `${info.sockets} socket${info.sockets === 1 ? "" : "s"}`;
  if (info.model === "") {
    return { watts: GENERIC_CPU_POWER_W, explanation: `CPU model unknown, generic ${GENERIC_CPU_POWER_W} W` };
  }
  const match = lookupCpuTdp(info.model);
  if (match) {
    return {
      watts: match.watts * info.sockets,
      explanation: `"${info.model}" = "${match.name}" TDP ${match.watts} W × ${sockets}`,
    };
  }
  const perSocket = WATTS_PER_THREAD_UNKNOWN_MODEL * info.threads;
  return {
    watts: perSocket * info.sockets,
    explanation: `"${info.model}" not in the TDP table, ${WATTS_PER_THREAD_UNKNOWN_MODEL} W × ${info.threads} threads × ${sockets}`,
  };
}

/**
 * RAPL when readable, else rated power × load, else (no CPU times at all) half the rated power,
 * each with the reason the better path was not taken.
 */
export function createCpuMeter(request: CpuMeterRequest): EnergyMeter {
  let why: string;
  if (request.tdpW !== undefined) why = "tdpW given";
  else if (!request.rapl) why = "RAPL disabled by option";
  else {
    const probe = probeRapl({
      ...(request.powercapRoots ? { roots: request.powercapRoots } : {}),
      includeDram: request.raplIncludeDram,
      preferPsys: request.raplPreferPsys,
    });
    if (probe.ok) return new RaplCpuMeter(probe.zones);
    why = probe.reason;
  }
  const rated = ratedCpuPower(request.info, request.tdpW);
  if (request.systemTimes() === undefined) {
    return new ConstantPowerMeter(
      rated.watts * CONSTANT_MODE_SHARE,
      `constant (${why}; no CPU times readable for a load model; ${CONSTANT_MODE_SHARE} × ${rated.explanation})`,
    );
  }
  const formula =
    request.trackingMode === "machine" ? "P = max × (0.1 + 0.9·load³)" : "P = max × process CPU share";
  return new LoadModelCpuMeter({
    maxPowerW: rated.watts,
    trackingMode: request.trackingMode,
    threads: request.info.threads,
    systemTimes: request.systemTimes,
    processTimes: request.processTimes,
    method: `tdp-load-model (${why}; max ${round(rated.watts)} W from ${rated.explanation}; ${formula}, ${request.trackingMode} mode)`,
  });
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
