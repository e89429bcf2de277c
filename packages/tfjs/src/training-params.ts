import type { TfjsLayersModel } from "./tfjs-types.ts";

type ParamValue = string | number | boolean;

/** tfjs's loss: a name, a list of names, or a function (recorded by its name). */
function lossName(loss: unknown): string | undefined {
  if (typeof loss === "string") return loss;
  if (typeof loss === "function") return loss.name || "custom";
  if (Array.isArray(loss)) return loss.map(lossName).join(",");
  if (typeof loss === "object" && loss !== null) return Object.values(loss).map(lossName).join(",");
  return undefined;
}

/**
 * The params a user would otherwise type, from the compiled model and the `params` tfjs gives
 * callbacks (`epochs`, `batchSize`, `samples`, `steps`, `doValidation`, `metrics`).
 */
export function trainingParams(
  model: TfjsLayersModel | undefined,
  params: Record<string, unknown> | undefined,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  if (model) {
    // fit() on a Sequential reports its inner model, whose layers start with the InputLayer.
    out.layer_count = model.layers.filter((layer) => layer.getClassName() !== "InputLayer").length;
    out.total_params = model.countParams();
    if (model.optimizer) {
      out.optimizer = model.optimizer.getClassName();
      const config = model.optimizer.getConfig?.() ?? {};
      if (typeof config.learningRate === "number") out.learning_rate = config.learningRate;
    }
    const loss = lossName(model.loss);
    if (loss) out.loss = loss;
  }
  const fit = params ?? {};
  if (typeof fit.epochs === "number") out.epochs = fit.epochs;
  if (typeof fit.batchSize === "number") out.batch_size = fit.batchSize;
  if (typeof fit.samples === "number") out.train_samples = fit.samples;
  if (typeof fit.steps === "number") out.steps_per_epoch = fit.steps;
  if (typeof fit.doValidation === "boolean") out.do_validation = fit.doValidation;
  if (Array.isArray(fit.metrics)) out.metrics = fit.metrics.join(",");
  return out;
}
