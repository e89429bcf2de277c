/**
 * SVG from DOT with the WebAssembly build of Graphviz (`@hpcc-js/wasm-graphviz`), in-process:
 * no `dot` binary, no shell (yProv4ML called `dot -Tsvg` through an unquoted shell command).
 */
import { Prov4mlError } from "@prov4ml/core";

/** Graphviz could not lay out or render the DOT text. */
export class DotRenderError extends Prov4mlError {
  constructor(reason: string, cause?: unknown) {
    super(
      "DOT_RENDER",
      `Graphviz could not render the DOT text: ${reason}. If the document is very large, draw a summary ` +
        `(keep collapseSeries "auto" or true, set collapseContexts, or showAttributes: false); otherwise check ` +
        `the DOT with \`dot -Tsvg\` and report the document that produced it.`,
      { cause },
    );
  }
}

export interface SvgRenderer {
  render(dot: string): string;
}

/**
 * Loads the Graphviz WebAssembly module once and returns a renderer that reuses it. Keep one per
 * batch of drawings; loading costs tens of milliseconds. After a failed render (Graphviz exits on
 * out-of-memory, e.g. 10,000 uncollapsed records), load a new renderer.
 */
export async function loadSvgRenderer(): Promise<SvgRenderer> {
  // A dynamic import keeps the CommonJS build working: the package is ESM-only.
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  return {
    render(dot: string): string {
      let svg: string;
      try {
        svg = graphviz.dot(dot, "svg");
      } catch (error) {
        throw new DotRenderError(error instanceof Error ? error.message : String(error), error);
      }
      if (!svg.includes("<svg")) throw new DotRenderError("Graphviz returned no SVG");
      return svg;
    },
  };
}

/** Renders DOT text to an SVG document with the WebAssembly build of Graphviz (`dot` layout). */
export async function renderSvg(dot: string): Promise<string> {
  return (await loadSvgRenderer()).render(dot);
}
