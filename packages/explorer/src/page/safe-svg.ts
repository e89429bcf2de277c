/// <reference lib="dom" />
/**
 * Rebuilds Graphviz's SVG element by element from a whitelist, so a drawing of a hostile document
 * can carry no script, handler, link or style into the page: shapes keep their geometry and colours,
 * text goes in as text, and a node's hover title (`<a xlink:title>`) becomes `data-tooltip`.
 */
const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";

const ELEMENTS = new Set([
  "svg",
  "g",
  "title",
  "path",
  "polygon",
  "polyline",
  "ellipse",
  "circle",
  "rect",
  "line",
  "text",
  "tspan",
]);
const ATTRIBUTES = new Set([
  "id",
  "class",
  "fill",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "fill-opacity",
  "stroke-opacity",
  "points",
  "d",
  "cx",
  "cy",
  "rx",
  "ry",
  "r",
  "x",
  "y",
  "x1",
  "y1",
  "x2",
  "y2",
  "width",
  "height",
  "viewBox",
  "transform",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
]);

/** The drawing parsed from `text`, rebuilt safe; undefined when it is not SVG. */
export function safeSvg(text: string): SVGSVGElement | undefined {
  const parsed = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.localName !== "svg" || root.namespaceURI !== SVG_NS) return undefined;
  return rebuild(root) as SVGSVGElement;
}

function rebuild(source: Element): SVGElement {
  // A hover-title link becomes a plain group that keeps the title as data.
  const link = source.localName === "a";
  const copy = document.createElementNS(SVG_NS, link ? "g" : source.localName);
  for (const attribute of Array.from(source.attributes)) {
    if (attribute.namespaceURI === null && ATTRIBUTES.has(attribute.name))
      copy.setAttribute(attribute.name, attribute.value);
  }
  const tooltip = link ? source.getAttributeNS(XLINK_NS, "title") : null;
  if (tooltip !== null) copy.dataset.tooltip = tooltip;
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) copy.append(document.createTextNode(child.textContent ?? ""));
    else if (child instanceof Element && (ELEMENTS.has(child.localName) || child.localName === "a"))
      copy.append(rebuild(child));
  }
  return copy;
}
