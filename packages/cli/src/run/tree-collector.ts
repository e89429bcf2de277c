/**
 * A `system` collector over the wrapped command's process tree (not the machine): CPU in % of
 * one core, resident memory, and the number of processes, at every `--interval`.
 */
import type { CollectorPlugin, CollectorSample } from "@prov4ml/core";
import type { ProcessTree } from "./process-tree.ts";

export const TREE_COLLECTOR_NAME = "@prov4ml/cli/process-tree";

export function processTreeCollector(options: { tree: ProcessTree }): CollectorPlugin {
  return {
    kind: "collector",
    name: TREE_COLLECTOR_NAME,
    specVersion: 1,
    group: "system",
    capabilities: { mode: "poll", platforms: ["linux"] },
    async openRun() {
      return {
        async sample(): Promise<CollectorSample> {
          if (process.platform !== "linux")
            return { metrics: [], unavailable: [{ source: "process_tree", reason: "needs Linux /proc" }] };
          const reading = options.tree.read();
          return {
            metrics: [
              { name: "process_cpu_usage", value: reading.cpuPercent, unit: "%" },
              { name: "process_memory_rss_megabytes", value: reading.rssBytes / 2 ** 20, unit: "MiB" },
              { name: "process_count", value: reading.processes },
            ],
          };
        },
      };
    },
  };
}
