import type { EnergyMeter, MeterReading } from "../energy-meter.ts";
import type { ProcessCpuSecondsReader, SystemCpuTimes, SystemCpuTimesReader } from "./cpu-times.ts";

/** Shortest window a load reading may cover: /proc/stat counts in 10 ms ticks. */
const MIN_LOAD_WINDOW_S = 0.05;

/** What the load model needs to know about the machine. */
export interface LoadModelConfig {
  /** TDP × sockets, in watts. */
  readonly maxPowerW: number;
  readonly trackingMode: "machine" | "process";
  /** Logical CPUs, the denominator of the process share. */
  readonly threads: number;
  readonly method: string;
  readonly systemTimes: SystemCpuTimesReader;
  readonly processTimes: ProcessCpuSecondsReader;
}

/**
 * CPU power from rated power × load, CodeCarbon 3.3's `cpu_load` mode:
 * machine P = maxPower × (0.1 + 0.9·u³), u the machine's busy share; process P = maxPower ×
 * (process-tree CPU seconds / wall seconds) / threads. Energy is Σ P·Δt over windows of about
 * one second (`tick`), as CodeCarbon's 1 s power monitor does; the cube makes long windows
 * under-count bursty load, so the window length matters.
 */
export class LoadModelCpuMeter implements EnergyMeter {
  readonly method: string;
  readonly #config: LoadModelConfig;
  #energyJ = 0;
  /** Time up to which energy has been counted. */
  #countedUntil = 0;
  /** Start of the current load window and the counters then. */
  #windowStart = 0;
  #systemBaseline: SystemCpuTimes | undefined;
  #processBaseline: ReadonlyMap<number, number> = new Map();
  /** Power of the last closed window, used for slices too short to read a load. */
  #lastPowerW: number;

  constructor(config: LoadModelConfig) {
    this.#config = config;
    this.method = config.method;
    this.#lastPowerW = this.#idlePower();
  }

  start(now: number): void {
    this.#energyJ = 0;
    this.#countedUntil = now;
    this.#windowStart = now;
    if (this.#config.trackingMode === "machine") this.#systemBaseline = this.#config.systemTimes();
    else this.#processBaseline = this.#config.processTimes();
    this.#lastPowerW = this.#idlePower();
  }

  tick(now: number): void {
    if (now - this.#windowStart >= MIN_LOAD_WINDOW_S) {
      this.#lastPowerW = this.#windowPower(now);
      this.#windowStart = now;
    }
    if (now > this.#countedUntil) {
      this.#energyJ += this.#lastPowerW * (now - this.#countedUntil);
      this.#countedUntil = now;
    }
  }

  read(now: number): MeterReading {
    this.tick(now);
    return { energyJ: this.#energyJ };
  }

  close(): void {
    this.#config.systemTimes.close?.();
  }

  /** Power over the window that ends now; moves the baselines. */
  #windowPower(now: number): number {
    const { maxPowerW } = this.#config;
    if (this.#config.trackingMode === "machine") {
      const current = this.#config.systemTimes();
      const previous = this.#systemBaseline;
      this.#systemBaseline = current;
      if (current === undefined || previous === undefined) return this.#lastPowerW;
      const totalDelta = current.total - previous.total;
      const load = totalDelta > 0 ? Math.min(Math.max((current.busy - previous.busy) / totalDelta, 0), 1) : 0;
      return maxPowerW * (0.1 + 0.9 * load ** 3);
    }
    const wall = now - this.#windowStart;
    const current = this.#config.processTimes();
    let cpuSeconds = 0;
    for (const [pid, seconds] of current) {
      const delta = seconds - (this.#processBaseline.get(pid) ?? seconds);
      if (delta > 0) cpuSeconds += delta;
    }
    this.#processBaseline = current;
    return wall > 0 ? (maxPowerW * (cpuSeconds / wall)) / this.#config.threads : 0;
  }

  /** Power before any load is known: the model's floor (CodeCarbon reads 0 % without a delta). */
  #idlePower(): number {
    return this.#config.trackingMode === "machine" ? this.#config.maxPowerW * 0.1 : 0;
  }
}

/** CodeCarbon's last resort: half the rated power, all the time (`CONSUMPTION_PERCENTAGE_CONSTANT`). */
export class ConstantPowerMeter implements EnergyMeter {
  readonly method: string;
  readonly #powerW: number;
  #startedAt = 0;

  constructor(powerW: number, method: string) {
    this.#powerW = powerW;
    this.method = method;
  }

  start(now: number): void {
    this.#startedAt = now;
  }

  read(now: number): MeterReading {
    return { energyJ: this.#powerW * Math.max(now - this.#startedAt, 0) };
  }
}
