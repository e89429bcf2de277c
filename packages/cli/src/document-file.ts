/**
 * Finding and reading the document a command works on: a PROV-JSON file, or a run directory (its
 * `prov_*.json`, the lowest rank when there are several, as `loadRun` picks).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProvDocument } from "@prov4ml/core";
import { readProvJsonFile, runDocumentNames } from "@prov4ml/exporter-prov";
import { CommandError } from "./errors.ts";

export function resolveDocumentPath(path: string): string {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    throw new CommandError(`no such file or directory: ${path}`);
  }
  if (!info.isDirectory()) return path;
  const candidates = runDocumentNames(readdirSync(path));
  if (candidates.length === 0)
    throw new CommandError(`${path} holds no prov_*.json document: is it a run directory?`);
  return join(path, candidates[0]!);
}

export interface LoadedDocument {
  readonly path: string;
  readonly document: ProvDocument;
  readonly repairs: string[];
}

export async function loadDocument(path: string): Promise<LoadedDocument> {
  const file = resolveDocumentPath(path);
  const { document, repairs } = await readProvJsonFile(file);
  return { path: file, document, repairs };
}
