/**
 * @prov4ml/exporter-dot — PROV documents as Graphviz DOT in the conventional PROV look, and as
 * SVG rendered in-process by the WebAssembly build of Graphviz (no system Graphviz needed).
 *
 * @packageDocumentation
 */
export { dotExporter, drawGraph, type GraphExporterOptions, svgExporter } from "./exporters.ts";
export type { DotDirection, DotOptions } from "./options.ts";
export { type OverviewOptions, toOverviewDot } from "./overview/to-overview-dot.ts";
export { DotRenderError, loadSvgRenderer, renderSvg, type SvgRenderer } from "./render-svg.ts";
export { toDot } from "./to-dot.ts";
