import type { RunView } from "../run-view/types.ts";
import type { CrateFile } from "./crate-files.ts";

/** The RO-Crate 1.1 context, plus the one term it lacks: `sha256`, as Workflow Run RO-Crate defines it. */
export const RO_CRATE_CONTEXT = [
  "https://w3id.org/ro/crate/1.1/context",
  { sha256: "https://w3id.org/ro/terms/workflow-run#sha256" },
] as const;

/** The RO-Crate metadata file's name, at the crate's root. */
export const RO_CRATE_METADATA_FILE = "ro-crate-metadata.json";

const PROV_JSON_SPEC = "https://www.w3.org/submissions/prov-json/";
const RUN_ENTITY_ID = "#run";

type JsonLdEntity = Record<string, unknown> & { "@id": string; "@type": string | string[] };

/** What the metadata says about the run (read from its PROV document). */
export interface CrateRunFacts {
  view: RunView;
  /** The crate path of the PROV-JSON document that `view` was read from. */
  documentPath: string;
  /** When the crate was made (ISO 8601); default now. */
  datePublished?: string;
}

/**
 * RO-Crate 1.1 metadata (JSON-LD) for a run directory: the root dataset with every file as a part,
 * each with its size, encoding format and SHA-256 and what it is (the PROV document, a metric
 * series, an artifact); the run itself as a `CreateAction` whose results are the files it made
 * and whose objects are the files it used that are in the crate.
 */
export function roCrateMetadata(files: readonly CrateFile[], facts: CrateRunFacts): Record<string, unknown> {
  const { view, documentPath } = facts;
  const describe = fileDescriber(view, documentPath);
  const fileEntities: JsonLdEntity[] = files.map((file) => ({
    "@id": encodeCratePath(file.path),
    "@type": "File",
    name: file.path.split("/").pop() ?? file.path,
    contentSize: String(file.size),
    encodingFormat: file.encodingFormat,
    sha256: file.sha256,
    ...describe(file.path),
  }));
  const inputs = new Set(files.filter((file) => describe.isInput(file.path)).map((file) => file.path));
  const run: JsonLdEntity = {
    "@id": RUN_ENTITY_ID,
    "@type": "CreateAction",
    name: view.runName ?? "run",
    ...(view.runId ? { identifier: view.runId } : {}),
    ...(view.startTime ? { startTime: view.startTime } : {}),
    ...(view.endTime ? { endTime: view.endTime } : {}),
    actionStatus: { "@id": actionStatusOf(view.status) },
    object: files
      .filter((file) => inputs.has(file.path))
      .map((file) => ({ "@id": encodeCratePath(file.path) })),
    result: files
      .filter((file) => !inputs.has(file.path) && file.path !== documentPath)
      .map((file) => ({ "@id": encodeCratePath(file.path) })),
  };
  const root: JsonLdEntity = {
    "@id": "./",
    "@type": "Dataset",
    name: [view.experimentName, view.runName].filter(Boolean).join(" — ") || "prov4ml run",
    description: `Provenance of the machine-learning run ${view.runName ?? ""} (${view.status}), recorded by prov4ml: its W3C PROV document, metric series and artifacts.`,
    datePublished: facts.datePublished ?? new Date().toISOString(),
    mainEntity: { "@id": encodeCratePath(documentPath) },
    mentions: [{ "@id": RUN_ENTITY_ID }],
    hasPart: fileEntities.map((entity) => ({ "@id": entity["@id"] })),
  };
  const descriptor: JsonLdEntity = {
    "@id": RO_CRATE_METADATA_FILE,
    "@type": "CreativeWork",
    conformsTo: { "@id": "https://w3id.org/ro/crate/1.1" },
    about: { "@id": "./" },
  };
  const prov: JsonLdEntity = { "@id": PROV_JSON_SPEC, "@type": "CreativeWork", name: "PROV-JSON" };
  return { "@context": RO_CRATE_CONTEXT, "@graph": [descriptor, root, run, ...fileEntities, prov] };
}

/** A crate path as a relative URI reference (spaces and other reserved characters escaped). */
export function encodeCratePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function actionStatusOf(status: RunView["status"]): string {
  if (status === "FINISHED") return "http://schema.org/CompletedActionStatus";
  if (status === "RUNNING" || status === "UNKNOWN") return "http://schema.org/ActiveActionStatus";
  return "http://schema.org/FailedActionStatus";
}

/** Says what each file of the run is, from the run's document. */
function fileDescriber(view: RunView, documentPath: string) {
  const metrics = new Map(
    view.metrics
      .filter((series) => series.file !== undefined)
      .map((series) => [normalise(series.file!), series] as const),
  );
  const artifacts = view.artifacts.filter((artifact) => artifact.path !== undefined);
  const artifactOf = (path: string) =>
    artifacts.find((artifact) => {
      const stored = normalise(artifact.path!);
      return path === stored || path.startsWith(`${stored}/`);
    });
  const describe = (path: string): Record<string, unknown> => {
    if (path === documentPath)
      return {
        description: "The run's W3C PROV document (PROV-JSON).",
        conformsTo: { "@id": PROV_JSON_SPEC },
      };
    const series = metrics.get(path);
    if (series)
      return {
        description: `Metric series ${series.name} (context ${series.context}, source ${series.source}): step,value,timestamp.`,
      };
    const artifact = artifactOf(path);
    if (artifact)
      return {
        description: `Artifact ${artifact.name}${artifact.role ? ` (${artifact.role} of the run)` : ""}.`,
      };
    return {};
  };
  describe.isInput = (path: string) => artifactOf(path)?.role === "input";
  return describe;
}

function normalise(path: string): string {
  return path.split("\\").join("/").replace(/^\.\//, "");
}
