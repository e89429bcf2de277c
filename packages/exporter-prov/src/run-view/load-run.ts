import { readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { PROV4ML_NS, Prov4mlError, type ProvDocument } from "@prov4ml/core";
import { readProvJsonFile } from "../prov-json/read.ts";
import { prov4mlRunView } from "./prov4ml-run.ts";
import { recountLostPoints, recoverUnclosedRun } from "./recover-unclosed-run.ts";
import { runDocumentNames } from "./run-document-names.ts";
import type { RunGeneration, RunView } from "./types.ts";
import { yprov4mlV1RunView } from "./yprov4ml-v1-run.ts";
import { yprov4mlV2RunView } from "./yprov4ml-v2-run.ts";

/**
 * Reads a run and returns its typed summary. Accepts a run directory (the `prov_*.json` in it; with
 * several, the lowest rank), a PROV-JSON file, or an already parsed document (then metric files
 * are found relative to `options.baseDir`). Works for prov4ml documents and both yProv4ML
 * generations; see {@link RunView}.
 *
 * @throws {ProvJsonError} when the file is not PROV-JSON; {@link Prov4mlError} (`RUN_NOT_FOUND`)
 * when the path holds no run document.
 */
export async function loadRun(
  pathOrDocument: string | ProvDocument,
  options: { baseDir?: string } = {},
): Promise<RunView> {
  if (typeof pathOrDocument !== "string") {
    return runViewOf(
      pathOrDocument,
      options.baseDir === undefined ? undefined : resolve(options.baseDir),
      [],
    );
  }
  const notes: string[] = [];
  let file = resolve(pathOrDocument);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    throw new Prov4mlError(
      "RUN_NOT_FOUND",
      `no run at ${JSON.stringify(pathOrDocument)}: give a run directory or a prov_*.json file.`,
      {
        cause: error,
      },
    );
  }
  if (info.isDirectory()) {
    const candidates = runDocumentNames(await readdir(file));
    if (candidates.length === 0) {
      throw new Prov4mlError(
        "RUN_NOT_FOUND",
        `${JSON.stringify(pathOrDocument)} holds no prov_*.json document: is it a run directory?`,
      );
    }
    if (candidates.length > 1)
      notes.push(
        `directory holds ${candidates.length} documents (${candidates.join(", ")}); read ${candidates[0]}`,
      );
    file = join(file, candidates[0]!);
  }
  const parsed = await readProvJsonFile(file);
  const baseDir = options.baseDir === undefined ? dirname(file) : resolve(options.baseDir);
  const view = runViewOf(parsed.document, baseDir, [...notes, ...parsed.repairs]);
  // A run still RUNNING was killed (or is in progress): its files know more than its document.
  if (view.generation !== "prov4ml") return view;
  return view.status === "RUNNING" ? recoverUnclosedRun(view, baseDir) : recountLostPoints(view);
}

/** Tells which writer produced a document, from its namespaces. */
export function detectGeneration(doc: ProvDocument): RunGeneration {
  if ([...doc.namespaces.values()].includes(PROV4ML_NS)) return "prov4ml";
  if (doc.namespaces.has("yProv4ML") && doc.namespaces.has("context")) return "yprov4ml-v2";
  if (doc.namespaces.has("prov-ml")) return "yprov4ml-v1";
  return "unknown";
}

function runViewOf(doc: ProvDocument, baseDir: string | undefined, repairs: string[]): RunView {
  switch (detectGeneration(doc)) {
    case "prov4ml":
      return prov4mlRunView(doc, baseDir, repairs);
    case "yprov4ml-v2":
      return yprov4mlV2RunView(doc, repairs);
    case "yprov4ml-v1":
      return yprov4mlV1RunView(doc, repairs);
    default:
      return {
        generation: "unknown",
        status: "UNKNOWN",
        params: {},
        metrics: [],
        artifacts: [],
        models: [],
        datasets: [],
        attributes: {},
        repairs: [
          ...repairs,
          "not a prov4ml or yProv4ML run document: only the PROV records are available (parseProvJson)",
        ],
      };
  }
}
