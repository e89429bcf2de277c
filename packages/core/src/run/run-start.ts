import { randomUUID } from "node:crypto";
import { rmdir } from "node:fs/promises";
import { InvalidArgumentError, PluginError, Prov4mlError } from "../errors.ts";
import type { Logger } from "../plugins/logger.ts";
import type { RunInfo } from "../plugins/run-info.ts";
import { toNamespaceIri } from "../prov/namespaces.ts";
import type { PluginRegistry } from "../registry.ts";
import { runNameOf } from "../run-directory/layout.ts";
import type { OpenedBackend } from "./backend-delivery.ts";
import type { AttachedCollector } from "./collector-sampling.ts";
import { currentUser } from "./environment.ts";
import { checkExperimentName, checkName } from "./names.ts";
import type { StartRunOptions } from "./options.ts";
import { detectRank } from "./ranks.ts";
import { allocateRunDirectory } from "./run-directory.ts";

/** The default namespace when the user gives none (yProv4ML's default host, as an IRI). */
export const DEFAULT_USER_NAMESPACE = "http://www.example.org/";
/** How often a run hands its points to the backends unless `flushIntervalMs` says otherwise. */
export const DEFAULT_FLUSH_INTERVAL_MS = 1000;

/**
 * A new run's identity from `startRun`'s options, each checked (a typed error says what to give),
 * with its run directory allocated.
 */
export async function newRunInfo(runOptions: StartRunOptions, logger: Logger): Promise<RunInfo> {
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
  const flushIntervalMs = runOptions.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
  if (!(Number.isFinite(flushIntervalMs) && flushIntervalMs >= 10)) {
    throw new InvalidArgumentError("flushIntervalMs must be a number of milliseconds >= 10");
  }
  const checkpoint = runOptions.checkpointIntervalMs;
  if (checkpoint !== undefined && !(Number.isFinite(checkpoint) && checkpoint >= 0)) {
    // NaN or a negative interval would write a full checkpoint at every flush
    throw new InvalidArgumentError("checkpointIntervalMs must be a number of milliseconds >= 0");
  }
  const userNamespace = toNamespaceIri(runOptions.provUserNamespace ?? DEFAULT_USER_NAMESPACE);
  const { runDir, runNumber } = await allocateRunDirectory(
    runOptions.provenanceSaveDir ?? "prov",
    experimentName,
    requestedNumber,
  );
  return {
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
}

/** Collector and backend sessions opened for a run, in registration order. */
export interface RunSessions {
  collectors: AttachedCollector[];
  backends: OpenedBackend[];
}

/**
 * Opens every plugin's session for a run. Collectors first: a misconfigured one (an unknown
 * country code) fails the start before any backend has opened a session, and the empty run
 * directory is removed; one that merely cannot read its sources is left out with a warning.
 */
export async function openRunSessions(
  plugins: PluginRegistry,
  info: RunInfo,
  logger: Logger,
): Promise<RunSessions> {
  const collectors: AttachedCollector[] = [];
  for (const collector of plugins.collectors) {
    try {
      collectors.push({ plugin: collector, session: await collector.openRun(info) });
    } catch (error) {
      if (error instanceof Prov4mlError) {
        await rmdir(info.runDir).catch(() => undefined);
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
  return { collectors, backends };
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
