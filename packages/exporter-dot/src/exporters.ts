/** Exporter plugins for `endRun({ formats: ["dot", "svg"] })`. */
import type { ExporterPlugin, ProvDocument } from "@prov4ml/core";
import type { DotOptions } from "./options.ts";
import { resolveDotOptions } from "./options.ts";
import { loadSvgRenderer, type SvgRenderer } from "./render-svg.ts";
import { toDot } from "./to-dot.ts";

/** The run's document as Graphviz DOT (`prov_<run>.dot`). */
export function dotExporter(options: DotOptions = {}): ExporterPlugin {
  resolveDotOptions(options); // fail at configuration time, not at the end of a run
  return {
    kind: "exporter",
    name: "@prov4ml/exporter-dot",
    specVersion: 1,
    format: "dot",
    fileExtension: ".dot",
    mediaType: "text/vnd.graphviz",
    export: (document: ProvDocument) => toDot(document, options),
  };
}

/** The run's document drawn as SVG (`prov_<run>.svg`) by the WebAssembly build of Graphviz. */
export function svgExporter(options: DotOptions = {}): ExporterPlugin {
  resolveDotOptions(options);
  let renderer: Promise<SvgRenderer> | undefined;
  return {
    kind: "exporter",
    name: "@prov4ml/exporter-dot/svg",
    specVersion: 1,
    format: "svg",
    fileExtension: ".svg",
    mediaType: "image/svg+xml",
    async export(document: ProvDocument) {
      renderer ??= loadSvgRenderer();
      try {
        return (await renderer).render(toDot(document, options));
      } catch (error) {
        renderer = undefined; // Graphviz may have exited: the next export loads a fresh module
        throw error;
      }
    },
  };
}
