import { existsSync, readFileSync, watch } from "node:fs";
import { join } from "node:path";
import { until } from "./until.ts";

/** How long the wrapper asks the tracking server whether it is there before it waits for a run id. */
const PROBE_TIMEOUT_MS = 5_000;

/** The run id to give the command (`MLFLOW_RUN_ID`), or why there is none. */
export type ChildRunId = { runId: string; why?: undefined } | { runId?: undefined; why: string };

/**
 * Waits (up to `waitMs`) for the MLflow backend to create the run and publish its id in
 * `<runDir>/mlflow_run_id` — but only when the server answers at all: a server that refuses the
 * connection or does not answer would otherwise hold the command back for the whole wait, while
 * the backend spools the run for `prov4ml sync` anyway.
 */
export async function mlflowRunIdForChild(
  trackingUri: string,
  runDir: string,
  waitMs: number,
): Promise<ChildRunId> {
  const problem = await unanswered(trackingUri);
  if (problem)
    return { why: `the MLflow server does not answer (${problem}); the run is spooled for \`prov4ml sync\`` };
  const runId = await waitForMlflowRunId(runDir, waitMs);
  return runId ? { runId } : { why: `no MLflow run id after ${waitMs} ms` };
}

/** Why nothing answers HTTP at the server (any status counts as an answer: auth may still be due); undefined if something does. */
async function unanswered(trackingUri: string): Promise<string | undefined> {
  let health: URL;
  try {
    health = new URL("health", trackingUri.endsWith("/") ? trackingUri : `${trackingUri}/`);
  } catch {
    return "MLFLOW_TRACKING_URI is not a URL";
  }
  health.username = ""; // fetch refuses URLs with credentials, and none are needed here
  health.password = "";
  try {
    const response = await fetch(health, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code) return cause.code;
    return (error as Error).name === "TimeoutError"
      ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s`
      : (error as Error).message;
  }
}

/** The MLflow backend publishes the run id it created in `<runDir>/mlflow_run_id`. */
async function waitForMlflowRunId(runDir: string, timeoutMs: number): Promise<string | undefined> {
  const file = join(runDir, "mlflow_run_id");
  const read = () => (existsSync(file) ? readFileSync(file, "utf8").trim() : "");
  await until(
    () => read() !== "",
    50,
    timeoutMs,
    () => watch(runDir),
  );
  return read() || undefined;
}
