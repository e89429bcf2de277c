import type { ExportedFile, ExporterPlugin } from "../plugins/exporter.ts";
import type { ProvDocument } from "../prov/document.ts";
import { provFileName } from "../run-directory/layout.ts";
import { messageOf } from "./run-warnings.ts";

/**
 * Renders a run's document in each format with the registered exporter for it. A missing
 * exporter (other than for PROV-JSON, which a backend may write itself) or a failing one is a
 * warning, never an error: the other formats still come out.
 */
export async function renderDocument(
  document: ProvDocument,
  formats: readonly string[],
  exporters: readonly ExporterPlugin[],
  runName: string,
  warn: (message: string) => void,
): Promise<ExportedFile[]> {
  const files: ExportedFile[] = [];
  for (const format of formats) {
    const exporter = exporters.find((candidate) => candidate.format === format);
    if (!exporter) {
      if (format !== "prov-json") warn(`no exporter for format "${format}" is registered; skipped`);
      continue;
    }
    try {
      files.push({
        format,
        fileName: provFileName(runName, exporter.fileExtension),
        mediaType: exporter.mediaType,
        content: await exporter.export(document),
      });
    } catch (error) {
      warn(`exporter ${exporter.name} failed: ${messageOf(error)}`);
    }
  }
  return files;
}

/**
 * `renderDocument` for the process's `exit` event: only exporters that answer synchronously
 * (PROV-JSON does) render; one that returns a promise is skipped with a warning.
 */
export function renderDocumentSync(
  document: ProvDocument,
  formats: readonly string[],
  exporters: readonly ExporterPlugin[],
  runName: string,
  warn: (message: string) => void,
): ExportedFile[] {
  const files: ExportedFile[] = [];
  for (const format of formats) {
    const exporter = exporters.find((candidate) => candidate.format === format);
    if (!exporter) continue;
    try {
      const content = exporter.export(document);
      if (typeof content !== "string" && !(content instanceof Uint8Array)) {
        warn(`exporter ${exporter.name} is asynchronous; no ${format} file at process exit`);
        continue;
      }
      files.push({
        format,
        fileName: provFileName(runName, exporter.fileExtension),
        mediaType: exporter.mediaType,
        content,
      });
    } catch (error) {
      warn(`exporter ${exporter.name} failed: ${messageOf(error)}`);
    }
  }
  return files;
}
