/**
 * How per-GPU series are named. `first-unsuffixed` (default): GPU 0 → `gpu_usage` (yProv4ML's name,
 * which only ever measured the first GPU), GPU 1 → `gpu_usage_1`, … `indexed`: `gpu_usage_0`, `gpu_usage_1`, …
 */
export type GpuNaming = "first-unsuffixed" | "indexed";

export function gpuMetricName(base: string, index: number, naming: GpuNaming): string {
  return naming === "first-unsuffixed" && index === 0 ? base : `${base}_${index}`;
}
