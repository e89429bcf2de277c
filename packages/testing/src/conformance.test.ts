import { describeBackendConformance } from "./conformance.ts";
import { inMemoryBackend } from "./in-memory-backend.ts";

// The in-memory backend is the reference implementation: it must pass its own suite.
describeBackendConformance("in-memory", {
  create: () => inMemoryBackend(),
  async readBack(plugin, info) {
    const recorded = (plugin as ReturnType<typeof inMemoryBackend>).runs.get(info.runName)!;
    const metrics = new Map<string, { steps: number[]; values: number[] }>();
    for (const series of recorded.series.values()) {
      metrics.set(`${series.context}/${series.name}/${series.source}`, {
        steps: series.steps,
        values: series.values,
      });
    }
    const params: Record<string, string> = {};
    for (const event of recorded.events) if (event.type === "param") params[event.key] = event.value;
    return { metrics, params };
  },
});
