import type { GpuDeviceReading } from "./gpu-backend.ts";

/** The `--query-gpu` fields, name last so that a comma inside a product name cannot shift columns. */
export const NVIDIA_SMI_QUERY_FIELDS = [
  "index",
  "uuid",
  "utilization.gpu",
  "utilization.memory",
  "memory.used",
  "memory.total",
  "power.draw",
  "temperature.gpu",
  "name",
] as const;

const MIB = 1024 * 1024;
const NO_ENERGY = "nvidia-smi reports no energy counter (use NVML)";

/**
 * Parses `nvidia-smi --query-gpu=<NVIDIA_SMI_QUERY_FIELDS> --format=csv,noheader,nounits`.
 * `[N/A]`, `N/A`, `[Not Supported]` and the like become undefined with a `missing` reason, never 0.
 */
export function parseNvidiaSmiCsv(stdout: string): GpuDeviceReading[] {
  const readings: GpuDeviceReading[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const cells = splitCells(line, NVIDIA_SMI_QUERY_FIELDS.length);
    if (cells === undefined) continue;
    const [index, uuid, utilGpu, utilMem, memUsed, memTotal, power, temperature, name] = cells;
    const ordinal = numberOf(index);
    if (ordinal === undefined) continue;

    const missing: Record<string, string> = { energy: NO_ENERGY };
    const field = (cell: string | undefined, key: string, scale = 1): number | undefined => {
      const value = numberOf(cell);
      if (value === undefined) missing[key] = `nvidia-smi reported ${JSON.stringify(cell ?? "")}`;
      return value === undefined ? undefined : value * scale;
    };
    readings.push({
      index: ordinal,
      uuid: textOf(uuid),
      name: textOf(name),
      utilizationGpuPercent: field(utilGpu, "utilization"),
      utilizationMemoryPercent: field(utilMem, "utilization"),
      memoryUsedBytes: field(memUsed, "memory", MIB),
      memoryTotalBytes: field(memTotal, "memory", MIB),
      powerWatts: field(power, "power"),
      temperatureC: field(temperature, "temperature"),
      missing,
    });
  }
  return readings;
}

/** Splits on the first `count - 1` commas; the last cell (the name) keeps any commas of its own. */
function splitCells(line: string, count: number): string[] | undefined {
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < count - 1; i++) {
    const comma = line.indexOf(",", start);
    if (comma < 0) return undefined;
    cells.push(line.slice(start, comma).trim());
    start = comma + 1;
  }
  cells.push(line.slice(start).trim());
  return cells;
}

function numberOf(cell: string | undefined): number | undefined {
  if (cell === undefined || !/^-?\d+(\.\d+)?$/.test(cell)) return undefined;
  return Number(cell);
}

function textOf(cell: string | undefined): string | undefined {
  if (cell === undefined || cell === "" || /^\[?N\/A\]?$|^\[.*\]$/i.test(cell)) return undefined;
  return cell;
}
