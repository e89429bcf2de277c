/** The custom backend shown in the README, kept here so that it is compiled and tested. */
import type { BackendPlugin } from "@prov4ml/core";

/** Prints each metric's last value per batch and keeps the final PROV-JSON in memory. */
export function consoleBackend(log: (line: string) => void = console.log): BackendPlugin {
  return {
    kind: "backend",
    name: "console",
    specVersion: 1,
    capabilities: { metrics: true, artifacts: false, documents: true },
    async openRun(run) {
      return {
        write(batch) {
          // chunks are columnar views the run reuses after write returns: read or copy now
          for (const chunk of batch.metrics) {
            log(`${run.runName} ${chunk.context}/${chunk.name} = ${chunk.values[chunk.length - 1]}`);
          }
          for (const event of batch.events)
            if (event.type === "param") log(`param ${event.key}=${event.value}`);
        },
        async forceFlush() {},
        async close(outcome) {
          const json = outcome.files.find((file) => file.format === "prov-json");
          log(`${run.runName} ended ${outcome.status}; PROV-JSON ${json?.content.length ?? 0} bytes`);
          return undefined;
        },
      };
    },
  };
}
