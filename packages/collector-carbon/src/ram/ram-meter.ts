import { totalmem } from "node:os";
import type { EnergyMeter, MeterReading } from "../energy-meter.ts";
import { readDescendants } from "../proc-tree.ts";
import { bytesToCodeCarbonGB, ramPowerWatts } from "./ram-power-model.ts";

/** Bytes of memory the RAM model sizes: the machine's total, or the process tree's resident set. */
export type MemoryBytesReader = () => number;

/** `os.totalmem()`: MemTotal, as psutil's `virtual_memory().total`. */
export const machineMemoryBytes: MemoryBytesReader = () => totalmem();

/** RSS of this process plus its live descendants (CodeCarbon's process mode). */
export function createProcessTreeMemoryReader(procRoot = "/proc", pageSize = 4096): MemoryBytesReader {
  const onLinux = process.platform === "linux";
  return () => {
    let bytes = process.memoryUsage.rss();
    if (onLinux)
      for (const stat of readDescendants(procRoot, process.pid).values()) bytes += stat.rssPages * pageSize;
    return bytes;
  };
}

/**
 * RAM energy = Σ P(memory size) × Δt, P from CodeCarbon's DIMM model (or a forced value). In
 * machine mode the size is fixed, so the power is constant; in process mode it follows the RSS.
 */
export class RamMeter implements EnergyMeter {
  readonly method: string;
  readonly #power: () => number;
  #energyJ = 0;
  #countedUntil = 0;

  constructor(options: {
    memoryBytes: MemoryBytesReader;
    arm: boolean;
    forcedPowerW?: number | undefined;
    method: string;
  }) {
    const { memoryBytes, arm, forcedPowerW } = options;
    this.#power =
      forcedPowerW !== undefined
        ? () => forcedPowerW
        : () => ramPowerWatts(bytesToCodeCarbonGB(memoryBytes()), arm);
    this.method = options.method;
  }

  start(now: number): void {
    this.#energyJ = 0;
    this.#countedUntil = now;
  }

  tick(now: number): void {
    if (now <= this.#countedUntil) return;
    this.#energyJ += this.#power() * (now - this.#countedUntil);
    this.#countedUntil = now;
  }

  read(now: number): MeterReading {
    this.tick(now);
    return { energyJ: this.#energyJ };
  }
}
