import { arch } from "node:os";
import { type CarbonFigures, computeFigures } from "./carbon-figures.ts";
import { monotonicSeconds } from "./clock.ts";
import { detectCpuInfo } from "./cpu/cpu-info.ts";
import { createCpuMeter } from "./cpu/cpu-meter.ts";
import { createProcessCpuSecondsReader, createSystemCpuTimesReader } from "./cpu/cpu-times.ts";
import type { EnergyMeter } from "./energy-meter.ts";
import { CarbonOptionError } from "./errors.ts";
import { detectDefaultGpuSource } from "./gpu/backend-adapter.ts";
import { GpuMeter, NoGpuMeter } from "./gpu/gpu-meter.ts";
import { type ResolvedIntensity, resolveCarbonIntensity } from "./intensity/carbon-intensity.ts";
import type { CarbonCollectorOptions } from "./options.ts";
import { createProcessTreeMemoryReader, machineMemoryBytes, RamMeter } from "./ram/ram-meter.ts";
import { isArmArch } from "./ram/ram-power-model.ts";

/** The formulas followed, recorded in the PROV document. */
export const CARBON_MODEL_VERSION = "codecarbon-3.3.2";

/** How each component is measured, and the grid intensity: fixed for the run. */
export interface CarbonSetup {
  readonly cpuMethod: string;
  readonly gpuMethod: string;
  readonly ramMethod: string;
  readonly cpuModel: string;
  readonly pue: number;
  readonly trackingMode: "machine" | "process";
  readonly intensity: ResolvedIntensity;
  readonly modelVersion: string;
}

interface Meters {
  readonly cpu: EnergyMeter;
  readonly gpu: EnergyMeter;
  readonly ram: EnergyMeter;
}

/**
 * Energy and emissions of one run: baseline readings at `start`, a fresh measurement at every
 * `measure`, cumulative since start on a monotonic clock. `tick` refines estimation models
 * between measures (call it about once a second, as CodeCarbon's power monitor does).
 */
export class CarbonTracker {
  readonly setup: CarbonSetup;
  readonly #meters: Meters;
  readonly #clock: () => number;
  #startedAt: number | undefined;

  private constructor(setup: CarbonSetup, meters: Meters, clock: () => number) {
    this.setup = setup;
    this.#meters = meters;
    this.#clock = clock;
  }

  /** Detects the hardware and resolves the intensity; throws on bad options (unknown country, …). */
  static async create(options: CarbonCollectorOptions = {}): Promise<CarbonTracker> {
    const pue = options.pue ?? 1;
    if (typeof pue !== "number" || !Number.isFinite(pue) || pue <= 0) {
      throw new CarbonOptionError("pue", pue, "a finite number > 0 (1.0 = no data-centre overhead)");
    }
    const trackingMode = options.trackingMode ?? "machine";
    if (trackingMode !== "machine" && trackingMode !== "process") {
      throw new CarbonOptionError("trackingMode", trackingMode, '"machine" or "process"');
    }
    for (const name of ["tdpW", "ramPowerW", "cpuSockets"] as const) {
      const value = options[name];
      if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value > 0)) {
        throw new CarbonOptionError(name, value, "a finite number > 0");
      }
    }
    const intensity = resolveCarbonIntensity({
      country: options.country,
      carbonIntensityGPerKWh: options.carbonIntensityGPerKWh,
      ...(options.env ? { env: options.env } : {}),
    });
    const detected = detectCpuInfo();
    const info = {
      model: options.cpuModel ?? detected.model,
      threads: detected.threads,
      sockets: options.cpuSockets ?? detected.sockets,
    };
    const cpu = createCpuMeter({
      info,
      trackingMode,
      rapl: options.rapl ?? true,
      powercapRoots: options.powercapRoot === undefined ? undefined : [options.powercapRoot],
      raplIncludeDram: options.raplIncludeDram ?? false,
      raplPreferPsys: options.raplPreferPsys ?? false,
      tdpW: options.tdpW,
      systemTimes: createSystemCpuTimesReader(),
      processTimes: createProcessCpuSecondsReader(),
    });
    const ram = new RamMeter({
      memoryBytes: trackingMode === "machine" ? machineMemoryBytes : createProcessTreeMemoryReader(),
      arm: isArmArch(arch()),
      forcedPowerW: options.ramPowerW,
      method:
        options.ramPowerW !== undefined
          ? `constant (ramPowerW option ${options.ramPowerW} W)`
          : `dimm-model (CodeCarbon 3 DIMM heuristic over ${trackingMode === "machine" ? "total memory" : "process-tree RSS"})`,
    });
    const gpu = await createGpuMeter(options.gpu);
    return new CarbonTracker(
      {
        cpuMethod: cpu.method,
        gpuMethod: gpu.method,
        ramMethod: ram.method,
        cpuModel: info.model,
        pue,
        trackingMode,
        intensity,
        modelVersion: CARBON_MODEL_VERSION,
      },
      { cpu, gpu, ram },
      options.clock ?? monotonicSeconds,
    );
  }

  /** Takes the baseline readings. */
  async start(): Promise<void> {
    const now = this.#clock();
    await Promise.all([
      this.#meters.cpu.start(now),
      this.#meters.gpu.start(now),
      this.#meters.ram.start(now),
    ]);
    this.#startedAt = now;
  }

  /** Lets estimation models read the load over the last window. */
  tick(): void {
    if (this.#startedAt === undefined) return;
    const now = this.#clock();
    this.#meters.cpu.tick?.(now);
    this.#meters.gpu.tick?.(now);
    this.#meters.ram.tick?.(now);
  }

  /** A fresh measurement: the nine figures since start. */
  async measure(): Promise<CarbonFigures> {
    const startedAt = this.#startedAt;
    if (startedAt === undefined) throw new Error("CarbonTracker.measure() before start()");
    const now = this.#clock();
    const cpu = this.#meters.cpu.read(now);
    const ram = this.#meters.ram.read(now);
    const gpu = this.#meters.gpu.read(now);
    const energyJ = {
      cpu: (cpu instanceof Promise ? await cpu : cpu).energyJ,
      ram: (ram instanceof Promise ? await ram : ram).energyJ,
      gpu: (gpu instanceof Promise ? await gpu : gpu).energyJ,
    };
    return computeFigures(energyJ, now - startedAt, this.setup.pue, this.setup.intensity.gPerKWh);
  }

  /** Problems met so far that did not stop the measurement. */
  get warnings(): string[] {
    return [this.#meters.cpu, this.#meters.gpu, this.#meters.ram].flatMap((meter) => meter.warnings ?? []);
  }

  async close(): Promise<void> {
    await Promise.all([this.#meters.cpu.close?.(), this.#meters.gpu.close?.(), this.#meters.ram.close?.()]);
  }
}

async function createGpuMeter(option: CarbonCollectorOptions["gpu"]): Promise<EnergyMeter> {
  if (option === false) return new NoGpuMeter("GPU measurement disabled by option");
  const source = option ?? (await detectDefaultGpuSource());
  if ("reason" in source) return new NoGpuMeter(source.reason);
  const probe = await source.probe();
  if (!probe.ok) return new NoGpuMeter(`${source.name}: ${probe.reason}`);
  const names = probe.devices.map((device) => device.name);
  return new GpuMeter(
    source,
    `${source.name} (energy counter, else power × time; ${probe.devices.length} × ${[...new Set(names)].join(", ")})`,
  );
}
