/**
 * Lineage across runs: runs are joined by content. A file one run generated (its SHA-256 in the
 * document) that another run used (an input artifact, a model logged with `isInput`) links the two;
 * so does a dataset digest two runs share.
 */
import type { RunView } from "@prov4ml/exporter-prov";
import type { LineageFile, LineageRun, RunLineage } from "./api-types.ts";

/** A run read for the lineage: its row, and its view when it could be read. */
export interface LineageInput {
  run: LineageRun;
  view?: RunView;
}

/** The files and datasets of `runs` with their producers and users, keyed by content. */
export function linkRuns(runs: readonly LineageInput[]): RunLineage {
  const files = new Map<string, LineageFile>();
  const touch = (key: string, kind: LineageFile["kind"], name: string, sha256?: string) => {
    let file = files.get(key);
    if (file === undefined) {
      file = {
        key,
        kind,
        ...(sha256 === undefined ? {} : { sha256 }),
        names: [],
        generatedBy: [],
        usedBy: [],
      };
      files.set(key, file);
    }
    if (kind !== "file") file.kind = kind; // a model's file is shown as the model
    if (!file.names.includes(name)) file.names.push(name);
    return file;
  };
  const add = (list: string[], id: string) => {
    if (!list.includes(id)) list.push(id);
  };
  for (const { run, view } of runs) {
    if (view === undefined) continue;
    const modelShas = new Set(view.models.map((model) => model.sha256));
    for (const artifact of view.artifacts) {
      if (artifact.sha256 === undefined || artifact.role === undefined) continue;
      const kind = modelShas.has(artifact.sha256) ? "model" : "file";
      const file = touch(`sha256:${artifact.sha256}`, kind, baseName(artifact.name), artifact.sha256);
      add(artifact.role === "output" ? file.generatedBy : file.usedBy, run.id);
    }
    for (const model of view.models) {
      const sha = model.sha256;
      // A model with no file artifact of its own: the run made it (models it used come with their file).
      if (sha === undefined || view.artifacts.some((artifact) => artifact.sha256 === sha)) continue;
      add(touch(`sha256:${sha}`, "model", model.name, sha).generatedBy, run.id);
    }
    for (const dataset of view.datasets) {
      if (dataset.digest !== undefined)
        add(touch(`dataset:${dataset.digest}`, "dataset", dataset.name).usedBy, run.id);
    }
  }
  return { runs: runs.map(({ run }) => run), files: [...files.values()] };
}

/** Files that join two runs or more: what the lineage graph draws. */
export function sharedFiles(lineage: RunLineage): LineageFile[] {
  return lineage.files.filter((file) => new Set([...file.generatedBy, ...file.usedBy]).size >= 2);
}

/** `model/weights.bin` → `weights.bin`: artifacts of models are named `<model>/<file>`. */
function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}
