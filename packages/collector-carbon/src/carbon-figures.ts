import { CARBON_METRIC_NAMES } from "@prov4ml/core";
import { emissionsKg, joulesToKWh } from "./units.ts";

/** CodeCarbon's nine figures, cumulative since the start of the run, in CodeCarbon's units. */
export interface CarbonFigures {
  /** kg CO2eq. */
  readonly emissions: number;
  /** kg CO2eq per second of run. */
  readonly emissions_rate: number;
  /** W, mean since start (PUE applied). */
  readonly cpu_power: number;
  readonly gpu_power: number;
  readonly ram_power: number;
  /** kWh (PUE applied). */
  readonly cpu_energy: number;
  readonly gpu_energy: number;
  readonly ram_energy: number;
  readonly energy_consumed: number;
  /** Seconds since start (monotonic). */
  readonly duration: number;
}

/** The figure names in CodeCarbon's column order, with their units. */
export const CARBON_FIGURE_UNITS = {
  [CARBON_METRIC_NAMES.emissions]: "kg",
  [CARBON_METRIC_NAMES.emissionsRate]: "kg/s",
  [CARBON_METRIC_NAMES.cpuPower]: "W",
  [CARBON_METRIC_NAMES.gpuPower]: "W",
  [CARBON_METRIC_NAMES.ramPower]: "W",
  [CARBON_METRIC_NAMES.cpuEnergy]: "kWh",
  [CARBON_METRIC_NAMES.gpuEnergy]: "kWh",
  [CARBON_METRIC_NAMES.ramEnergy]: "kWh",
  [CARBON_METRIC_NAMES.energyConsumed]: "kWh",
} as const;

export type CarbonFigureName = keyof typeof CARBON_FIGURE_UNITS;

/**
 * Figures from component energies in joules (before PUE). The intensity is constant over a run,
 * so Σ ΔE × CI = E × CI. Powers are energy / duration: 0 before any time has passed.
 */
export function computeFigures(
  energyJ: { cpu: number; gpu: number; ram: number },
  durationS: number,
  pue: number,
  intensityGPerKWh: number,
): CarbonFigures {
  const cpuJ = energyJ.cpu * pue;
  const gpuJ = energyJ.gpu * pue;
  const ramJ = energyJ.ram * pue;
  const energyConsumed = joulesToKWh(cpuJ + gpuJ + ramJ);
  const emissions = emissionsKg(energyConsumed, intensityGPerKWh);
  const perSecond = (value: number) => (durationS > 0 ? value / durationS : 0);
  return {
    emissions,
    emissions_rate: perSecond(emissions),
    cpu_power: perSecond(cpuJ),
    gpu_power: perSecond(gpuJ),
    ram_power: perSecond(ramJ),
    cpu_energy: joulesToKWh(cpuJ),
    gpu_energy: joulesToKWh(gpuJ),
    ram_energy: joulesToKWh(ramJ),
    energy_consumed: energyConsumed,
    duration: durationS,
  };
}
