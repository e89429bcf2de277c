/// <reference lib="dom" />
/** Builds elements; every text goes in with textContent, so nothing from a document becomes markup. */

type Child = Node | string | number | undefined | null | false;

/** An element with a class (optional) and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class !== undefined) element.className = props.class;
  if (props.title !== undefined) element.title = props.title;
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A link to a route of the page. */
export function routeLink(hash: string, text: string): HTMLAnchorElement {
  const link = el("a", {}, text);
  link.href = hash;
  return link;
}

/** Replaces what `parent` shows. */
export function show(parent: HTMLElement, ...children: Node[]): void {
  parent.replaceChildren(...children);
}
