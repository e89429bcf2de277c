import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type {
  GpuBackend,
  GpuDeviceInfo,
  GpuDeviceReading,
  GpuProbe,
  GpuReadingField,
} from "./gpu-backend.ts";

export interface AmdgpuSysfsBackendOptions {
  /** The sysfs mount (default `/sys`); tests point it at a temporary tree. */
  readonly sysfsRoot?: string;
}

const AMD_VENDOR_ID = "0x1002";

interface AmdCard {
  readonly info: GpuDeviceInfo;
  /** `<sysfs>/class/drm/cardN/device` */
  readonly deviceDir: string;
  /** The card's hwmon directory, if the driver exposes one. */
  readonly hwmonDir: string | undefined;
}

/**
 * A {@link GpuBackend} over the amdgpu driver's sysfs files (`/sys/class/drm/card*\/device`): busy %,
 * VRAM, power (`power1_average`, µW), edge temperature (`temp1_input`, m°C) and, where the driver
 * has it, `energy1_input` (µJ). Plain file reads, no process spawned.
 */
export function amdgpuSysfsBackend(options: AmdgpuSysfsBackendOptions = {}): GpuBackend {
  const drmDir = join(options.sysfsRoot ?? "/sys", "class", "drm");
  let cards: AmdCard[] = [];
  let probing: Promise<GpuProbe> | undefined;

  const scan = async (): Promise<GpuProbe> => {
    let entries: string[];
    try {
      entries = await readdir(drmDir);
    } catch (error) {
      return { available: false, backend: "amdgpu-sysfs", reason: `cannot list ${drmDir}: ${codeOf(error)}` };
    }
    const cardNames = entries
      .filter((e) => /^card\d+$/.test(e))
      .sort((a, b) => cardNumber(a) - cardNumber(b));
    cards = [];
    for (const cardName of cardNames) {
      const deviceDir = join(drmDir, cardName, "device");
      if ((await readText(join(deviceDir, "vendor"))) !== AMD_VENDOR_ID) continue;
      const index = cards.length;
      cards.push({
        deviceDir,
        hwmonDir: await findHwmon(deviceDir),
        info: {
          index,
          uuid: await readText(join(deviceDir, "unique_id")),
          name: (await readText(join(deviceDir, "product_name"))) ?? `AMD GPU (${cardName})`,
        },
      });
    }
    return cards.length === 0
      ? { available: false, backend: "amdgpu-sysfs", reason: `no AMD GPU under ${drmDir}` }
      : { available: true, backend: "amdgpu-sysfs", devices: cards.map((c) => c.info) };
  };
  const probe = (): Promise<GpuProbe> => {
    if (!probing) probing = scan();
    return probing;
  };

  return {
    name: "amdgpu-sysfs",
    probe,
    async sample() {
      const result = await probe();
      return result.available ? Promise.all(cards.map(readCard)) : [];
    },
    async close() {
      cards = [];
      probing = undefined;
    },
  };
}

async function readCard(card: AmdCard): Promise<GpuDeviceReading> {
  const missing: Partial<Record<GpuReadingField, string>> = {};
  const hwmon = card.hwmonDir;
  const [busy, memBusy, vramUsed, vramTotal, powerAverage, powerInput, temperature, energy] =
    await Promise.all([
      readNumber(card.deviceDir, "gpu_busy_percent"),
      readNumber(card.deviceDir, "mem_busy_percent"),
      readNumber(card.deviceDir, "mem_info_vram_used"),
      readNumber(card.deviceDir, "mem_info_vram_total"),
      hwmon ? readNumber(hwmon, "power1_average") : noHwmon,
      hwmon ? readNumber(hwmon, "power1_input") : noHwmon,
      hwmon ? readNumber(hwmon, "temp1_input") : noHwmon,
      hwmon ? readNumber(hwmon, "energy1_input") : noHwmon,
    ]);
  const take = (field: GpuReadingField, read: NumberRead, scale: number): number | undefined => {
    if (read.value === undefined) {
      missing[field] ??= read.reason;
      return undefined;
    }
    return read.value * scale;
  };
  // Newer kernels expose power1_input (instantaneous) instead of power1_average on some parts.
  const power = powerAverage.value !== undefined ? powerAverage : powerInput;
  return {
    ...card.info,
    utilizationGpuPercent: take("utilization", busy, 1),
    utilizationMemoryPercent: take("utilization", memBusy, 1),
    memoryUsedBytes: take("memory", vramUsed, 1),
    memoryTotalBytes: take("memory", vramTotal, 1),
    powerWatts: take("power", power, 1e-6),
    temperatureC: take("temperature", temperature, 1e-3),
    energyJoules: take("energy", energy, 1e-6),
    ...(Object.keys(missing).length > 0 ? { missing } : {}),
  };
}

type NumberRead = { value: number; reason?: undefined } | { value?: undefined; reason: string };

const noHwmon: NumberRead = { reason: "the amdgpu driver exposes no hwmon directory for this card" };

async function readNumber(dir: string, file: string): Promise<NumberRead> {
  try {
    const text = (await readFile(join(dir, file), "utf8")).trim();
    const value = Number(text);
    return text !== "" && Number.isFinite(value)
      ? { value }
      : { reason: `${file} holds ${JSON.stringify(text)}` };
  } catch (error) {
    return { reason: `${file}: ${codeOf(error)}` };
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    return text === "" ? undefined : text;
  } catch {
    return undefined;
  }
}

async function findHwmon(deviceDir: string): Promise<string | undefined> {
  try {
    const entries = (await readdir(join(deviceDir, "hwmon"))).filter((e) => e.startsWith("hwmon")).sort();
    return entries[0] === undefined ? undefined : join(deviceDir, "hwmon", entries[0]);
  } catch {
    return undefined;
  }
}

function cardNumber(name: string): number {
  return Number(name.slice(4));
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "not present";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? (error instanceof Error ? error.message : String(error));
}
