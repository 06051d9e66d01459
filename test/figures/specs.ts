// The figures an executed notebook shows, read back from its outputs: the display helper
// (src/notebook/display.ts) writes each figure as a wrapper with data-rnn-jacobian-figure="<id>", a static
// <img> whose alt is the title and whose src is the static SVG as a base64 data: URI, and a
// script holding the plotly spec (`var spec = {data, layout, frames?, config};`, JSON with <, >
// and & escaped). So the figure lint needs no hook in the library and no run of its own: it reads
// the figures the notebook run (test/notebooks) produced.
import { cellSource, type Notebook } from "../../scripts/notebooks.mjs";
import type { LintableFigure } from "./lint";

const wrapper = /<div\b[^<>]*?\sdata-rnn-jacobian-figure="([^"]*)"/g;
const staticImage = /<img\b[^<>]*?\sclass="rnn-jacobian-static"[^<>]*>/;
const specLine = /^\s*var spec = (.*);\s*$/m;

function attribute(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

export interface ShownFigure extends LintableFigure {
  /** 1-based cell number. */
  cell: number;
}

/**
 * Every figure the notebook's outputs show, as the lint reads a Figure. `kind` is not in the
 * output: a figure with frames is a "sliderHeatmap" (the only builder with frames, and the only
 * kind the lint treats apart); otherwise it is the kind an automatic id starts with, or "figure".
 * Throws, naming the cell, when a figure's parts cannot be read.
 */
export function shownFigures(notebook: Notebook): ShownFigure[] {
  const figures: ShownFigure[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      const data = (output.data ?? {}) as Record<string, unknown>;
      const html = data["text/html"];
      if (html === undefined) continue;
      const text = Array.isArray(html) ? html.join("") : String(html);
      const starts = [...text.matchAll(wrapper)];
      starts.forEach((start, k) => {
        const body = text.slice(start.index, starts[k + 1]?.index ?? text.length);
        const where = `cell ${index + 1} (${cellSource(cell).split("\n")[0]}), figure ${start[1]}`;
        const image = body.match(staticImage)?.[0];
        const src = image ? attribute(image, "src") : undefined;
        const svgPrefix = "data:image/svg+xml;base64,";
        const spec = body.match(specLine)?.[1];
        if (!image || !src?.startsWith(svgPrefix) || spec === undefined) {
          throw new Error(`${where}: no static SVG image or no plotly spec in the output`);
        }
        const parsed = JSON.parse(spec) as {
          data: Record<string, unknown>[];
          layout: Record<string, unknown>;
          frames?: Record<string, unknown>[];
        };
        const id = unescapeXml(start[1]);
        const automaticKind = id.match(/^([A-Za-z]+)-/)?.[1];
        figures.push({
          id,
          kind: parsed.frames ? "sliderHeatmap" : (automaticKind ?? "figure"),
          title: unescapeXml(attribute(image, "alt") ?? ""),
          data: parsed.data,
          layout: parsed.layout,
          ...(parsed.frames ? { frames: parsed.frames } : {}),
          staticSvg: Buffer.from(src.slice(svgPrefix.length), "base64").toString("utf8"),
          cell: index + 1,
        });
      });
    }
  });
  return figures;
}
