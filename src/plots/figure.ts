/**
 * The Figure object every builder returns, and the input checks the builders share.
 *
 * A Figure is plain data: plotly traces, layout and frames for the live plot, plus a static SVG
 * drawn from the same numbers for places where no script runs (GitHub, untrusted notebooks).
 * `display.ts` turns it into notebook output.
 */
import { appendFileSync } from "fs";
import { Matrix, assertMatrix, shapeOf } from "../validate";
import { plotlyText } from "./labels";
import { MIN_FONT_SIZE, TITLE_FONT_SIZE, lineHeight, wrapText } from "./style";
import { FONT_FAMILY } from "./svg";

export const FIGURE_KINDS = [
  "heatmap",
  "heatmapGrid",
  "sliderHeatmap",
  "lineChart",
  "networkDiagram",
  "linePanels",
  "readingsRecap",
] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/**
 * Plotly objects (traces, layout, frames) as plain JSON-able records. The builders set only
 * documented plotly attributes; the type stays loose so that the library does not depend on
 * plotly's own type declarations.
 */
export type PlotlyObject = { [key: string]: unknown };

export interface Figure {
  /** Stable id: [A-Za-z][A-Za-z0-9_-]*, used in the HTML output's data attribute. */
  id: string;
  kind: FigureKind;
  title: string;
  data: PlotlyObject[];
  layout: PlotlyObject;
  frames?: PlotlyObject[];
  /** A standalone SVG document of the same picture. */
  staticSvg: string;
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** FNV-1a, 32 bit: a short content hash, so the default id is deterministic. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * The figure's id: `id` when given (checked), else "<kind>-<slug of title>-<hash of content>", so
 * building the same figure twice gives the same id and different figures different ids.
 */
export function figureId(
  id: unknown,
  kind: FigureKind,
  title: string,
  content: readonly unknown[],
): string {
  if (id !== undefined) {
    if (typeof id !== "string" || !ID_PATTERN.test(id)) {
      throw new RangeError(
        `id must match ${ID_PATTERN} (a letter, then letters, digits, _ or -), got ${JSON.stringify(id)}`,
      );
    }
    return id;
  }
  const slug = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${kind}-${slug ? slug + "-" : ""}${hash(JSON.stringify(content))}`;
}

export function assertText(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}

export function assertOptionalText(
  name: string,
  value: unknown,
): asserts value is string | undefined {
  if (value !== undefined && typeof value !== "string") {
    throw new TypeError(`${name} must be a string when given, got ${JSON.stringify(value)}`);
  }
}

export function assertBoolean(name: string, value: unknown): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(`${name} must be true or false when given, got ${JSON.stringify(value)}`);
  }
}

/** Significant digits shown in cells: an integer in [1, 10]. */
export function checkDigits(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 10) {
    throw new RangeError(`${name} must be an integer in [1, 10], got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Labels given as an array or as a function of the 0-based index. */
export type LabelSpec = string[] | ((index: number) => string);

/**
 * `count` distinct labels from `spec` (or from `fallback` when spec is undefined). Distinct,
 * because plotly merges equal category labels into one row or column.
 */
export function resolveLabels(
  name: string,
  spec: unknown,
  count: number,
  fallback: () => string[],
): string[] {
  let labels: unknown[];
  if (spec === undefined) labels = fallback();
  else if (typeof spec === "function") labels = Array.from({ length: count }, (_, i) => spec(i));
  else if (Array.isArray(spec)) labels = spec;
  else {
    throw new TypeError(`${name} must be an array of strings or a function, got ${typeof spec}`);
  }
  if (labels.length !== count) {
    throw new RangeError(`${name} must have ${count} labels, got ${labels.length}`);
  }
  labels.forEach((label, i) => {
    if (typeof label !== "string") {
      throw new TypeError(`${name}[${i}] must be a string, got ${JSON.stringify(label)}`);
    }
  });
  const seen = new Set<unknown>();
  for (const label of labels) {
    if (seen.has(label)) {
      throw new RangeError(`${name} must be distinct, ${JSON.stringify(label)} appears twice`);
    }
    seen.add(label);
  }
  return labels as string[];
}

/** Hover text: a rows×cols array of strings matching `matrix`. */
export function checkHover(name: string, hover: unknown, matrix: Matrix): string[][] | undefined {
  if (hover === undefined) return undefined;
  const rows = matrix.length;
  const cols = matrix[0].length;
  if (
    !Array.isArray(hover) ||
    hover.length !== rows ||
    !hover.every((row) => Array.isArray(row) && row.length === cols)
  ) {
    throw new RangeError(
      `${name} must be ${rows}×${cols} to match the matrix (${rows}×${cols}), got ${shapeOf(hover)}`,
    );
  }
  hover.forEach((row: unknown[], i) =>
    row.forEach((entry, j) => {
      if (typeof entry !== "string") {
        throw new TypeError(`${name}[${i}][${j}] must be a string, got ${JSON.stringify(entry)}`);
      }
    }),
  );
  return hover as string[][];
}

/** A finite rectangular matrix (validate.ts), copied so later edits by the caller do not leak in. */
export function checkMatrix(name: string, matrix: unknown): Matrix {
  assertMatrix(name, matrix);
  return matrix.map((row) => row.slice());
}

export function assertOptions(name: string, options: unknown): asserts options is object {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${name} must be an options object, got ${shapeOf(options)}`);
  }
}

/** The title of a figure, wrapped to its width: the lines and the height they take (px). */
export interface TitleBlock {
  lines: string[];
  /** From the top of the figure to below the last line, with a gap. */
  height: number;
}

export function titleBlock(title: string, width: number): TitleBlock {
  const lines = wrapText(title, TITLE_FONT_SIZE, width - 32);
  return { lines, height: 14 + lines.length * lineHeight(TITLE_FONT_SIZE) + 8 };
}

/** The SVG text lines of a wrapped title, left-aligned at x = 16. */
export function titleSvgLines(block: TitleBlock, textLine: (y: number, line: string) => string) {
  return block.lines
    .map((line, i) => textLine(14 + TITLE_FONT_SIZE + i * lineHeight(TITLE_FONT_SIZE), line))
    .join("");
}

/**
 * Layout pieces every figure shares: fonts at or above the projector minimum, white paper, the
 * title (wrapped with <br> as in the static SVG), a fixed pixel size.
 */
export function baseLayout(
  title: string | TitleBlock,
  height: number,
  width: number,
): PlotlyObject {
  const block = typeof title === "string" ? titleBlock(title, width) : title;
  return {
    title: {
      text: block.lines.map(plotlyText).join("<br>"),
      font: { size: TITLE_FONT_SIZE },
      x: 16 / width,
      xanchor: "left",
      xref: "paper",
      // The middle of the title block: plotly shifts a multi-line title anchored at its top.
      y: 1 - (14 + (block.lines.length * lineHeight(TITLE_FONT_SIZE)) / 2) / height,
      yanchor: "middle",
      yref: "container",
    },
    font: { family: FONT_FAMILY, size: MIN_FONT_SIZE, color: "#222222" },
    hoverlabel: { font: { size: MIN_FONT_SIZE } },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    height: Math.ceil(height),
    width: Math.ceil(width),
  };
}

/** The environment variable that makes every builder append its figure to a JSON-lines file. */
export const FIGURE_LOG_VARIABLE = "RNN_JACOBIAN_FIGURE_LOG";

/**
 * Every builder returns through here. When RNN_JACOBIAN_FIGURE_LOG names a file, the figure is
 * appended to it as one JSON line, so `npm run test:figures` can lint every figure a notebook
 * builds from the specs themselves (the notebook code stays unchanged).
 */
export function finishFigure(figure: Figure): Figure {
  const log = typeof process === "object" ? process.env?.[FIGURE_LOG_VARIABLE] : undefined;
  if (log) appendFileSync(log, JSON.stringify(figure) + "\n", "utf8");
  return figure;
}
