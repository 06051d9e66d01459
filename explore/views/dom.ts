import { toSubscript, toSuperscript } from "../../src/notebook/plots/labels";

/** Small DOM helpers: create an element with attributes and children in one call. */
export type Child = Node | string;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag: string, attributes: Record<string, string | number> = {}): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** A number as the page writes it: 2 decimals, a real minus sign. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const text = Math.abs(value) < 0.5 * 10 ** -digits ? (0).toFixed(digits) : value.toFixed(digits);
  return text.replace("-", "−");
}

/** A difference as "3.0e-7" (or "0" when exactly zero). */
export function formatSmall(value: number): string {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return String(value);
  return value.toExponential(1).replace("-", "−");
}

/** Sub- and superscripts as the library's figures write them: sub(12) = "₁₂", sup(1) = "¹". */
export const sub = (index: number | string): string => toSubscript(String(index));
export const sup = (index: number | string): string => toSuperscript(String(index));
