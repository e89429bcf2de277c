import { startMillisecondClock, startSharedMemoryClock } from "./metrics/millisecond-clock.ts";
import { builtinModelInspectors } from "./model-inspectors/index.ts";
import { createConsoleLogger, type Logger } from "./plugins/logger.ts";
import type { PluginOption } from "./plugins/plugin.ts";
import { createRegistry, type PluginRegistry } from "./registry.ts";
import { environmentAttributes } from "./run/environment.ts";
import { closeOnExit, forgetOnExit } from "./run/exit-hooks.ts";
import type { StartRunOptions } from "./run/options.ts";
import { Run } from "./run/run.ts";
import { DEFAULT_FLUSH_INTERVAL_MS, newRunInfo, openRunSessions } from "./run/run-start.ts";

export interface Prov4mlOptions {
  /** Backends, collectors, exporters, model and dataset inspectors; falsy entries are ignored, arrays flattened. */
  plugins?: readonly PluginOption[];
  /** Where warnings go; default stderr. */
  logger?: Logger;
}

/** A prov4ml instance: its plugins, and the runs started from it. Several runs may be open at once. */
export interface Prov4ml {
  readonly plugins: PluginRegistry;
  startRun(options: StartRunOptions): Promise<Run>;
  /** Ends every open run (KILLED) and shuts the plugins down. */
  shutdown(): Promise<void>;
}

/**
 * Creates an instance with explicit plugins — the composition root. No global state: the
 * `prov4ml` package's module-level functions are a thin facade over one such instance.
 */
export function createProv4ml(options: Prov4mlOptions = {}): Prov4ml {
  const plugins = createRegistry(options.plugins ?? []);
  const logger = options.logger ?? createConsoleLogger();
  const openRuns = new Set<Run>();
  const inspectors = [...plugins.inspectors, ...builtinModelInspectors()];

  async function startRun(runOptions: StartRunOptions): Promise<Run> {
    const info = await newRunInfo(runOptions, logger);
    const { collectors, backends } = await openRunSessions(plugins, info, logger);
    const wantsExitHooks = runOptions.closeOnExit ?? true;
    const run = new Run({
      info,
      backends,
      collectors,
      exporters: plugins.exporters,
      inspectors,
      datasetInspectors: plugins.datasetInspectors,
      environment: environmentAttributes(),
      flushIntervalMs: info.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS,
      checkpointIntervalMs: runOptions.checkpointIntervalMs ?? 5000,
      logSourceCode: runOptions.logSourceCode ?? true,
      samplers: {
        system: runOptions.systemMetrics,
        carbon: runOptions.carbonMetrics,
        ...runOptions.samplers,
      },
      clock: runOptions.clock === "shared" ? startSharedMemoryClock() : startMillisecondClock(),
      onEnded: () => {
        openRuns.delete(run);
        if (wantsExitHooks) forgetOnExit(run);
      },
    });
    openRuns.add(run);
    if (wantsExitHooks) closeOnExit(run);
    // A first provisional document, so that even a run killed at once leaves a readable directory.
    await run.checkpoint();
    return run;
  }

  async function shutdown(): Promise<void> {
    await Promise.allSettled([...openRuns].map((run) => run.endRun({ status: "KILLED" })));
    await Promise.allSettled(plugins.backends.map((backend) => backend.shutdown?.()));
  }

  return { plugins, startRun, shutdown };
}
