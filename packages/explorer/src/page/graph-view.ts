/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The run's PROV drawing, interactive: wheel to zoom, drag to pan, a search box that marks matching
 * nodes, click a node for its attributes (text only) and to highlight its lineage, and downloads.
 */
import { el } from "./dom.ts";
import { type GraphEdge, lineageOf } from "./graph-lineage.ts";
import { safeSvg } from "./safe-svg.ts";

/** One node of the drawing: Graphviz's `<g class="node">`, named by its `<title>`. */
interface DrawnNode {
  id: string;
  element: SVGGElement;
  lines: string[];
  tooltip: string;
}

/** The graph section; `downloads` are `[label, url]` pairs (none in a report). */
export function graphView(graphUrl: string, downloads: Array<[string, string]>): HTMLElement {
  const frame = el("div", { class: "graph-frame" }, el("p", {}, "drawing…"));
  const search = el("input", { class: "graph-search" });
  search.type = "search";
  search.placeholder = "Search nodes";
  search.setAttribute("aria-label", "Search nodes");
  const matches = el("span", { class: "count graph-matches" });
  const panel = el(
    "aside",
    { class: "node-panel" },
    el("p", { class: "hint" }, "Click a node for its attributes."),
  );
  const links = downloads.map(([label, url]) => {
    const link = el("a", { class: "download" }, label);
    link.href = url;
    return link;
  });
  const toolbar = el("div", { class: "toolbar graph-toolbar" }, search, matches, ...links);
  const section = el(
    "section",
    { class: "graph-view" },
    toolbar,
    el("div", { class: "graph-body" }, frame, panel),
  );
  void svgText(graphUrl).then(
    (text) => {
      const svg = safeSvg(text);
      if (svg === undefined) throw new Error("the drawing is not SVG");
      frame.replaceChildren(svg);
      wire(svg, { search, matches, panel });
      section.dataset.ready = "true";
    },
    (error: unknown) => {
      frame.replaceChildren(
        el("p", { class: "error" }, error instanceof Error ? error.message : String(error)),
      );
    },
  );
  return section;
}

/** A report carries the drawing as a data: URL (its CSP allows no fetch); the server sends it. */
async function svgText(url: string): Promise<string> {
  const prefix = "data:image/svg+xml;base64,";
  if (url.startsWith(prefix)) {
    const bytes = Uint8Array.from(atob(url.slice(prefix.length)), (char) => char.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  }
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok)
    throw new Error(`the drawing could not be made: ${(await response.text()).slice(0, 300)}`);
  return response.text();
}

function wire(
  svg: SVGSVGElement,
  parts: { search: HTMLInputElement; matches: HTMLElement; panel: HTMLElement },
): void {
  const nodes = drawnNodes(svg);
  const edges = drawnEdges(svg);
  attachPanZoom(svg, (target) => {
    const node = nodes.find((candidate) => candidate.element.contains(target));
    if (node !== undefined) showNode(node, nodes, edges, parts.panel);
  });
  parts.search.addEventListener("input", () => {
    const needle = parts.search.value.trim().toLowerCase();
    let count = 0;
    for (const node of nodes) {
      const hit =
        needle !== "" &&
        `${node.id}\n${node.lines.join("\n")}\n${node.tooltip}`.toLowerCase().includes(needle);
      node.element.classList.toggle("match", hit);
      if (hit) count++;
    }
    parts.matches.textContent = needle === "" ? "" : `${count} ${count === 1 ? "match" : "matches"}`;
  });
}

function drawnNodes(svg: SVGSVGElement): DrawnNode[] {
  return Array.from(svg.querySelectorAll<SVGGElement>("g.node")).map((element) => ({
    id: element.querySelector("title")?.textContent ?? "",
    element,
    lines: Array.from(element.querySelectorAll("text"), (text) => text.textContent ?? ""),
    tooltip: element.querySelector<SVGGElement>("[data-tooltip]")?.dataset.tooltip ?? "",
  }));
}

/** Edges as Graphviz titles them: `tail->head`. */
function drawnEdges(svg: SVGSVGElement): Array<GraphEdge & { element: SVGGElement }> {
  return Array.from(svg.querySelectorAll<SVGGElement>("g.edge")).flatMap((element) => {
    const [from, to] = (element.querySelector("title")?.textContent ?? "").split("->");
    return from !== undefined && to !== undefined ? [{ from, to, element }] : [];
  });
}

function showNode(
  node: DrawnNode,
  nodes: DrawnNode[],
  edges: Array<GraphEdge & { element: SVGGElement }>,
  panel: HTMLElement,
): void {
  for (const other of nodes) other.element.classList.toggle("selected", other === node);
  const highlight = el("button", { class: "highlight-lineage" }, "Highlight lineage");
  const clear = el("button", { class: "clear-lineage" }, "Clear");
  const mark = (members: Set<string> | undefined) => {
    for (const other of nodes) {
      other.element.classList.toggle("in-lineage", members?.has(other.id) === true);
      other.element.classList.toggle("dimmed", members !== undefined && !members.has(other.id));
    }
    for (const edge of edges) {
      const inside = members?.has(edge.from) === true && members.has(edge.to);
      edge.element.classList.toggle("in-lineage", inside);
      edge.element.classList.toggle("dimmed", members !== undefined && !inside);
    }
  };
  highlight.addEventListener("click", () => mark(lineageOf(node.id, edges)));
  clear.addEventListener("click", () => mark(undefined));
  const attributes = node.tooltip === "" ? node.lines.slice(1) : node.tooltip.split("\n");
  panel.replaceChildren(
    el("h3", {}, node.lines[0] ?? node.id),
    el("div", {}, highlight, " ", clear),
    el("ul", { class: "node-attributes" }, ...attributes.map((line) => el("li", {}, line))),
  );
  panel.dataset.node = node.id;
}

/** Wheel zooms around the pointer, a drag pans; a press without a drag is a click on `target`. */
function attachPanZoom(svg: SVGSVGElement, click: (target: Element) => void): void {
  const box = svg.viewBox.baseVal;
  const initial = { x: box.x, y: box.y, width: box.width, height: box.height };
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  const toSvg = (event: MouseEvent) => {
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(box.width / rect.width, box.height / rect.height);
    return {
      scale,
      x: box.x + (event.clientX - rect.left) * scale,
      y: box.y + (event.clientY - rect.top) * scale,
    };
  };
  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const at = toSvg(event);
      const factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
      box.x = at.x - (at.x - box.x) * factor;
      box.y = at.y - (at.y - box.y) * factor;
      box.width *= factor;
      box.height *= factor;
    },
    { passive: false },
  );
  let drag: { x: number; y: number; moved: boolean } | undefined;
  svg.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (drag === undefined) return;
    const { scale } = toSvg(event);
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (!drag.moved) return;
    box.x -= dx * scale;
    box.y -= dy * scale;
    drag.x = event.clientX;
    drag.y = event.clientY;
  });
  svg.addEventListener("pointerup", (event) => {
    const wasClick = drag !== undefined && !drag.moved;
    drag = undefined;
    // With the pointer captured, the event's target is the svg: find what lies under the pointer.
    const under = document.elementFromPoint(event.clientX, event.clientY);
    if (wasClick && under !== null) click(under);
  });
  svg.addEventListener("dblclick", () => {
    Object.assign(box, initial);
  });
}
