import { basename, join, resolve } from "node:path";
import { Context } from "../context.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { ArtifactEvent, ModelEvent, RunEvent } from "../plugins/events.ts";
import type { ModelInfo, ModelInspectorPlugin } from "../plugins/model-inspector.ts";
import { artifactsDirName } from "../run-directory/layout.ts";
import { artifactDestination, copyAtomically, digestPath } from "./artifact-files.ts";
import type { ArtifactOptions, ModelOptions } from "./logging-options.ts";
import { checkName } from "./names.ts";
import type { RunState } from "./run-state.ts";

/** What recording artifacts and models needs from its run. */
export interface RecordingHost {
  readonly state: RunState;
  readonly inspectors: readonly ModelInspectorPlugin[];
  touchContext(name: string): void;
  pushEvent(event: RunEvent): void;
  track<T>(promise: Promise<T>): Promise<T>;
}

/** See `Run.logArtifact`. The name is checked synchronously, before anything is written. */
export function recordArtifact(
  host: RecordingHost,
  path: string,
  options: ArtifactOptions,
): Promise<ArtifactEvent> {
  if (typeof path !== "string" || path.length === 0) {
    throw new InvalidArgumentError("logArtifact needs the path of a file or directory");
  }
  const { info } = host.state;
  const name = options.name ?? basename(path);
  checkName("artifact", name);
  if (options.model !== undefined) checkName("model", options.model);
  // A file the run used is referenced where it lies: a copy would read as something it produced.
  const copy = options.copy ?? !options.isInput;
  const destination = copy
    ? artifactDestination(join(info.runDir, artifactsDirName(info.rank)), name)
    : undefined;
  if (options.context !== undefined) host.touchContext(options.context);
  const sourcePath = resolve(path);
  return host.track(
    (async () => {
      const digest = await digestPath(sourcePath);
      if (destination) await copyAtomically(sourcePath, destination);
      const event: ArtifactEvent = {
        type: "artifact",
        name: name.split("\\").join("/"),
        sourcePath,
        storedPath: destination,
        isDirectory: digest.isDirectory,
        size: digest.size,
        sha256: digest.sha256,
        context: options.context,
        isInput: options.isInput ?? false,
        isModel: options.isModel ?? options.model !== undefined,
        ...(options.model !== undefined ? { model: options.model } : {}),
        timestamp: Date.now(),
      };
      host.state.artifacts.set(event.name, event);
      host.pushEvent(event);
      return event;
    })(),
  );
}

/** See `Run.logModel`. `false` for options is the seed's positional `log_model_info = False`. */
export function recordModel(
  host: RecordingHost,
  model: unknown,
  name: string,
  options: ModelOptions | boolean,
): Promise<ModelEvent> {
  checkName("model", name);
  const resolved: ModelOptions = typeof options === "boolean" ? { logModelInfo: options } : options;
  const context = resolved.context ?? Context.TRAINING;
  const isInput = resolved.isInput ?? false;
  host.touchContext(context);
  const file = resolved.file ?? (typeof model === "string" ? model : undefined);
  // A model the run uses is referenced where it lies (recordArtifact's default for inputs).
  const artifactPromise = file
    ? recordArtifact(host, file, {
        name: `${name}/${basename(file)}`,
        context,
        isModel: true,
        model: name,
        isInput,
      })
    : Promise.resolve(undefined);
  return host.track(
    (async () => {
      const info = resolved.logModelInfo === false ? undefined : await inspectModel(host.inspectors, model);
      const artifact = await artifactPromise;
      const event: ModelEvent = {
        type: "model",
        name,
        context,
        info,
        artifact,
        isInput,
        timestamp: Date.now(),
      };
      host.state.models.set(name, event);
      host.pushEvent(event);
      return event;
    })(),
  );
}

/** What the first inspector that recognises the model says about it. */
async function inspectModel(
  inspectors: readonly ModelInspectorPlugin[],
  model: unknown,
): Promise<ModelInfo | undefined> {
  for (const inspector of inspectors) {
    const info = await inspector.inspect(model);
    if (info) return info;
  }
  return undefined;
}
