import type { ProvDocument } from "@prov4ml/core";
import {
  type Element,
  elementsOf,
  epochSecondsToIso,
  first,
  firstString,
  plainAttributes,
} from "./document-index.ts";
import { MetricFileError } from "./metric-file.ts";
import { parsePythonList } from "./python-list.ts";
import { setOwn } from "./set-own.ts";
import type { MetricPoints, MetricSeriesView, PlainValue, RunView } from "./types.ts";

const P = "prov-ml:";
const NOT_ARTIFACT_TYPES = new Set([
  "Metric",
  "Parameter",
  "LearningStage",
  "Experiment",
  "SourceCode",
  "RunStatistics",
  "Dataset",
  "ModelVersion",
]);

const typesOf = (e: Element) =>
  new Set((e.attributes.get(`${P}type`) ?? []).map((v) => (typeof v === "object" ? v.$ : String(v))));

/**
 * Reads a yProv4ML v1 ("inline") document: `prov-ml:type`d entities, params as `Parameter`
 * entities, metric series inline as stringified Python lists.
 */
export function yprov4mlV1RunView(doc: ProvDocument, repairs: string[]): RunView {
  const entities = elementsOf(doc, "entity");
  const notes = [...repairs];
  const run =
    entities.find((e) => typesOf(e).has("Experiment")) ??
    entities.find((e) => typesOf(e).has("LearningStage"));

  const params: Record<string, PlainValue> = {};
  for (const entity of entities.filter((e) => typesOf(e).has("Parameter"))) {
    const value = first(entity, `${P}parameter_value`);
    if (value !== undefined) setOwn(params, entity.id, value);
  }
  const metrics = entities.filter((e) => typesOf(e).has("Metric")).map((e) => inlineMetric(e, notes));
  const truncatedCount = metrics.filter((m) => m.truncated).length;
  if (truncatedCount > 0) {
    notes.push(
      `${truncatedCount} inline metric series were cut by numpy ("..."): only their first and last points survive`,
    );
  }

  const endTime = epochSecondsToIso(params.execution_end_time);
  return {
    generation: "yprov4ml-v1",
    experimentName: run ? firstString(run, `${P}experiment_name`) : undefined,
    // v1 documents name the experiment, not the run; the run is only its number.
    runName: undefined,
    runId: run ? firstString(run, `${P}run_id`) : undefined,
    status: endTime ? "FINISHED" : "UNKNOWN",
    startTime: epochSecondsToIso(params.execution_start_time),
    endTime,
    params,
    metrics,
    ...inputsAndOutputs(entities),
    attributes: run ? plainAttributes(run, new Set([`${P}type`])) : {},
    repairs: notes,
  };
}

/** One metric entity with its series inline; what cannot be read is noted. */
function inlineMetric(entity: Element, notes: string[]): MetricSeriesView {
  const name = firstString(entity, `${P}name`) ?? entity.id;
  const values = parseList(entity, "metric_value_list");
  const steps = parseList(entity, "metric_epoch_list");
  const timestamps = parseList(entity, "metric_timestamp_list");
  if (!values) {
    notes.push(
      `metric ${JSON.stringify(name)}: no readable prov-ml:metric_value_list; its points are unknown`,
    );
  } else if (values.nonNumeric > 0) {
    notes.push(`metric ${JSON.stringify(name)}: ${values.nonNumeric} values are not numbers; read as NaN`);
  }
  const truncated = Boolean(values?.truncated || steps?.truncated || timestamps?.truncated);
  const points = values?.values ?? [];
  const finite = points.filter((v) => !Number.isNaN(v));
  const points3: MetricPoints = {
    values: Float64Array.from(points),
    steps: column(steps?.values, points.length),
    timestamps: column(timestamps?.values, points.length),
  };
  return {
    name,
    context: firstString(entity, `${P}context`) ?? "",
    source: firstString(entity, `${P}source`) ?? "",
    count: values && !truncated ? points.length : undefined,
    first: points[0],
    last: points.length > 0 ? points[points.length - 1] : undefined,
    min: truncated || finite.length === 0 ? undefined : finite.reduce((a, b) => Math.min(a, b)),
    max: truncated || finite.length === 0 ? undefined : finite.reduce((a, b) => Math.max(a, b)),
    file: firstString(entity, `${P}artifact_uri`),
    truncated,
    load: async () => {
      if (!values) throw new MetricFileError(`metric ${JSON.stringify(name)} has no readable inline values.`);
      return points3;
    },
  };
}

/** Artifacts, models and datasets of a v1 document. */
function inputsAndOutputs(entities: Element[]): Pick<RunView, "artifacts" | "models" | "datasets"> {
  const artifacts = entities
    .filter(
      (e) => e.attributes.has(`${P}artifact_path`) && ![...typesOf(e)].some((t) => NOT_ARTIFACT_TYPES.has(t)),
    )
    .map((entity) => ({ id: entity.id, name: entity.id, path: firstString(entity, `${P}artifact_path`) }));
  const models = entities
    .filter((e) => typesOf(e).has("ModelVersion"))
    .map((entity) => ({
      id: entity.id,
      name: entity.id,
      path: firstString(entity, `${P}artifact_uri`) ?? firstString(entity, `${P}artifact_path`),
      attributes: plainAttributes(entity, new Set([`${P}type`])),
    }));
  const datasets = entities
    .filter((e) => typesOf(e).has("Dataset"))
    .map((entity) => {
      const stats: Record<string, PlainValue> = {};
      for (const [key, value] of Object.entries(plainAttributes(entity, new Set([`${P}type`])))) {
        stats[key.startsWith(P) ? key.slice(P.length) : key] = Array.isArray(value) ? String(value) : value;
      }
      return { id: entity.id, name: entity.id, stats };
    });
  return { artifacts, models, datasets };
}

function parseList(entity: Element, key: string) {
  const raw = first(entity, `${P}${key}`);
  return raw === undefined ? undefined : parsePythonList(String(raw));
}

/** A companion column (steps, timestamps) padded with NaN or cut to the values' length. */
function column(values: number[] | undefined, length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  if (values) out.set(values.slice(0, length));
  return out;
}
