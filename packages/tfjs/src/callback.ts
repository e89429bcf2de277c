import { performance } from "node:perf_hooks";
import { Context, InvalidArgumentError, type Run } from "@prov4ml/core";
import { Callback } from "@tensorflow/tfjs-layers";
import { type RunTarget, resolveRun } from "./run-target.ts";
import type { TfjsLayersModel } from "./tfjs-types.ts";
import { trainingParams } from "./training-params.ts";

export interface Prov4mlCallbackOptions {
  /** The run to log to; default the `prov4ml` facade's current run at `onTrainBegin`. */
  run?: RunTarget;
  /** Log the training params on train begin (default true). */
  logParams?: boolean;
  /** Params tfjs does not tell callbacks, e.g. `{ validation_split: 0.2 }`. */
  params?: Record<string, string | number | boolean>;
  /** Take a system sample (memory, CPU, disk, GPU) at each epoch end. */
  systemMetrics?: boolean;
  /** Take a carbon reading (energy, emissions) at each epoch end. */
  carbonMetrics?: boolean;
  /** Also log the batch `logs` every N batches (as `batch_<key>`, step = global batch index). */
  batchEvery?: number;
}

type Logs = Record<string, number | { dataSync(): ArrayLike<number> }> | undefined;

/** Metric name and context of one `logs` key: `val_loss` is `loss` in VALIDATION. */
export function metricTarget(key: string): { name: string; context: string } {
  return key.startsWith("val_")
    ? { name: key.slice(4), context: Context.VALIDATION }
    : { name: key, context: Context.TRAINING };
}

function numberOf(value: number | { dataSync(): ArrayLike<number> }): number {
  return typeof value === "number" ? value : Number(value.dataSync()[0]);
}

/** One settled promise for the per-batch hook to return: no new promise per batch. */
const DONE: Promise<void> = Promise.resolve();

/**
 * A `model.fit` / `model.fitDataset` callback (a real `tf.Callback`, so tfjs hands it the model
 * and the fit params) that logs, to the facade's run or `options.run`: on train begin the params
 * (optimizer, learning rate, loss, metrics, epochs, batch size, layer count, …); each epoch every
 * `logs` entry (`val_*` into VALIDATION, the rest into TRAINING, step = epoch), `epoch_time`
 * (seconds) and, when asked, a system and a carbon sample; and every `batchEvery` batches the
 * batch logs. Pass it first (or alone) in `callbacks`: tfjs re-wraps arrays that start with a
 * plain config object.
 *
 * ```ts
 * await model.fit(xs, ys, { epochs: 10, validationSplit: 0.2, callbacks: [prov4mlCallback()] });
 * ```
 */
export function prov4mlCallback(options: Prov4mlCallbackOptions = {}): Prov4mlCallback {
  const batchEvery = options.batchEvery;
  if (batchEvery !== undefined && !(Number.isInteger(batchEvery) && batchEvery >= 1)) {
    throw new InvalidArgumentError("prov4mlCallback: batchEvery must be a whole number of batches >= 1");
  }
  return new Prov4mlCallback(options);
}

/** The callback class behind `prov4mlCallback`; one instance can serve several `fit` calls. */
export class Prov4mlCallback extends Callback {
  private run: Run | undefined;
  private paramsLogged = false;
  private epochStart = 0;
  private globalBatch = 0;
  private samples: Promise<void> = Promise.resolve();
  private sampleError: unknown;
  /** `batch_<key>` per logs key, built once: the per-batch path allocates no strings. */
  private readonly batchNames = new Map<string, string>();

  constructor(private readonly options: Prov4mlCallbackOptions) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const run = await resolveRun(this.options.run, "prov4mlCallback");
    this.run = run;
    if (this.options.logParams !== false && !this.paramsLogged) {
      const model = this.model as unknown as TfjsLayersModel | undefined;
      run.logParams({ ...trainingParams(model, this.params), ...this.options.params });
      this.paramsLogged = true;
    }
  }

  override async onEpochBegin(): Promise<void> {
    this.epochStart = performance.now();
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    const seconds = (performance.now() - this.epochStart) / 1000;
    for (const [key, value] of Object.entries(logs ?? {})) {
      const { name, context } = metricTarget(key);
      run.logMetric(name, numberOf(value), context, { step: epoch });
    }
    run.logMetric("epoch_time", seconds, Context.TRAINING, { step: epoch });
    if (this.options.systemMetrics)
      this.sample(() => run.logSystemMetrics(Context.TRAINING, { step: epoch }));
    if (this.options.carbonMetrics)
      this.sample(() => run.logCarbonMetrics(Context.TRAINING, { step: epoch }));
  }

  /** Nothing to do per batch begin; overridden so tfjs does not await a fresh promise each batch. */
  override onBatchBegin(): Promise<void> {
    return DONE;
  }

  /**
   * The hot path (once per batch): synchronous, no allocation once the names are known — a plain
   * method returning a settled promise rather than an `async` one, the step passed as a number
   * (`logMetric`'s fast path), `for…in` rather than `Object.entries`.
   */
  override onBatchEnd(_batch: number, logs?: Logs): Promise<void> {
    const index = this.globalBatch++;
    const every = this.options.batchEvery;
    const run = this.run;
    if (run === undefined || every === undefined || logs === undefined || index % every !== 0) return DONE;
    for (const key in logs) {
      if (key === "batch" || key === "size") continue;
      const value = logs[key];
      if (value !== undefined) run.logMetric(this.batchName(key), numberOf(value), Context.TRAINING, index);
    }
    return DONE;
  }

  private batchName(key: string): string {
    let name = this.batchNames.get(key);
    if (name === undefined) {
      name = `batch_${key}`;
      this.batchNames.set(key, name);
    }
    return name;
  }

  override async onTrainEnd(): Promise<void> {
    await this.samples;
    const error = this.sampleError;
    this.sampleError = undefined;
    if (error !== undefined) throw error;
  }

  /**
   * Samples run beside training but one after another: overlapping samples would append their
   * points in the order they finish (epoch 1 before epoch 0 on a busy machine). onTrainEnd waits
   * for them and rethrows the first failure.
   */
  private sample(take: () => Promise<void>): void {
    this.samples = this.samples.then(take).catch((error: unknown) => {
      this.sampleError ??= error;
    });
  }
}
