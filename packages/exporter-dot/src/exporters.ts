/** Exporter plugins for `endRun({ formats: ["dot", "svg"] })`. */
import type { ExporterPlugin, ProvDocument } from "@prov4ml/core";
import type { DotOptions } from "./options.ts";
import { resolveDotOptions } from "./options.ts";
import { toOverviewDot } from "./overview/to-overview-dot.ts";
import { loadSvgRenderer, type SvgRenderer } from "./render-svg.ts";
import { toDot } from "./to-dot.ts";

/** Options of the DOT and SVG exporters. */
export interface GraphExporterOptions extends DotOptions {
  /**
   * Draw every element, relation and attribute (`toDot`, the conventional PROV look) instead of
   * the overview a person reads on one screen (`toOverviewDot`). Default false. The other
   * options shape the detailed drawing only.
   */
  readonly details?: boolean;
}

/** The drawing the exporters write: the overview, or every detail when asked. */
export function drawGraph(document: ProvDocument, options: GraphExporterOptions = {}): string {
  return options.details === true ? toDot(document, options) : toOverviewDot(document);
}

/** The run's document as Graphviz DOT (`prov_<run>.dot`): the overview unless `details`. */
export function dotExporter(options: GraphExporterOptions = {}): ExporterPlugin {
  resolveDotOptions(options); // fail at configuration time, not at the end of a run
  return {
    kind: "exporter",
    name: "@prov4ml/exporter-dot",
    specVersion: 1,
    format: "dot",
    fileExtension: ".dot",
    mediaType: "text/vnd.graphviz",
    export: (document: ProvDocument) => drawGraph(document, options),
  };
}

/**
 * The run's document drawn as SVG (`prov_<run>.svg`) by the WebAssembly build of Graphviz: the
 * overview unless `details`.
 */
export function svgExporter(options: GraphExporterOptions = {}): ExporterPlugin {
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
        return (await renderer).render(drawGraph(document, options));
      } catch (error) {
        renderer = undefined; // Graphviz may have exited: the next export loads a fresh module
        throw error;
      }
    },
  };
}
