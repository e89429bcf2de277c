import { randomUUID } from "node:crypto";
import { rmdir } from "node:fs/promises";
import { InvalidArgumentError, PluginError, Prov4mlError } from "./errors.ts";
import { startMillisecondClock, startSharedMemoryClock } from "./metrics/millisecond-clock.ts";
import { builtinModelInspectors } from "./model-inspectors/index.ts";
import { createConsoleLogger, type Logger } from "./plugins/logger.ts";
import type { PluginOption } from "./plugins/plugin.ts";
import type { RunInfo } from "./plugins/run-info.ts";
import { toNamespaceIri } from "./prov/namespaces.ts";
import { createRegistry, type PluginRegistry } from "./registry.ts";
import type { OpenedBackend } from "./run/backend-delivery.ts";
import { currentUser, environmentAttributes } from "./run/environment.ts";
import { closeOnExit, forgetOnExit } from "./run/exit-hooks.ts";
import { checkExperimentName, checkName } from "./run/names.ts";
import type { StartRunOptions } from "./run/options.ts";
import { detectRank } from "./run/ranks.ts";
import { Run } from "./run/run.ts";
import { allocateRunDirectory } from "./run/run-directory.ts";
import { runNameOf } from "./run-directory/layout.ts";

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

/** The default namespace when the user gives none (yProv4ML's default host, as an IRI). */
export const DEFAULT_USER_NAMESPACE = "http://www.example.org/";

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
    if (typeof runOptions !== "object" || runOptions === null) {
      throw new InvalidArgumentError("startRun needs an options object with at least { experimentName }");
    }
    const experimentName = checkExperimentName(runOptions.experimentName);
    const detected = detectRank();
    const rank = checkNonNegativeInteger("rank", runOptions.rank) ?? detected.rank;
    const worldSize = checkNonNegativeInteger("worldSize", runOptions.worldSize) ?? detected.worldSize;
    const envRunNumber = process.env.PROV4ML_RUN_NUMBER;
    const requestedNumber =
      checkNonNegativeInteger("runNumber", runOptions.runNumber) ??
      (envRunNumber !== undefined && /^\d+$/.test(envRunNumber) ? Number(envRunNumber) : undefined);
    const flushIntervalMs = runOptions.flushIntervalMs ?? 1000;
    if (!(Number.isFinite(flushIntervalMs) && flushIntervalMs >= 10)) {
      throw new InvalidArgumentError("flushIntervalMs must be a number of milliseconds >= 10");
    }
    const userNamespace = toNamespaceIri(runOptions.provUserNamespace ?? DEFAULT_USER_NAMESPACE);
    const { runDir, runNumber } = await allocateRunDirectory(
      runOptions.provenanceSaveDir ?? "prov",
      experimentName,
      requestedNumber,
    );
    const info: RunInfo = {
      runId: randomUUID(),
      runName: runNameOf(experimentName, rank, runNumber),
      runNumber,
      experimentName,
      rank,
      worldSize,
      runDir,
      startTime: Date.now(),
      userNamespace,
      user: currentUser(),
      description: checkOptionalString("description", runOptions.description),
      tags: checkTags(runOptions.tags),
      flushIntervalMs,
      logger,
    };

    // Collectors first: a misconfigured one (an unknown country code) fails the start before any
    // backend has opened a session; one that merely cannot read its sources is left out with a warning.
    const collectors = [];
    for (const collector of plugins.collectors) {
      try {
        collectors.push({ plugin: collector, session: await collector.openRun(info) });
      } catch (error) {
        if (error instanceof Prov4mlError) {
          await rmdir(runDir).catch(() => undefined);
          throw error;
        }
        logger.warn(`collector ${collector.name} is unavailable for this run: ${(error as Error).message}`);
      }
    }
    const backends: OpenedBackend[] = [];
    for (const backend of plugins.backends) {
      try {
        const session = await backend.openRun(info);
        backends.push({ name: backend.name, session, takesMetrics: backend.capabilities?.metrics !== false });
      } catch (error) {
        throw new PluginError(backend.name, `could not open the run: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }

    const wantsExitHooks = runOptions.closeOnExit ?? true;
    const run = new Run({
      info,
      backends,
      collectors,
      exporters: plugins.exporters,
      inspectors,
      datasetInspectors: plugins.datasetInspectors,
      environment: environmentAttributes(),
      flushIntervalMs,
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

function checkNonNegativeInteger(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer; got ${String(value)}`);
  }
  return value;
}

function checkOptionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string")
    throw new InvalidArgumentError(`${name} must be a string; got ${typeof value}`);
  return value;
}

/** Tags must be a plain record of string values with valid names. */
function checkTags(tags: unknown): Record<string, string> {
  if (tags === undefined) return {};
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    throw new InvalidArgumentError('tags must be an object of strings, e.g. { team: "vision" }');
  }
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    checkName("tag", key);
    if (typeof value !== "string")
      throw new InvalidArgumentError(`tag "${key}" must have a string value; got ${typeof value}`);
    Object.defineProperty(checked, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return checked;
}
