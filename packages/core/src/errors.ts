/**
 * Every error prov4ml throws on purpose is a `Prov4mlError` with a stable `code`, and its message
 * says what to do. Catch the class (or check `code`) rather than matching message text.
 */
export class Prov4mlError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A logging call was made with no run started (or after it ended). */
export class NoActiveRunError extends Prov4mlError {
  constructor(operation: string) {
    super("NO_ACTIVE_RUN", `${operation}: no run is active. Call startRun(...) first.`);
  }
}

/** The module-level facade holds one run at a time. */
export class RunAlreadyActiveError extends Prov4mlError {
  constructor(runName: string) {
    super(
      "RUN_ALREADY_ACTIVE",
      `a run ("${runName}") is already active: call endRun() first, or use createProv4ml() for several runs at once.`,
    );
  }
}

/** `endRun` (or a logging call) on a run that has already ended. */
export class RunEndedError extends Prov4mlError {
  constructor(runName: string, operation: string) {
    super("RUN_ENDED", `${operation}: run "${runName}" has already ended. Start a new run to log more.`);
  }
}

/** An empty, too long or otherwise unusable name for a param, metric, context, artifact or model. */
export class InvalidNameError extends Prov4mlError {
  constructor(what: string, name: unknown, reason: string) {
    super("INVALID_NAME", `invalid ${what} name ${JSON.stringify(String(name)).slice(0, 120)}: ${reason}`);
  }
}

/** An argument of the wrong type or outside its range. */
export class InvalidArgumentError extends Prov4mlError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
  }
}

/** A param re-logged with a different value (params are immutable, as in MLflow). */
export class ParamConflictError extends Prov4mlError {
  constructor(key: string, previous: string, next: string) {
    super(
      "PARAM_CONFLICT",
      `param "${key}" was already logged as ${JSON.stringify(previous).slice(0, 200)}; it cannot change to ${JSON.stringify(next).slice(0, 200)}. Log the new value under another key.`,
    );
  }
}

/** An artifact destination that would land outside the run directory. */
export class ArtifactPathError extends Prov4mlError {
  constructor(path: string, reason: string) {
    super("ARTIFACT_PATH", `artifact path ${JSON.stringify(path).slice(0, 200)} is not allowed: ${reason}`);
  }
}

/** A file or directory given to logArtifact (or a model file) that cannot be read. */
export class ArtifactNotFoundError extends Prov4mlError {
  constructor(path: string, cause?: unknown) {
    super(
      "ARTIFACT_NOT_FOUND",
      `cannot read artifact ${JSON.stringify(path)}: check that it exists and is readable.`,
      {
        cause,
      },
    );
  }
}

/** A metric value that is not a number. */
export class InvalidMetricValueError extends Prov4mlError {
  constructor(name: string, value: unknown) {
    super(
      "INVALID_METRIC_VALUE",
      `metric "${name}" needs a number (NaN and ±Infinity are accepted); got ${typeof value === "bigint" ? "a bigint" : (JSON.stringify(value) ?? typeof value)}.`,
    );
  }
}

/** A plugin that is malformed, duplicated, or failed in a lifecycle step. */
export class PluginError extends Prov4mlError {
  constructor(pluginName: string, message: string, options?: { cause?: unknown }) {
    super("PLUGIN", `plugin "${pluginName}": ${message}`, options);
  }
}

/** A structural mistake while building a PROV document. */
export class ProvModelError extends Prov4mlError {
  constructor(message: string) {
    super("PROV_MODEL", message);
  }
}

/** Writing the run's files failed (disk full, permission denied); names the directory. */
export class StorageError extends Prov4mlError {
  /**
   * @param consequence What happens to the data meanwhile, said after the remedy; the default
   *   is the metric writers' policy (a bounded backlog, written once space returns).
   */
  constructor(
    directory: string,
    operation: string,
    cause?: unknown,
    consequence = "logging goes on; what could not be written waits in memory (bounded; beyond that it is dropped and counted) and is written once space returns",
  ) {
    const reason =
      cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.message}` : "";
    super(
      "STORAGE",
      `${operation} in ${JSON.stringify(directory)} failed${reason}. Free space or fix permissions there${consequence ? `; ${consequence}` : ""}.`,
      { cause },
    );
  }
}

/** A provenance directory on a kernel file system (`/proc`, `/sys`, `/dev`), or one that does not answer. */
export class UnusableDirectoryError extends Prov4mlError {
  constructor(directory: string, reason: string) {
    super(
      "UNUSABLE_DIRECTORY",
      `cannot keep runs in ${JSON.stringify(directory)}: ${reason}. Choose another provenanceSaveDir (a directory on a disk).`,
    );
  }
}

/** `logSystemMetrics`/`logCarbonMetrics` (or a sampler) with no collector of that group registered. */
export class NoCollectorError extends Prov4mlError {
  constructor(group: string) {
    const pkg =
      group === "system"
        ? "@prov4ml/collector-system"
        : group === "carbon"
          ? "@prov4ml/collector-carbon"
          : "";
    super(
      "NO_COLLECTOR",
      `no "${group}" collector is registered${pkg ? `: install ${pkg} and add it to plugins` : ""} (the prov4ml facade adds the defaults).`,
    );
  }
}

/**
 * `logDataset` got an object that no registered dataset inspector recognises and that is neither an
 * array-like nor a `{ stats, source, digest }` description: recording it would record nothing.
 */
export class UnrecognizedDatasetError extends Prov4mlError {
  constructor(label: string, what: string) {
    super(
      "UNRECOGNIZED_DATASET",
      `logDataset("${label.slice(0, 120)}"): ${what} is not a dataset prov4ml can describe. Pass an array-like, a { stats, source, digest } description, or register a dataset-inspector plugin that knows it (for a tf.data.Dataset: tfjsDatasetInspector() from @prov4ml/tfjs).`,
    );
  }
}
