import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSystemSession } from "../src/index.ts";
import { writeTree } from "./tree.ts";

async function temperatureOnly(sysfsRoot: string) {
  return openSystemSession({
    sources: { memory: false, disk: false, cpu: false, cpuTemperature: true, gpu: false },
    sysfsRoot,
  });
}

describe("cpu_temperature", () => {
  it("takes the hottest coretemp package, not a core, from hwmon", async () => {
    const root = writeTree({
      "class/hwmon/hwmon0/name": "acpitz\n",
      "class/hwmon/hwmon0/temp1_input": "99000\n",
      "class/hwmon/hwmon1/name": "coretemp\n",
      "class/hwmon/hwmon1/temp1_label": "Package id 0\n",
      "class/hwmon/hwmon1/temp1_input": "51000\n",
      "class/hwmon/hwmon1/temp2_label": "Core 0\n",
      "class/hwmon/hwmon1/temp2_input": "80000\n",
      "class/hwmon/hwmon2/name": "coretemp\n",
      "class/hwmon/hwmon2/temp1_label": "Package id 1\n",
      "class/hwmon/hwmon2/temp1_input": "63500\n",
      "class/thermal/thermal_zone0/type": "x86_pkg_temp\n",
      "class/thermal/thermal_zone0/temp": "10000\n",
    });
    const session = await temperatureOnly(root);
    expect(await session.sample()).toEqual({
      metrics: [{ name: "cpu_temperature", value: 63.5, unit: "°C" }],
    });
    expect((await session.finish?.())?.attributes).toEqual({
      "prov4ml:system_cpu_temperature_sensors": [
        join(root, "class/hwmon/hwmon1/temp1_input"),
        join(root, "class/hwmon/hwmon2/temp1_input"),
      ],
    });
  });

  it("reads k10temp's Tctl", async () => {
    const root = writeTree({
      "class/hwmon/hwmon3/name": "k10temp\n",
      "class/hwmon/hwmon3/temp3_label": "Tccd1\n",
      "class/hwmon/hwmon3/temp3_input": "70000\n",
      "class/hwmon/hwmon3/temp1_label": "Tctl\n",
      "class/hwmon/hwmon3/temp1_input": "45250\n",
    });
    expect((await (await temperatureOnly(root)).sample()).metrics[0]?.value).toBe(45.25);
  });

  it("falls back to a CPU thermal zone when no CPU hwmon driver is loaded", async () => {
    const root = writeTree({
      "class/thermal/thermal_zone0/type": "acpitz\n",
      "class/thermal/thermal_zone0/temp": "27800\n",
      "class/thermal/thermal_zone1/type": "x86_pkg_temp\n",
      "class/thermal/thermal_zone1/temp": "42000\n",
    });
    expect((await (await temperatureOnly(root)).sample()).metrics).toEqual([
      { name: "cpu_temperature", value: 42, unit: "°C" },
    ]);
  });

  it("says there is no sensor (VMs, containers) instead of logging 0, once per run", async () => {
    const root = writeTree({
      "class/thermal/thermal_zone0/type": "acpitz\n",
      "class/thermal/thermal_zone0/temp": "1\n",
    });
    const session = await temperatureOnly(root);
    expect(await session.sample()).toEqual({
      metrics: [],
      unavailable: [
        {
          source: "cpu_temperature",
          reason: `no CPU temperature sensor under ${join(root, "class/hwmon")} or ${join(root, "class/thermal")}`,
        },
      ],
    });
    expect(await session.sample()).toEqual({ metrics: [] });
  });

  it("reports a sensor that disappears or cannot be read", async () => {
    const root = writeTree({
      "class/thermal/thermal_zone0/type": "cpu-thermal\n",
      "class/thermal/thermal_zone0/temp": "40000\n",
    });
    const session = await temperatureOnly(root);
    expect((await session.sample()).metrics[0]?.value).toBe(40);
    const path = join(root, "class/thermal/thermal_zone0/temp");
    if (process.getuid?.() !== 0) {
      chmodSync(path, 0o000);
      expect((await session.sample()).unavailable).toEqual([
        { source: "cpu_temperature", reason: `${path}: permission denied` },
      ]);
    }
    rmSync(path, { force: true });
    expect((await session.sample()).unavailable).toEqual([
      { source: "cpu_temperature", reason: `${path}: not present` },
    ]);
  });
});
