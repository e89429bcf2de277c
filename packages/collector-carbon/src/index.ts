/**
 * @prov4ml/collector-carbon — energy and carbon estimates for prov4ml runs, measured the way
 * CodeCarbon 3.3 measures them, offline.
 *
 * @packageDocumentation
 */

export {
  CARBON_ATTRIBUTE_PREFIX,
  carbonAttributes,
  carbonCollector,
  figuresToMetrics,
} from "./carbon-collector.ts";
export {
  CARBON_FIGURE_UNITS,
  type CarbonFigureName,
  type CarbonFigures,
  computeFigures,
} from "./carbon-figures.ts";
export { CARBON_MODEL_VERSION, type CarbonSetup, CarbonTracker } from "./carbon-tracker.ts";
export type { MonotonicClock } from "./clock.ts";
export { type CpuInfo, detectCpuInfo } from "./cpu/cpu-info.ts";
export {
  GENERIC_CPU_POWER_W,
  type RatedPower,
  ratedCpuPower,
  WATTS_PER_THREAD_UNKNOWN_MODEL,
} from "./cpu/cpu-meter.ts";
export { parseProcStat } from "./cpu/cpu-times.ts";
export {
  DEFAULT_POWERCAP_ROOTS,
  probeRapl,
  RaplCpuMeter,
  type RaplOptions,
  type RaplProbe,
  type RaplZone,
} from "./cpu/rapl.ts";
export { lookupCpuTdp, matchCpuName, type TdpMatch } from "./cpu/tdp-lookup.ts";
export type { EnergyMeter, MeterReading } from "./energy-meter.ts";
export { CarbonOptionError, UnknownCountryError } from "./errors.ts";
export {
  detectDefaultGpuSource,
  type GpuBackendLike,
  type GpuBackendReadingLike,
  gpuEnergySourceFromBackend,
} from "./gpu/backend-adapter.ts";
export type { GpuDeviceReading, GpuEnergySource, GpuProbe } from "./gpu/gpu-energy-source.ts";
export { GpuMeter } from "./gpu/gpu-meter.ts";
export {
  COUNTRY_ENV_VARS,
  listCountries,
  type ResolvedIntensity,
  resolveCarbonIntensity,
} from "./intensity/carbon-intensity.ts";
export {
  COUNTRY_INTENSITY_SOURCE,
  type CountryIntensity,
  WORLD_AVERAGE_G_PER_KWH,
} from "./intensity/country-intensity-data.ts";
export type { CarbonCollectorOptions } from "./options.ts";
export { estimateDimmCount, ramPowerWatts } from "./ram/ram-power-model.ts";
export { JOULES_PER_KWH } from "./units.ts";
