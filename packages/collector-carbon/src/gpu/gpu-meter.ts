import type { EnergyMeter, MeterReading } from "../energy-meter.ts";
import type { GpuDeviceReading, GpuEnergySource } from "./gpu-energy-source.ts";

interface DeviceState {
  lastEnergyMJ: number | undefined;
  lastPowerW: number | undefined;
  lastTime: number;
  energyJ: number;
  /** Energy integrated from power while the counter was unreadable, already inside the counter's next delta. */
  fallbackJ: number;
}

/**
 * GPU energy: deltas of the energy counter (a counter that went backwards was reset: the
 * interval is dropped and the counter re-based, as CodeCarbon does), else power integrated by
 * the trapezoid rule between readings. GPU power is whole-device even in process mode.
 */
export class GpuMeter implements EnergyMeter {
  readonly method: string;
  readonly warnings: string[] = [];
  readonly #source: GpuEnergySource;
  readonly #devices = new Map<number, DeviceState>();
  #pending: Promise<MeterReading> | undefined;
  #energyJ = 0;

  constructor(source: GpuEnergySource, method: string) {
    this.#source = source;
    this.method = method;
  }

  async start(now: number): Promise<void> {
    this.#devices.clear();
    this.#energyJ = 0;
    for (const reading of await this.#source.read()) {
      this.#devices.set(reading.index, {
        lastEnergyMJ: usable(reading.energyMJ),
        lastPowerW: usable(reading.powerW),
        lastTime: now,
        energyJ: 0,
        fallbackJ: 0,
      });
    }
  }

  /** Concurrent calls (the 1 s timer and a user's sample) share one device read. */
  read(now: number): Promise<MeterReading> {
    this.#pending ??= this.#read(now).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  tick(now: number): void {
    this.read(now).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.#source.close?.();
  }

  async #read(now: number): Promise<MeterReading> {
    let readings: readonly GpuDeviceReading[];
    try {
      readings = await this.#source.read();
    } catch (error) {
      this.#warnOnce(`GPU read failed (${(error as Error).message}); the interval counts no GPU energy`);
      return { energyJ: this.#energyJ };
    }
    for (const reading of readings) this.#account(reading, now);
    let total = 0;
    for (const state of this.#devices.values()) total += state.energyJ;
    this.#energyJ = total;
    return { energyJ: total };
  }

  #account(reading: GpuDeviceReading, now: number): void {
    const energyMJ = usable(reading.energyMJ);
    const powerW = usable(reading.powerW);
    let state = this.#devices.get(reading.index);
    if (state === undefined) {
      state = { lastEnergyMJ: energyMJ, lastPowerW: powerW, lastTime: now, energyJ: 0, fallbackJ: 0 };
      this.#devices.set(reading.index, state);
      return;
    }
    const dt = Math.max(now - state.lastTime, 0);
    if (energyMJ !== undefined && state.lastEnergyMJ !== undefined) {
      const delta = energyMJ - state.lastEnergyMJ;
      if (delta >= 0) state.energyJ += Math.max(delta / 1000 - state.fallbackJ, 0);
      else
        this.#warnOnce(
          `GPU ${reading.index}: energy counter went backwards (driver reload?); interval dropped`,
        );
      state.fallbackJ = 0;
    } else if (powerW !== undefined) {
      const slice = (((state.lastPowerW ?? powerW) + powerW) / 2) * dt;
      state.energyJ += slice;
      if (state.lastEnergyMJ !== undefined) state.fallbackJ += slice;
    }
    if (energyMJ !== undefined) state.lastEnergyMJ = energyMJ;
    if (powerW !== undefined) state.lastPowerW = powerW;
    state.lastTime = now;
  }

  #warnOnce(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }
}

/** Absent GPU: 0 W and 0 kWh, as CodeCarbon reports without a GPU, with the reason recorded. */
export class NoGpuMeter implements EnergyMeter {
  readonly method: string;
  constructor(reason: string) {
    this.method = `none (no GPU found: ${reason})`;
  }
  start(): void {}
  read(): MeterReading {
    return { energyJ: 0 };
  }
}

function usable(value: number | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
