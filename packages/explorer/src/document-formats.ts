/** A run's PROV document in the formats the run page offers for download. */
import { toOverviewDot } from "@prov4ml/exporter-dot";
import { readProvJsonFile, toProvJson, toProvN, toTurtle } from "@prov4ml/exporter-prov";
import { drawDot, runDocumentFile } from "./run-graph.ts";

/** The download formats, by file extension. */
export const DOCUMENT_FORMATS = {
  json: { type: "application/json; charset=utf-8", label: "PROV-JSON" },
  provn: { type: "text/provenance-notation; charset=utf-8", label: "PROV-N" },
  ttl: { type: "text/turtle; charset=utf-8", label: "Turtle" },
  svg: { type: "image/svg+xml; charset=utf-8", label: "SVG" },
} as const;

export type DocumentFormat = keyof typeof DOCUMENT_FORMATS;

export function isDocumentFormat(text: string): text is DocumentFormat {
  return Object.hasOwn(DOCUMENT_FORMATS, text);
}

/** The run at `path` (run directory or PROV-JSON file) written as `format`, by exporter-prov's and exporter-dot's writers. */
export async function documentAs(path: string, format: DocumentFormat): Promise<string> {
  const { document } = await readProvJsonFile(await runDocumentFile(path));
  if (format === "json") return toProvJson(document);
  if (format === "provn") return toProvN(document);
  if (format === "ttl") return toTurtle(document);
  return drawDot(toOverviewDot(document));
}
