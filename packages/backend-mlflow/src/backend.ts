import type { BackendSession, MetricChunk, RunInfo } from "@prov4ml/core";
import { attachFileToRun, type MlflowBackendPlugin } from "./attach-file.ts";
import { MlflowClient } from "./client.ts";
import type { MlflowClientOptions } from "./client-options.ts";
import { resolveConnection } from "./connection.ts";
import { MlflowConfigError } from "./errors.ts";
import { LocalStoreSession } from "./local-store.ts";
import { metricKeyResolver } from "./metric-keys.ts";
import type { MlflowBackendOptions } from "./options.ts";
import { DEFAULT_RETRY_POLICY } from "./retry.ts";
import { handoffFileOf } from "./run-resolver.ts";
import { MlflowSession } from "./session.ts";
import { Spool, spoolDirName } from "./spool.ts";
import { uploadProgressLogger } from "./upload-progress.ts";

export const BACKEND_NAME = "@prov4ml/backend-mlflow";

/** Live retries are short: after them the queue goes to disk and a probe waits for the server. */
const LIVE_RETRY = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, baseDelayMs: 200, maxDelayMs: 2000 };

/**
 * The MLflow backend. With a tracking URI (option or `MLFLOW_TRACKING_URI`) it logs over REST;
 * without one but with `saveDir` (`mlflowSaveDir`) it writes a local MLflow file store.
 *
 * @example
 * ```ts
 * createProv4ml({ plugins: [mlflowBackend({ trackingUri: "http://127.0.0.1:5000" })] });
 * ```
 */
export function mlflowBackend(options: MlflowBackendOptions = {}): MlflowBackendPlugin {
  return {
    kind: "backend",
    name: BACKEND_NAME,
    specVersion: 1,
    capabilities: { metrics: true, artifacts: true, documents: true },
    async openRun(run: RunInfo): Promise<BackendSession> {
      return openMlflowSession(options, run);
    },
    attachFile(closeInfo, path, content, attachOptions = {}) {
      const client = () =>
        clientOf(
          { ...options, retry: { ...LIVE_RETRY, ...options.retry } },
          process.env,
          attachOptions.signal,
        );
      return attachFileToRun(closeInfo, path, content, client);
    },
  };
}

/** The client a backend with these options talks through (credentials from the options, else the environment). */
function clientOf(
  options: MlflowBackendOptions,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
  onUploadProgress?: MlflowClientOptions["onUploadProgress"],
): MlflowClient {
  return new MlflowClient({
    ...options,
    ...(signal ? { signal } : {}),
    ...(onUploadProgress ? { onUploadProgress } : {}),
    trackingUri: options.trackingUri ?? env.MLFLOW_TRACKING_URI,
    token: options.token ?? env.MLFLOW_TRACKING_TOKEN,
    username: options.username ?? env.MLFLOW_TRACKING_USERNAME,
    password: options.password ?? env.MLFLOW_TRACKING_PASSWORD,
  });
}

/** The session for one run (exported for tests and tools that drive a session directly). */
export function openMlflowSession(
  options: MlflowBackendOptions,
  run: RunInfo,
  env: NodeJS.ProcessEnv = process.env,
): MlflowSession | LocalStoreSession {
  const experimentName = options.experimentName ?? env.MLFLOW_EXPERIMENT_NAME ?? run.experimentName;
  const runForMlflow: RunInfo = experimentName === run.experimentName ? run : { ...run, experimentName };
  const keyOf = metricKeyResolver(runForMlflow, options.contextKeyFormat);
  const metricKey = (chunk: MetricChunk) => keyOf(chunk);
  const attachRunId = options.runId ?? env.PROV4ML_MLFLOW_RUN_ID ?? env.MLFLOW_RUN_ID ?? undefined;
  const connection = resolveConnection(options, env);
  if (!connection) {
    const saveDir = options.saveDir ?? env.PROV4ML_MLFLOW_SAVE_DIR;
    if (!saveDir) {
      throw new MlflowConfigError(
        "the MLflow backend needs a server or a local store: set MLFLOW_TRACKING_URI (or trackingUri), or mlflowSaveDir (saveDir).",
      );
    }
    return new LocalStoreSession({ saveDir, run: runForMlflow, metricKey, attachRunId });
  }
  const abort = new AbortController();
  const client = clientOf(options, env, abort.signal, uploadProgressLogger(run.logger));
  return new MlflowSession({
    client,
    run: runForMlflow,
    spool: new Spool(run.runDir, spoolDirName(run.rank)),
    metricKey,
    attachRunId,
    handoffFile: handoffFileOf(run.runDir),
    concurrency: options.concurrency ?? 4,
    maxQueuedPoints: options.maxQueuedPoints ?? 500_000,
    liveRetry: { ...LIVE_RETRY, ...options.retry },
    probeIntervalMs: options.probeIntervalMs ?? 1000,
    attachTimeoutMs: options.attachTimeoutMs ?? 300_000,
    drainTimeoutMs: options.drainTimeoutMs,
    abort,
    logger: run.logger,
  });
}
