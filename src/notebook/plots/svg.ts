/**
 * String builders for the static SVG pictures, and the text measure both pictures lay out with.
 * The fallback image must not depend on a browser or a library, so it is assembled here as text;
 * every piece of user text goes through `escapeXml`.
 */
import { MIN_FONT_SIZE } from "./style";

/** Escapes text for XML/HTML content and double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Coordinates rounded to 0.01 px: enough for a picture, and keeps the SVG small. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export const FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif";

// Unicode sub- and superscripts (W₁₂, x⁽ⁱ⁻¹⁾) draw narrower than ordinary letters.
const NARROW = /[\u2070-\u209f\u00b2\u00b3\u00b9\u1d62-\u1d6a\u2032]/u;

/** An estimate of the width of `text` at `fontSize`, erring wide (a box too wide costs only space). */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += NARROW.test(ch) ? 0.42 : ch === " " ? 0.32 : 0.62;
  return units * fontSize;
}

/** `text` broken at spaces into lines at most `maxWidth` px wide (a longer word stays whole). */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

export function lineHeight(fontSize: number): number {
  return Math.round(fontSize * 1.3);
}

type Attributes = Record<string, string | number | undefined>;

/** One element; `content` is markup (already escaped), omit it for an empty element. */
export function element(tag: string, attrs: Attributes, content?: string): string {
  const list = Object.entries(attrs)
    .flatMap(([key, value]) =>
      value === undefined
        ? []
        : [` ${key}="${escapeXml(typeof value === "number" ? px(value) : value)}"`],
    )
    .join("");
  return content === undefined ? `<${tag}${list}/>` : `<${tag}${list}>${content}</${tag}>`;
}

interface TextOptions {
  /** Default MIN_FONT_SIZE. */
  size?: number;
  anchor?: "start" | "middle" | "end";
  weight?: "normal" | "bold";
  fill?: string;
  /** Rotation in degrees about (x, y). */
  rotate?: number;
  baseline?: "alphabetic" | "middle" | "hanging";
}

/** A text element; `content` is plain text and is escaped here. */
export function textElement(x: number, y: number, content: string, options: TextOptions = {}) {
  const { size = MIN_FONT_SIZE, anchor = "start", weight, fill = "#222", rotate } = options;
  const baseline = options.baseline === "alphabetic" ? undefined : options.baseline;
  return element(
    "text",
    {
      x,
      y,
      "font-size": size,
      "text-anchor": anchor,
      "font-weight": weight === "bold" ? "bold" : undefined,
      fill,
      "dominant-baseline": baseline,
      transform: rotate ? `rotate(${px(rotate)} ${px(x)} ${px(y)})` : undefined,
    },
    escapeXml(content),
  );
}

/** A complete standalone SVG document with a white background and an accessible title. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" ` +
    `viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}">` +
    `<title>${escapeXml(title)}</title>` +
    element("rect", { x: 0, y: 0, width: w, height: h, fill: "#ffffff" }) +
    body +
    `</svg>`
  );
}

/** The width and height an SVG document declares on its root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  if (!match) throw new RangeError("staticSvg must start with an <svg> element with width/height");
  return { width: Number(match[1]), height: Number(match[2]) };
}
