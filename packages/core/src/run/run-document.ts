import { ProvDocument } from "../prov/document.ts";
import { encodeLocalName } from "../prov/identifiers.ts";
import { type Attributes, numberValue, type ProvValue, qualifiedNameValue } from "../prov/literals.ts";
import { DCTERMS_NS, MLS_NS, PROV4ML_NS } from "../prov/namespaces.ts";
import { metricFilePath } from "../run-directory/layout.ts";
import type { RunState } from "./run-state.ts";
import { TERMS, TYPES } from "./vocabulary.ts";

/**
 * Ids for the records listed in vocabulary.ts: `<runName>.<part>.<part>…`. Each part is
 * percent-encoded with its dots too, so that ("y.z", "x") and ("z", "x.y") never meet.
 */
export function recordId(runName: string, ...parts: string[]): string {
  return [
    encodeLocalName(runName),
    ...parts.map((part) => encodeLocalName(part).replaceAll(".", "%2E")),
  ].join(".");
}

function provValueOf(raw: string | number | boolean): ProvValue {
  return typeof raw === "number" ? numberValue(raw) : raw;
}

/**
 * Builds the run's PROV document from its state: run activity, user agent, contexts, params,
 * metric summaries (the points live in the metric files), artifacts, datasets, models and
 * source code, with the relations listed in vocabulary.ts.
 */
export function buildRunDocument(state: RunState): ProvDocument {
  const { info } = state;
  const doc = new ProvDocument({
    defaultNamespace: info.userNamespace,
    namespaces: { prov4ml: PROV4ML_NS, mls: MLS_NS, dcterms: DCTERMS_NS },
  });
  const runId = encodeLocalName(info.runName);

  const runAttributes: Attributes = {
    "prov:type": qualifiedNameValue(TYPES.run),
    "prov:label": info.runName,
    [TERMS.experimentName]: info.experimentName,
    [TERMS.runId]: info.runId,
    [TERMS.runNumber]: numberValue(info.runNumber),
    [TERMS.status]: state.status,
    [TERMS.rank]: numberValue(info.rank),
    [TERMS.worldSize]: numberValue(info.worldSize),
    [TERMS.runDir]: info.runDir,
    ...state.environment,
  };
  if (info.description) runAttributes[TERMS.description] = info.description;
  const tags = [...Object.entries(info.tags), ...state.tags].map(([key, value]) => `${key}=${value}`);
  if (tags.length > 0) runAttributes[TERMS.tag] = tags;
  if (state.unavailableSources.size > 0)
    runAttributes[TERMS.unavailableSource] = [...state.unavailableSources];
  Object.assign(runAttributes, state.extraAttributes);
  doc.activity(runId, info.startTime, state.endTime, runAttributes);

  const agentId = encodeLocalName(`user.${info.user}`);
  doc.agent(agentId, { "prov:type": qualifiedNameValue(TYPES.person), "prov:label": info.user });
  doc.wasAssociatedWith(runId, agentId);

  const contextId = (name: string | undefined) =>
    name === undefined ? runId : recordId(info.runName, "context", name);
  for (const [name, context] of state.contexts) {
    const id = contextId(name);
    doc.activity(id, context.firstUsed, state.endTime, {
      "prov:type": qualifiedNameValue(TYPES.context),
      "prov:label": name,
      [TERMS.context]: name,
      ...(context.parent ? { [TERMS.parentContext]: context.parent } : {}),
    });
    doc.wasInformedBy(id, contextId(context.parent));
  }

  for (const [key, param] of state.params) {
    const id = recordId(info.runName, "param", key);
    doc.entity(id, {
      "prov:type": qualifiedNameValue(TYPES.param),
      "prov:label": key,
      "prov:value": provValueOf(param.rawValue),
      ...(param.context ? { [TERMS.context]: param.context } : {}),
    });
    doc.used(contextId(param.context), id);
  }

  for (const series of state.metricSeries()) {
    const { name, context, source } = series.key;
    const summary = series.summary;
    const id = recordId(info.runName, "metric", context, name, source);
    const attributes: Attributes = {
      "prov:type": qualifiedNameValue(TYPES.metric),
      "prov:label": name,
      [TERMS.name]: name,
      [TERMS.context]: context,
      [TERMS.source]: source,
      [TERMS.count]: numberValue(summary.count),
      [TERMS.file]: metricFilePath(name, context, source, info.rank),
    };
    if (summary.count > 0) {
      Object.assign(attributes, {
        [TERMS.first]: numberValue(summary.first),
        [TERMS.last]: numberValue(summary.last),
        [TERMS.firstStep]: numberValue(summary.firstStep),
        [TERMS.lastStep]: numberValue(summary.lastStep),
      });
      if (summary.min <= summary.max) {
        attributes[TERMS.min] = numberValue(summary.min);
        attributes[TERMS.max] = numberValue(summary.max);
      }
    }
    doc.entity(id, attributes);
    doc.wasGeneratedBy(id, contextId(context), summary.count > 0 ? summary.lastTimestamp : undefined);
  }

  for (const artifact of state.artifacts.values()) {
    const id = recordId(info.runName, "artifact", artifact.name);
    const types = [qualifiedNameValue(TYPES.artifact)];
    if (artifact.isModel) types.push(qualifiedNameValue(TYPES.model));
    doc.entity(id, {
      "prov:type": types.length === 1 ? types[0]! : types,
      "prov:label": artifact.name,
      "prov:location": artifact.sourcePath,
      ...(artifact.storedPath ? { [TERMS.storedPath]: relativeToRun(info.runDir, artifact.storedPath) } : {}),
      [TERMS.sizeBytes]: numberValue(artifact.size),
      [TERMS.sha256]: artifact.sha256,
      [TERMS.isDirectory]: artifact.isDirectory,
    });
    if (artifact.isInput) doc.used(contextId(artifact.context), id, artifact.timestamp);
    else doc.wasGeneratedBy(id, contextId(artifact.context), artifact.timestamp);
  }

  for (const dataset of state.datasets.values()) {
    const id = recordId(info.runName, "dataset", dataset.label);
    const attributes: Attributes = {
      "prov:type": qualifiedNameValue(TYPES.dataset),
      "prov:label": dataset.label,
    };
    if (dataset.source) attributes[TERMS.datasetSource] = dataset.source;
    if (dataset.digest) attributes[TERMS.datasetDigest] = dataset.digest;
    for (const [stat, value] of Object.entries(dataset.stats)) {
      attributes[`${TERMS.statPrefix}${encodeLocalName(stat)}`] = provValueOf(value);
    }
    doc.entity(id, attributes);
    doc.used(contextId(dataset.context), id, dataset.timestamp);
  }

  for (const model of state.models.values()) {
    const id = recordId(info.runName, "model", model.name);
    const attributes: Attributes = { "prov:type": qualifiedNameValue(TYPES.model), "prov:label": model.name };
    const modelInfo = model.info;
    if (modelInfo) {
      attributes[TERMS.modelFormat] = modelInfo.format;
      if (modelInfo.parameterCount !== undefined)
        attributes[TERMS.parameterCount] = numberValue(modelInfo.parameterCount);
      if (modelInfo.memoryBytes !== undefined)
        attributes[TERMS.memoryBytes] = numberValue(modelInfo.memoryBytes);
      if (modelInfo.sha256) attributes[TERMS.sha256] = modelInfo.sha256;
      if (modelInfo.filePath) attributes["prov:location"] = modelInfo.filePath;
    }
    doc.entity(id, attributes);
    // `isInput` is absent from events journaled by earlier versions: those models were outputs.
    if (model.isInput === true) doc.used(contextId(model.context), id, model.timestamp);
    else doc.wasGeneratedBy(id, contextId(model.context), model.timestamp);
    if (model.artifact) doc.specializationOf(recordId(info.runName, "artifact", model.artifact.name), id);
  }

  if (state.sourceCode) {
    const id = recordId(info.runName, "source_code");
    const code = state.sourceCode;
    doc.entity(id, {
      "prov:type": qualifiedNameValue(TYPES.sourceCode),
      "prov:label": "source code",
      [TERMS.gitCommit]: code.commit,
      [TERMS.gitDirty]: code.dirty,
      ...(code.branch ? { [TERMS.gitBranch]: code.branch } : {}),
      ...(code.remote ? { [TERMS.gitRemote]: code.remote } : {}),
    });
    doc.used(runId, id);
  }
  return doc;
}

function relativeToRun(runDir: string, path: string): string {
  return path.startsWith(runDir)
    ? path
        .slice(runDir.length + 1)
        .split("\\")
        .join("/")
    : path;
}
