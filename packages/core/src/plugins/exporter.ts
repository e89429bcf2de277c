import type { ProvDocument } from "../prov/document.ts";
import type { PluginBase } from "./plugin.ts";

/**
 * Renders a PROV document in one format. Pure: no files are written here; the run hands the
 * result to the backends, which store or upload it.
 */
export interface ExporterPlugin extends PluginBase {
  readonly kind: "exporter";
  /** `prov-json`, `dot`, `svg`, `provn`, `turtle`, … — what `endRun({ formats })` asks for. */
  readonly format: string;
  /** File extension including the dot, e.g. `.json`. */
  readonly fileExtension: string;
  readonly mediaType: string;
  export(document: ProvDocument): Promise<string | Uint8Array> | string | Uint8Array;
}

/** A rendered document, ready for a backend to store. */
export interface ExportedFile {
  readonly format: string;
  /** `prov_<runName><extension>`. */
  readonly fileName: string;
  readonly mediaType: string;
  readonly content: string | Uint8Array;
}
