import {
  decodeLocalName,
  literalToJs,
  MLS_NS,
  PROV4ML_NS,
  type ProvDocument,
  TERMS,
  TYPES,
} from "@prov4ml/core";
import {
  type Element,
  elementsOf,
  first,
  firstNumber,
  firstString,
  plainAttributes,
  referenced,
  typeIris,
} from "./document-index.ts";
import { loadMetricCsv } from "./metric-file.ts";
import { setOwn } from "./set-own.ts";
import type { DatasetView, PlainValue, RunView, RunViewStatus, SourceCodeView } from "./types.ts";

const PROV_PERSON = "http://www.w3.org/ns/prov#Person";
const STATUSES = new Set<RunViewStatus>(["RUNNING", "FINISHED", "FAILED", "KILLED"]);
const STAT_PREFIX = TERMS.statPrefix;

/** What each family reader shares: the document's entities and how to name them. */
interface Prov4mlDocument {
  readonly doc: ProvDocument;
  readonly entities: Element[];
  readonly baseDir: string | undefined;
  isA(element: Element, iri: string): boolean;
  localName(id: string): string;
}

function paramsOf(view: Prov4mlDocument): Record<string, PlainValue> {
  const params: Record<string, PlainValue> = {};
  for (const entity of view.entities.filter((e) => view.isA(e, `${MLS_NS}HyperParameterSetting`))) {
    const key = firstString(entity, "prov:label") ?? view.localName(entity.id);
    const value = first(entity, "prov:value");
    if (value !== undefined) setOwn(params, key, value);
  }
  return params;
}

function metricsOf(view: Prov4mlDocument): RunView["metrics"] {
  return view.entities
    .filter((e) => view.isA(e, `${PROV4ML_NS}Metric`))
    .map((entity) => {
      const file = firstString(entity, TERMS.file);
      return {
        name:
          firstString(entity, TERMS.name) ?? firstString(entity, "prov:label") ?? view.localName(entity.id),
        context: firstString(entity, TERMS.context) ?? "",
        source: firstString(entity, TERMS.source) ?? "",
        count: firstNumber(entity, TERMS.count),
        first: firstNumber(entity, TERMS.first),
        last: firstNumber(entity, TERMS.last),
        min: firstNumber(entity, TERMS.min),
        max: firstNumber(entity, TERMS.max),
        file,
        load: () => loadMetricCsv(file ?? `${view.localName(entity.id)}.csv`, view.baseDir),
      };
    });
}

function artifactsOf(view: Prov4mlDocument): RunView["artifacts"] {
  const used = referenced(view.doc, "used", "prov:entity");
  const generated = referenced(view.doc, "wasGeneratedBy", "prov:entity");
  return view.entities
    .filter((e) => view.isA(e, `${PROV4ML_NS}Artifact`))
    .map((entity) => ({
      id: entity.id,
      name: firstString(entity, "prov:label") ?? view.localName(entity.id),
      path: firstString(entity, TERMS.storedPath),
      sourcePath: firstString(entity, "prov:location"),
      sizeBytes: firstNumber(entity, TERMS.sizeBytes),
      sha256: firstString(entity, TERMS.sha256),
      isDirectory: first(entity, TERMS.isDirectory) as boolean | undefined,
      role: used.has(entity.id)
        ? ("input" as const)
        : generated.has(entity.id)
          ? ("output" as const)
          : undefined,
    }));
}

function modelsOf(view: Prov4mlDocument): RunView["models"] {
  return view.entities
    .filter((e) => view.isA(e, `${MLS_NS}Model`) && !view.isA(e, `${PROV4ML_NS}Artifact`))
    .map((entity) => ({
      id: entity.id,
      name: firstString(entity, "prov:label") ?? view.localName(entity.id),
      path: firstString(entity, "prov:location"),
      format: firstString(entity, TERMS.modelFormat),
      parameterCount: firstNumber(entity, TERMS.parameterCount),
      memoryBytes: firstNumber(entity, TERMS.memoryBytes),
      sha256: firstString(entity, TERMS.sha256),
      sizeBytes: firstNumber(entity, TERMS.sizeBytes),
      attributes: plainAttributes(entity, new Set(["prov:type"])),
    }));
}

function datasetsOf(view: Prov4mlDocument): DatasetView[] {
  return view.entities
    .filter((e) => view.isA(e, `${MLS_NS}Dataset`))
    .map((entity): DatasetView => {
      const stats: Record<string, PlainValue> = {};
      for (const [key, values] of entity.attributes) {
        if (key.startsWith(STAT_PREFIX) && values[0] !== undefined) {
          stats[decodeLocalName(key.slice(STAT_PREFIX.length))] = literalToJs(values[0]);
        }
      }
      return {
        id: entity.id,
        name: firstString(entity, "prov:label") ?? view.localName(entity.id),
        source: firstString(entity, TERMS.datasetSource),
        digest: firstString(entity, TERMS.datasetDigest),
        stats,
      };
    });
}

function sourceCodeOf(view: Prov4mlDocument): SourceCodeView | undefined {
  const iri = `${PROV4ML_NS}${TYPES.sourceCode.slice(TYPES.sourceCode.indexOf(":") + 1)}`;
  const entity = view.entities.find((e) => view.isA(e, iri));
  if (!entity) return undefined;
  const commit = firstString(entity, TERMS.gitCommit);
  const branch = firstString(entity, TERMS.gitBranch);
  const remote = firstString(entity, TERMS.gitRemote);
  const dirty = first(entity, TERMS.gitDirty);
  return {
    ...(commit === undefined ? {} : { commit }),
    ...(branch === undefined ? {} : { branch }),
    ...(remote === undefined ? {} : { remote }),
    ...(dirty === undefined ? {} : { dirty: dirty === true || dirty === "true" }),
  };
}

/** The label of the person agent (prov4ml associates the run with one user). */
function userOf(doc: ProvDocument): string | undefined {
  const person = elementsOf(doc, "agent").find((agent) => typeIris(doc, agent).has(PROV_PERSON));
  return person ? firstString(person, "prov:label") : undefined;
}

function withSourceCode(sourceCode: SourceCodeView | undefined): { sourceCode?: SourceCodeView } {
  return sourceCode === undefined ? {} : { sourceCode };
}

function withUser(user: string | undefined): { user?: string } {
  return user === undefined ? {} : { user };
}

/** Reads a document written by prov4ml (vocabulary in `@prov4ml/core`'s `run/vocabulary.ts`). */
export function prov4mlRunView(doc: ProvDocument, baseDir: string | undefined, repairs: string[]): RunView {
  const view: Prov4mlDocument = {
    doc,
    entities: elementsOf(doc, "entity"),
    baseDir,
    isA: (element, iri) => typeIris(doc, element).has(iri),
    localName: (id) => decodeLocalName(id.includes(":") ? id.slice(id.indexOf(":") + 1) : id),
  };
  const run = elementsOf(doc, "activity").find((activity) => view.isA(activity, `${MLS_NS}Run`));
  const notes = [...repairs];
  if (!run) notes.push("no activity typed mls:Run: run-level fields are empty");
  const status = run ? firstString(run, TERMS.status)?.toUpperCase() : undefined;
  return {
    generation: "prov4ml",
    experimentName: run ? firstString(run, TERMS.experimentName) : undefined,
    runName: run ? (firstString(run, "prov:label") ?? view.localName(run.id)) : undefined,
    runId: run ? firstString(run, TERMS.runId) : undefined,
    status:
      status !== undefined && STATUSES.has(status as RunViewStatus) ? (status as RunViewStatus) : "UNKNOWN",
    startTime: run ? firstString(run, "prov:startTime") : undefined,
    endTime: run ? firstString(run, "prov:endTime") : undefined,
    params: paramsOf(view),
    metrics: metricsOf(view),
    artifacts: artifactsOf(view),
    models: modelsOf(view),
    datasets: datasetsOf(view),
    ...withSourceCode(sourceCodeOf(view)),
    ...withUser(userOf(doc)),
    attributes: run ? plainAttributes(run) : {},
    repairs: notes,
  };
}
