import { extname } from "node:path";
import type { ProvDocument } from "@prov4ml/core";
import {
  type Element,
  elementsOf,
  epochSecondsToIso,
  first,
  firstNumber,
  firstString,
  plainAttributes,
  recordElements,
} from "./document-index.ts";
import { MetricFileError } from "./metric-file.ts";
import { setOwn } from "./set-own.ts";
import type { ArtifactView, DatasetView, MetricSeriesView, ModelView, PlainValue, RunView } from "./types.ts";

const Y = "yProv4ML:";
const METRIC_EXTENSIONS = new Set([".nc", ".netcdf", ".zarr", ".txt", ".csv"]);
const MODEL_EXTENSIONS = new Set([".pt", ".pth", ".ckpt", ".onnx", ".safetensors", ".h5", ".keras"]);

/**
 * Reads a yProv4ML v2 ("context") document: context activities with `yProv4ML:level`, run
 * attributes and params as plain keys on them, metrics in external NetCDF/Zarr/text files.
 */
export function yprov4mlV2RunView(doc: ProvDocument, repairs: string[]): RunView {
  const activities = elementsOf(doc, "activity");
  // Records are read one by one: yProv4ML v2 logs one metric per context under the same id.
  const entities = recordElements(doc, "entity");
  const notes = [...repairs];
  const run =
    activities.find((a) => firstNumber(a, `${Y}level`) === 0) ??
    activities.find((a) => a.attributes.has(`${Y}experiment_name`));

  // Params are the attributes without a prefix (yProv4ML logged them under the bare key).
  const params: Record<string, PlainValue> = {};
  for (const activity of activities) {
    for (const [key, values] of Object.entries(plainAttributes(activity))) {
      if (!key.includes(":"))
        setOwn(params, key, Array.isArray(values) ? values.map(String).join(", ") : values);
    }
  }

  const { metrics, artifacts, models, datasets } = classifyEntities(entities);
  const external = metrics.length;
  if (external > 0)
    notes.push(`${external} metric series live in external files; their point counts are unknown`);
  const endTime = epochSecondsToIso(params.execution_end_time);
  return {
    generation: "yprov4ml-v2",
    experimentName: run ? firstString(run, `${Y}experiment_name`) : undefined,
    runName: run ? run.id.slice(run.id.indexOf(":") + 1) : undefined,
    runId: run ? firstString(run, `${Y}run_id`) : undefined,
    status: endTime ? "FINISHED" : "UNKNOWN",
    startTime: epochSecondsToIso(params.execution_start_time),
    endTime,
    params,
    metrics,
    artifacts,
    models,
    datasets,
    attributes: run ? plainAttributes(run) : {},
    repairs: notes,
  };
}

/** What a v2 entity is, told by its attributes and its file's extension. */
function classifyEntities(entities: Element[]) {
  const metrics: MetricSeriesView[] = [];
  const artifacts: ArtifactView[] = [];
  const models: ModelView[] = [];
  const datasets: DatasetView[] = [];
  for (const record of entities) {
    const path = firstString(record, `${Y}path`);
    const name = firstString(record, `${Y}label`) ?? record.id;
    const extension = path ? extname(path).toLowerCase() : "";
    const statKeys = [...record.attributes.keys()].filter((key) => key.includes("_stat_"));
    if (record.attributes.has(`${Y}context`) && METRIC_EXTENSIONS.has(extension)) {
      metrics.push(externalMetric(record, name, path!, extension));
    } else if (statKeys.length > 0) {
      const stats: Record<string, PlainValue> = {};
      for (const key of statKeys) {
        const value = first(record, key);
        if (value !== undefined) stats[key.slice(key.indexOf("_stat_") + "_stat_".length)] = value;
      }
      datasets.push({ id: record.id, name, stats });
    } else if (MODEL_EXTENSIONS.has(extension) || record.attributes.has("total_params")) {
      models.push({
        id: record.id,
        name,
        path,
        parameterCount: firstNumber(record, "total_params"),
        attributes: plainAttributes(record),
      });
    } else {
      const role = firstString(record, `${Y}role`);
      artifacts.push({
        id: record.id,
        name,
        path,
        role: role === "input" || role === "output" ? role : undefined,
      });
    }
  }
  return { metrics, artifacts, models, datasets };
}

/** A metric series in a NetCDF/Zarr/text file: named, its points not readable here. */
function externalMetric(record: Element, name: string, file: string, extension: string): MetricSeriesView {
  return {
    name,
    context: firstString(record, `${Y}context`) ?? "",
    source: firstString(record, `${Y}source`) ?? "",
    file,
    load: async () => {
      throw new MetricFileError(
        `metric ${JSON.stringify(name)} lives in ${JSON.stringify(file)} (${extension.slice(1)}), which prov4ml cannot read; open it with a NetCDF/Zarr reader.`,
      );
    },
  };
}
