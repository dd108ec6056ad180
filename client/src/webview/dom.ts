/**
 * The preview builds its DOM through these helpers only: text goes in as text nodes, never as
 * markup, so a model's names and title can hold anything.
 */

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  /** Attributes set with `setAttribute`; never `style` (the CSP forbids inline styles). */
  attrs?: Record<string, string>;
  /** Shown as text. */
  text?: string;
}

/** An HTML element with text children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions | string = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  const opts = typeof options === 'string' ? { className: options } : options;
  if (opts.className) element.className = opts.className;
  for (const [name, value] of Object.entries(opts.attrs ?? {})) element.setAttribute(name, value);
  if (opts.text !== undefined) element.textContent = opts.text;
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; attribute values are numbers or strings. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}
