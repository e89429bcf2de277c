import { statfs } from "node:fs/promises";
import { SYSTEM_METRIC_NAMES } from "@prov4ml/core";
import type { MetricSource } from "./source.ts";
import { reasonOf } from "./source.ts";

/**
 * `disk_usage` in % (0–100) of the filesystem holding `path`: used / (used + available to
 * unprivileged users), psutil's `disk_usage().percent` and what `df` shows. One `statfs`, no spawn.
 */
export function openDiskSource(path: string): MetricSource {
  return {
    async read() {
      try {
        const s = await statfs(path);
        const used = (s.blocks - s.bfree) * s.bsize;
        const available = s.bavail * s.bsize;
        if (used + available <= 0) {
          return {
            metrics: [],
            unavailable: [
              { source: SYSTEM_METRIC_NAMES.diskUsage, reason: `statfs(${path}) reports no blocks` },
            ],
          };
        }
        return {
          metrics: [
            { name: SYSTEM_METRIC_NAMES.diskUsage, value: (used / (used + available)) * 100, unit: "%" },
          ],
        };
      } catch (error) {
        return {
          metrics: [],
          unavailable: [
            { source: SYSTEM_METRIC_NAMES.diskUsage, reason: `statfs(${path}): ${reasonOf(error)}` },
          ],
        };
      }
    },
    describe: () => ({ "prov4ml:system_disk_path": path }),
  };
}
