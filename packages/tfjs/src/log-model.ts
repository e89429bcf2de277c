import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArtifactEvent, Context, type ModelEvent } from "@prov4ml/core";
import { NotALayersModelError } from "./errors.ts";
import { describeLayersModel, type LayersDescription } from "./layers-description.ts";
import { type RunTarget, resolveRun } from "./run-target.ts";
import { directorySaveHandler, MODEL_JSON, WEIGHTS_BIN } from "./save-handler.ts";
import { isLayersModel } from "./tfjs-types.ts";

export interface LogTfjsModelOptions {
  /** The run to log to; default the `prov4ml` facade's current run. */
  run?: RunTarget;
  /** Context the model belongs to (default TRAINING). */
  context?: string;
}

export interface LoggedTfjsModel {
  /** The model record (its artifact is the saved directory). */
  readonly model: ModelEvent;
  /** `model.json` and `weights.bin` inside the run, each with size and SHA-256. */
  readonly files: readonly ArtifactEvent[];
  /** `<name>_layers_description.json` inside the run. */
  readonly layersDescription: ArtifactEvent;
  readonly description: LayersDescription;
}

/**
 * Saves a LayersModel into the run (`artifacts_GR<rank>/<name>/tfjs_model/model.json` +
 * `weights.bin`, readable by `tf.loadLayersModel`), logs it as the run's model and records its
 * layers: a `<name>_layers_description.json` artifact and summary params
 * (`<name>_total_params`, `_trainable_params`, `_non_trainable_params`, `_memory_of_model`,
 * `_total_memory_load_of_model` in MB as yProv4ML writes them). `model.json` and `weights.bin`
 * are also recorded one by one, with their sizes and SHA-256s, as parts of the model: with the
 * MLflow backend the files are uploaded once — to the LoggedModel's artifacts (MLflow 3), else
 * as run artifacts under `<name>/tfjs_model/`. A non-LayersModel throws `NotALayersModelError`
 * before anything is logged.
 */
export async function logTfjsModel(
  model: unknown,
  name: string,
  options: LogTfjsModelOptions = {},
): Promise<LoggedTfjsModel> {
  if (!isLayersModel(model)) throw new NotALayersModelError("logTfjsModel", model);
  const run = await resolveRun(options.run, "logTfjsModel");
  const context = options.context ?? Context.TRAINING;
  const description = describeLayersModel(model);
  const scratch = await mkdtemp(join(tmpdir(), "prov4ml-tfjs-"));
  try {
    const modelDir = join(scratch, "tfjs_model");
    await mkdir(modelDir);
    await model.save(directorySaveHandler(modelDir)); // fails before anything is logged
    const descriptionName = `${name}_layers_description.json`;
    const descriptionPath = join(scratch, descriptionName);
    await writeFile(descriptionPath, `${JSON.stringify(description, null, 2)}\n`);
    const modelEvent = await run.logModel(model, name, { context, file: modelDir });
    const storedDir = modelEvent.artifact?.storedPath ?? modelDir;
    // Each file once more for its own size and SHA-256 in the PROV document — referenced where the
    // model's copy lies and marked as the model's, so no backend stores the bytes a second time.
    const files = await Promise.all(
      [MODEL_JSON, WEIGHTS_BIN].map((file) =>
        run.logArtifact(join(storedDir, file), {
          name: `${name}/${file}`,
          copy: false,
          context,
          model: name,
        }),
      ),
    );
    const layersDescription = await run.logArtifact(descriptionPath, { name: descriptionName, context });
    run.logParams(
      {
        [`${name}_total_params`]: description.totalParams,
        [`${name}_trainable_params`]: description.trainableParams,
        [`${name}_non_trainable_params`]: description.nonTrainableParams,
        [`${name}_memory_of_model`]: description.weightBytes / 1e6,
        [`${name}_total_memory_load_of_model`]: description.trainingMemoryBytes / 1e6,
        [`${name}_layers_description_path`]: layersDescription.name,
      },
      context,
    );
    return { model: modelEvent, files, layersDescription, description };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
