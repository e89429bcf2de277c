import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SYSTEM_METRIC_NAMES } from "@prov4ml/core";
import { readTextOrUndefined } from "./read-text.ts";
import { type MetricSource, reasonOf, unavailableSource } from "./source.ts";

/** hwmon drivers that measure the CPU package or die. */
const CPU_HWMON_NAMES = new Set([
  "coretemp",
  "k10temp",
  "zenpower",
  "cpu_thermal",
  "cpu-thermal",
  "soc_thermal",
]);
/** thermal zones that measure the CPU, for machines without a CPU hwmon driver. */
const CPU_THERMAL_ZONE_TYPES = new Set(["x86_pkg_temp", "cpu_thermal", "cpu-thermal", "soc_thermal", "cpu"]);

/**
 * `cpu_temperature` in °C: the hottest CPU package (hwmon `coretemp` "Package id N", `k10temp` Tctl,
 * …; else a CPU thermal zone). Sensor files are found once when the run opens, then read per sample.
 * Absent in most VMs and containers: then reported unavailable, never 0.
 */
export async function openCpuTemperatureSource(sysfsRoot: string): Promise<MetricSource> {
  const sensors = [...(await hwmonSensors(sysfsRoot)), ...(await thermalZoneSensors(sysfsRoot))];
  // Prefer hwmon: thermal zones duplicate it where both exist.
  const chosen = sensors.filter((s) => s.kind === (sensors[0]?.kind ?? "hwmon")).map((s) => s.path);
  if (chosen.length === 0) {
    return unavailableSource(
      SYSTEM_METRIC_NAMES.cpuTemperature,
      `no CPU temperature sensor under ${join(sysfsRoot, "class", "hwmon")} or ${join(sysfsRoot, "class", "thermal")}`,
    );
  }
  return {
    async read() {
      const values: number[] = [];
      let failure: string | undefined;
      await Promise.all(
        chosen.map(async (path) => {
          try {
            const value = Number((await readFile(path, "utf8")).trim());
            if (Number.isFinite(value)) values.push(value / 1000);
            else failure = `${path} holds no number`;
          } catch (error) {
            failure = `${path}: ${reasonOf(error)}`;
          }
        }),
      );
      if (values.length === 0) {
        return {
          metrics: [],
          unavailable: [{ source: SYSTEM_METRIC_NAMES.cpuTemperature, reason: failure ?? "no reading" }],
        };
      }
      return {
        metrics: [{ name: SYSTEM_METRIC_NAMES.cpuTemperature, value: Math.max(...values), unit: "°C" }],
      };
    },
    describe: () => ({ "prov4ml:system_cpu_temperature_sensors": chosen }),
  };
}

interface Sensor {
  readonly kind: "hwmon" | "thermal";
  readonly path: string;
}

async function hwmonSensors(sysfsRoot: string): Promise<Sensor[]> {
  const dir = join(sysfsRoot, "class", "hwmon");
  const sensors: Sensor[] = [];
  for (const entry of await list(dir)) {
    const hwmon = join(dir, entry);
    const name = (await readTextOrUndefined(join(hwmon, "name")))?.trim();
    if (!name || !CPU_HWMON_NAMES.has(name)) continue;
    const files = await list(hwmon);
    // coretemp has one input per core plus "Package id N"; the package is the figure to keep.
    let input: string | undefined;
    for (const label of files.filter((f) => /^temp\d+_label$/.test(f)).sort()) {
      const text = (await readTextOrUndefined(join(hwmon, label)))?.trim() ?? "";
      if (/^(Package id|Tctl|Tdie)/.test(text)) {
        input = label.replace("_label", "_input");
        break;
      }
    }
    input ??= files.includes("temp1_input") ? "temp1_input" : undefined;
    if (input && files.includes(input)) sensors.push({ kind: "hwmon", path: join(hwmon, input) });
  }
  return sensors;
}

async function thermalZoneSensors(sysfsRoot: string): Promise<Sensor[]> {
  const dir = join(sysfsRoot, "class", "thermal");
  const sensors: Sensor[] = [];
  for (const entry of (await list(dir)).filter((e) => e.startsWith("thermal_zone"))) {
    const type = (await readTextOrUndefined(join(dir, entry, "type")))?.trim();
    if (type && CPU_THERMAL_ZONE_TYPES.has(type))
      sensors.push({ kind: "thermal", path: join(dir, entry, "temp") });
  }
  return sensors;
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
