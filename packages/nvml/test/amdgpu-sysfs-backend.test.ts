import { describe, expect, it } from "vitest";
import { amdgpuSysfsBackend } from "../src/index.ts";
import { writeTree } from "./sysfs-tree.ts";

const AMD_CARD = {
  "class/drm/card1/device/vendor": "0x1002\n",
  "class/drm/card1/device/product_name": "AMD Instinct MI210\n",
  "class/drm/card1/device/unique_id": "abcdef0123456789\n",
  "class/drm/card1/device/gpu_busy_percent": "73\n",
  "class/drm/card1/device/mem_busy_percent": "12\n",
  "class/drm/card1/device/mem_info_vram_used": "1073741824\n",
  "class/drm/card1/device/mem_info_vram_total": "68702699520\n",
  "class/drm/card1/device/hwmon/hwmon4/power1_average": "187000000\n",
  "class/drm/card1/device/hwmon/hwmon4/temp1_input": "48000\n",
};

describe("amdgpuSysfsBackend", () => {
  it("reads AMD cards only, converting µW to W and m°C to °C", async () => {
    const root = writeTree({
      ...AMD_CARD,
      "class/drm/card0/device/vendor": "0x8086\n", // an Intel iGPU: skipped
      "class/drm/card1-DP-1/status": "connected\n", // a connector, not a card
    });
    const backend = amdgpuSysfsBackend({ sysfsRoot: root });
    expect(await backend.probe()).toEqual({
      available: true,
      backend: "amdgpu-sysfs",
      devices: [{ index: 0, uuid: "abcdef0123456789", name: "AMD Instinct MI210" }],
    });
    const [gpu] = await backend.sample();
    expect(gpu).toMatchObject({
      index: 0,
      utilizationGpuPercent: 73,
      utilizationMemoryPercent: 12,
      memoryUsedBytes: 1073741824,
      memoryTotalBytes: 68702699520,
      powerWatts: 187,
      temperatureC: 48,
    });
    expect(gpu?.energyJoules).toBeUndefined();
    expect(gpu?.missing).toEqual({ energy: "energy1_input: not present" });
  });

  it("falls back to power1_input and reads energy1_input in µJ where present", async () => {
    const { "class/drm/card1/device/hwmon/hwmon4/power1_average": _, ...rest } = AMD_CARD;
    const root = writeTree({
      ...rest,
      "class/drm/card1/device/hwmon/hwmon4/power1_input": "55500000\n",
      "class/drm/card1/device/hwmon/hwmon4/energy1_input": "2500000000\n",
    });
    const [gpu] = await amdgpuSysfsBackend({ sysfsRoot: root }).sample();
    expect(gpu?.powerWatts).toBeCloseTo(55.5, 9);
    expect(gpu?.energyJoules).toBeCloseTo(2500, 9);
    expect(gpu?.missing).toBeUndefined();
  });

  it("leaves out readings of a card without hwmon, with the reason", async () => {
    const root = writeTree({
      "class/drm/card0/device/vendor": "0x1002\n",
      "class/drm/card0/device/gpu_busy_percent": "5\n",
      "class/drm/card0/device/mem_info_vram_used": "garbage\n",
    });
    const [gpu] = await amdgpuSysfsBackend({ sysfsRoot: root }).sample();
    expect(gpu?.name).toBe("AMD GPU (card0)");
    expect(gpu?.utilizationGpuPercent).toBe(5);
    expect(gpu?.utilizationMemoryPercent).toBeUndefined();
    expect(gpu?.powerWatts).toBeUndefined();
    expect(gpu?.missing).toEqual({
      utilization: "mem_busy_percent: not present",
      memory: 'mem_info_vram_used holds "garbage"',
      power: "the amdgpu driver exposes no hwmon directory for this card",
      temperature: "the amdgpu driver exposes no hwmon directory for this card",
      energy: "the amdgpu driver exposes no hwmon directory for this card",
    });
  });

  it("is unavailable without /sys/class/drm or without AMD cards", async () => {
    const empty = writeTree({ "class/drm/card0/device/vendor": "0x10de\n" });
    expect(await amdgpuSysfsBackend({ sysfsRoot: empty }).probe()).toMatchObject({
      available: false,
      reason: `no AMD GPU under ${empty}/class/drm`,
    });
    const missing = writeTree({});
    expect(await amdgpuSysfsBackend({ sysfsRoot: missing }).probe()).toMatchObject({
      available: false,
      reason: `cannot list ${missing}/class/drm: not present`,
    });
  });
});
