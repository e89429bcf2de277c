/** The readings a {@link GpuBackend} may return for a device; any of them can be missing. */
export type GpuReadingField = "utilization" | "memory" | "power" | "energy" | "temperature";

/** Identity of one GPU, as found by `probe()`. */
export interface GpuDeviceInfo {
  /** The backend's ordinal (NVML / nvidia-smi index, or the n-th amdgpu card). */
  readonly index: number;
  readonly uuid?: string;
  readonly name?: string;
}

/** One reading of one GPU. Absent fields were not measured: never read them as 0. */
export interface GpuDeviceReading extends GpuDeviceInfo {
  /** Busy time of the GPU, % (0–100). */
  readonly utilizationGpuPercent?: number;
  /** Busy time of the memory controller, % (0–100). */
  readonly utilizationMemoryPercent?: number;
  readonly memoryUsedBytes?: number;
  readonly memoryTotalBytes?: number;
  /** Board power draw, W. */
  readonly powerWatts?: number;
  /** A cumulative hardware energy counter, J (NVML: since the driver loaded). Take differences. */
  readonly energyJoules?: number;
  /** GPU temperature, °C. */
  readonly temperatureC?: number;
  /** Readings that could not be made, with one line each saying why. */
  readonly missing?: Readonly<Partial<Record<GpuReadingField, string>>>;
}

/** What `probe()` found: devices to sample, or why this backend cannot be used here. */
export type GpuProbe =
  | { readonly available: true; readonly backend: string; readonly devices: readonly GpuDeviceInfo[] }
  | { readonly available: false; readonly backend: string; readonly reason: string };

/**
 * A source of GPU readings (NVML, nvidia-smi, amdgpu sysfs, or a test fake). `probe()` first;
 * `sample()` reads every probed device; `close()` releases what `probe()` acquired.
 */
export interface GpuBackend {
  readonly name: "nvml" | "nvidia-smi" | "amdgpu-sysfs" | (string & {});
  probe(): Promise<GpuProbe>;
  /** One reading per probed device. Rejects only when the backend as a whole stopped working. */
  sample(): Promise<readonly GpuDeviceReading[]>;
  close(): Promise<void>;
}
