/** One GPU's reading. Give the energy counter when the device has one; power otherwise. */
export interface GpuDeviceReading {
  readonly index: number;
  /** Cumulative energy in millijoules (NVML `nvmlDeviceGetTotalEnergyConsumption`, Volta+). */
  readonly energyMJ?: number | undefined;
  /** Instantaneous board power in watts (NVML `nvmlDeviceGetPowerUsage` / 1000). */
  readonly powerW?: number | undefined;
}

/** What `probe` found: the devices to read, or why there are none. */
export type GpuProbe =
  | { readonly ok: true; readonly devices: ReadonlyArray<{ readonly index: number; readonly name: string }> }
  | { readonly ok: false; readonly reason: string };

/**
 * Where GPU energy comes from. Small on purpose: an adapter over `@prov4ml/nvml`'s `GpuBackend`
 * (`gpuEnergySourceFromBackend`) or a fake in tests.
 */
export interface GpuEnergySource {
  /** Short name for the PROV document, e.g. `nvml`. */
  readonly name: string;
  probe(): Promise<GpuProbe>;
  read(): Promise<readonly GpuDeviceReading[]>;
  close?(): Promise<void>;
}
