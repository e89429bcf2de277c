import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { type ArtifactEvent, Context, type Run } from "@prov4ml/core";
import { NotAnInferenceSessionError, OnnxModelPathRequiredError } from "./errors.ts";
import { type OnnxModelSummary, readOnnxModel } from "./onnx-model.ts";
import { type RunTarget, resolveRun } from "./run-target.ts";
import { describeValues, isSessionLike, type OrtSessionLike, type OrtTensorLike } from "./session-types.ts";

export interface TrackSessionOptions {
  /** The `.onnx` file the session was created from (required: a session does not expose it). */
  modelPath: string;
  /** Name of the model in the run (default the file's base name without `.onnx`). */
  name?: string;
  run?: RunTarget;
  /** Context of the inference steps (default TESTING). */
  context?: string;
  /** The execution providers the session was created with (default `["cpu"]`). */
  executionProviders?: readonly string[];
}

/** One `run()` call as recorded. Shapes are the tensors' own `dims` arrays, never their data. */
export interface InferenceStep {
  readonly step: number;
  readonly latencyMs: number;
  readonly batchSize: number;
  readonly inputShapes: Record<string, readonly number[]>;
  readonly outputShapes: Record<string, readonly number[]>;
}

/** A session whose `run()` calls are recorded; pass everything through to the real session. */
export interface TrackedSession<S extends OrtSessionLike = OrtSessionLike> {
  readonly session: S;
  readonly model: ArtifactEvent;
  readonly summary: OnnxModelSummary;
  readonly steps: readonly InferenceStep[];
  /** Same arguments and result as `session.run`; the result is the session's own object. */
  run: S["run"];
  /** Logs the steps as `<name>_inference_steps.jsonl` (await it before `endRun`). */
  finish(): Promise<ArtifactEvent>;
}

function shapes(tensors: Record<string, OrtTensorLike>): Record<string, readonly number[]> {
  const out: Record<string, readonly number[]> = {};
  for (const key in tensors) out[key] = (tensors[key] as OrtTensorLike).dims;
  return out;
}

/**
 * Records an onnxruntime session's provenance: the model file as an **input** of the context
 * (`used`, with size and SHA-256), its opset, producer, IR version, parameter count, input and
 * output names/types/shapes and the execution providers as params; then each `run()` as a step
 * (`inference_latency_ms`, `batch_size`) with its input/output shapes. A missing `modelPath`,
 * a non-session or a corrupt file throws a typed error before anything is logged.
 */
export async function trackSession<S extends OrtSessionLike>(
  session: S,
  options: TrackSessionOptions,
): Promise<TrackedSession<S>> {
  if (!isSessionLike(session)) throw new NotAnInferenceSessionError();
  if (typeof options?.modelPath !== "string" || options.modelPath.length === 0) {
    throw new OnnxModelPathRequiredError();
  }
  const summary = await readOnnxModel(options.modelPath); // a corrupt file fails here, unlogged
  const run = await resolveRun(options.run, "trackSession");
  const name = options.name ?? basename(options.modelPath).replace(/\.onnx$/i, "");
  const context = options.context ?? Context.TESTING;
  // The model the context used: PROV `used` on the model entity and its file (referenced in
  // place, size and SHA-256); MLflow links it to the LoggedModel of that name when one exists.
  const modelEvent = await run.logModel(options.modelPath, name, { context, isInput: true });
  const model = modelEvent.artifact as ArtifactEvent; // always set: a file was given
  run.logParams(
    {
      [`${name}_format`]: "onnx",
      [`${name}_parameter_count`]: summary.parameterCount,
      [`${name}_ir_version`]: summary.irVersion ?? "unknown",
      [`${name}_opset`]: summary.opset ?? "unknown",
      [`${name}_producer`]: `${summary.producerName ?? "unknown"} ${summary.producerVersion ?? ""}`.trim(),
      [`${name}_inputs`]: describeValues(session.inputNames, session.inputMetadata),
      [`${name}_outputs`]: describeValues(session.outputNames, session.outputMetadata),
      [`${name}_execution_providers`]: (options.executionProviders ?? ["cpu"]).join(","),
    },
    context,
  );
  return makeTracked(session, run, { name, context, model, summary });
}

function makeTracked<S extends OrtSessionLike>(
  session: S,
  run: Run,
  meta: { name: string; context: string; model: ArtifactEvent; summary: OnnxModelSummary },
): TrackedSession<S> {
  const steps: InferenceStep[] = [];
  const firstInput = session.inputNames[0] ?? "";
  const trackedRun = async (feeds: Record<string, OrtTensorLike>, ...rest: unknown[]) => {
    const started = performance.now();
    const results = await session.run(feeds, ...rest);
    const latencyMs = performance.now() - started;
    const step = steps.length;
    const batchSize = feeds[firstInput]?.dims[0] ?? 0;
    steps.push({ step, latencyMs, batchSize, inputShapes: shapes(feeds), outputShapes: shapes(results) });
    run.logMetric("inference_latency_ms", latencyMs, meta.context, step);
    run.logMetric("batch_size", batchSize, meta.context, step);
    return results;
  };
  return {
    session,
    model: meta.model,
    summary: meta.summary,
    steps,
    run: trackedRun as S["run"],
    async finish() {
      const scratch = await mkdtemp(join(tmpdir(), "prov4ml-onnx-"));
      try {
        const file = join(scratch, `${meta.name}_inference_steps.jsonl`);
        await writeFile(file, steps.map((step) => `${JSON.stringify(step)}\n`).join(""));
        return await run.logArtifact(file, { context: meta.context });
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
