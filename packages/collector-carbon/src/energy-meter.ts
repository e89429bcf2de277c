/** One component's reading: energy in joules since the meter started (before PUE), and how. */
export interface MeterReading {
  readonly energyJ: number;
}

/**
 * A source of energy for one component (CPU, RAM, GPU). Readings are cumulative since `start`,
 * so a late or missed call loses nothing. `now` is monotonic seconds, the same for every meter
 * within one sample.
 */
export interface EnergyMeter {
  /** How this component is measured, for the PROV document (`rapl`, `tdp-load-model (…)`, …). */
  readonly method: string;
  /** Baseline readings at the start of the run. */
  start(now: number): void | Promise<void>;
  /** A fresh measurement now. */
  read(now: number): MeterReading | Promise<MeterReading>;
  /** Background refinement between reads (the 1 s load sampler of estimation models). */
  tick?(now: number): void;
  /** Problems met since start that did not stop the meter (a transient read failure, …). */
  readonly warnings?: readonly string[];
  close?(): void | Promise<void>;
}
