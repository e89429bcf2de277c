/**
 * CodeCarbon 3.x's RAM power model (codecarbon/external/ram.py): guess the DIMM count from the
 * memory size, 5 W per DIMM on x86 (1.5 W on ARM), with less per DIMM on big servers, and a floor
 * of two DIMMs (10 W) on x86 or 3 W on ARM. Power does not follow use: DRAM refresh dominates.
 */
const BYTES_PER_GIB = 1024 ** 3;

/** Memory size in bytes → GB as CodeCarbon counts it (GiB: total / 1024³). */
export function bytesToCodeCarbonGB(bytes: number): number {
  return bytes / BYTES_PER_GIB;
}

export function estimateDimmCount(totalGB: number): number {
  if (totalGB <= 2) return 1;
  if (totalGB <= 16) return 2;
  if (totalGB <= 32) return 4;
  if (totalGB <= 64) return 4;
  if (totalGB <= 128) return 8;
  for (const dimmSize of [128, 64, 32, 16, 8, 4]) {
    if (dimmSize <= totalGB / 8) return Math.min(Math.ceil(totalGB / dimmSize), 32);
  }
  return 8;
}

/** Watts drawn by `totalGB` of RAM; `arm` selects the low-power DIMM figures. */
export function ramPowerWatts(totalGB: number, arm: boolean): number {
  const dimms = estimateDimmCount(totalGB);
  const perDimm = arm ? 1.5 : 5;
  const floor = arm ? 3 : perDimm * 2;
  let watts: number;
  if (dimms <= 4) watts = perDimm * dimms;
  else if (dimms <= 8) watts = perDimm * 4 + perDimm * 0.9 * (dimms - 4);
  else if (dimms <= 16) watts = perDimm * 4 + perDimm * 0.9 * 4 + perDimm * 0.8 * (dimms - 8);
  else watts = perDimm * 4 + perDimm * 0.9 * 4 + perDimm * 0.8 * 8 + perDimm * 0.7 * (dimms - 16);
  return Math.max(floor, watts);
}

/** CodeCarbon's ARM test: the machine name contains `arm` or `aarch`. */
export function isArmArch(arch: string): boolean {
  const lower = arch.toLowerCase();
  return lower.includes("arm") || lower.includes("aarch");
}
