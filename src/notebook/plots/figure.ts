/**
 * The Figure every builder returns, the input checks the builders share, and the layout pieces
 * every figure has. A Figure is plain data: plotly traces, layout and frames for the live plot,
 * plus a static SVG drawn from the same geometry for places where no script runs (GitHub,
 * untrusted notebooks); `display.ts` turns it into notebook output.
 */
import { Matrix, assertIntegerIn, assertMatrix, assertOneOf, shapeOf } from "../../shared/validate";
import { plotlyText } from "./labels";
import { MIN_FONT_SIZE, PANEL_TITLE_FONT_SIZE, TITLE_FONT_SIZE } from "./style";
import { FONT_FAMILY, lineHeight, textElement, wrapText } from "./svg";

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

/** Plotly traces, layout and frames as plain JSON-able records (no dependency on plotly's types). */
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

/**
 * The figure's id: `id` when given (checked), else "<kind>-<slug of title>-<FNV-1a hash of
 * content>", so building the same figure twice gives the same id and different figures different
 * ids.
 */
function figureId(
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
  const text = JSON.stringify(content);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${kind}-${slug ? slug + "-" : ""}${h.toString(16).padStart(8, "0")}`;
}

/** The one way a figure option is refused for its type: "<name> must be <what>, got <got>". */
function assertType(ok: boolean, name: string, what: string, got: string): void {
  if (!ok) throw new TypeError(`${name} must be ${what}, got ${got}`);
}

export function assertText(name: string, value: unknown): asserts value is string {
  const ok = typeof value === "string" && value.trim() !== "";
  assertType(ok, name, "a non-empty string", JSON.stringify(value));
}

export function assertOptionalText(
  name: string,
  value: unknown,
): asserts value is string | undefined {
  const ok = value === undefined || typeof value === "string";
  assertType(ok, name, "a string when given", JSON.stringify(value));
}

export function assertBoolean(name: string, value: unknown): asserts value is boolean | undefined {
  const ok = value === undefined || typeof value === "boolean";
  assertType(ok, name, "true or false when given", JSON.stringify(value));
}

export function assertOptions(name: string, options: unknown): asserts options is object {
  const ok = typeof options === "object" && options !== null && !Array.isArray(options);
  assertType(ok, name, "an options object", shapeOf(options));
}

/** An integer in [min, max] (max undefined: no upper limit); `fallback` when undefined. */
export function assertIntegerOption(
  name: string,
  value: unknown,
  min: number,
  max?: number,
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const unbounded = min === 1 ? "a positive integer" : "a non-negative integer";
  assertIntegerIn(name, value, min, max ?? Infinity, max === undefined ? unbounded : undefined);
  return value;
}

/** One of `choices`, or undefined when not given. */
export function assertOptionalOneOf<T extends string>(
  name: string,
  value: unknown,
  choices: readonly T[],
): T | undefined {
  if (value !== undefined) assertOneOf(name, value, choices);
  return value as T | undefined;
}

/** A non-empty array of at most `max` items. */
export function assertList<T>(name: string, value: T[], max = Infinity): T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(`${name} must be a non-empty array, got ${shapeOf(value)}`);
  }
  if (value.length > max) {
    throw new RangeError(`${name} must hold at most ${max} ${name}, got ${value.length}`);
  }
  return value;
}

/** A finite rectangular matrix (validate.ts), copied so later edits by the caller do not leak in. */
export function assertMatrixCopy(name: string, matrix: unknown): Matrix {
  assertMatrix(name, matrix);
  return matrix.map((row) => row.slice());
}

/** Hover text: a rows×cols array of strings matching `matrix`. */
export function assertHover(name: string, hover: unknown, matrix: Matrix): string[][] | undefined {
  if (hover === undefined) return undefined;
  const shape = shapeOf(matrix);
  if (!Array.isArray(hover) || shapeOf(hover) !== shape) {
    throw new RangeError(
      `${name} must be ${shape} to match the matrix (${shape}), got ${shapeOf(hover)}`,
    );
  }
  const at = hover.flat().findIndex((entry: unknown) => typeof entry !== "string");
  const [i, j] = [Math.floor(at / matrix[0].length), at % matrix[0].length];
  assertType(at < 0, `${name}[${i}][${j}]`, "a string", JSON.stringify(hover[i]?.[j]));
  return hover as string[][];
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
    assertType(typeof label === "string", `${name}[${i}]`, "a string", JSON.stringify(label));
    if (labels.indexOf(label) < i) {
      throw new RangeError(`${name} must be distinct, ${JSON.stringify(label)} appears twice`);
    }
  });
  return labels as string[];
}

/** A figure's title, wrapped to its width: the lines and the height they take (px) with a gap. */
export interface TitleBlock {
  lines: string[];
  height: number;
}

export function titleBlock(title: string, width: number): TitleBlock {
  const lines = wrapText(title, TITLE_FONT_SIZE, width - 32);
  return { lines, height: 14 + lines.length * lineHeight(TITLE_FONT_SIZE) + 8 };
}

/** The SVG text lines of a wrapped title, left-aligned at x = 16. */
export function titleSvg(block: TitleBlock): string {
  const style = { size: TITLE_FONT_SIZE, weight: "bold" } as const;
  const y = (i: number) => 14 + TITLE_FONT_SIZE + i * lineHeight(TITLE_FONT_SIZE);
  return block.lines.map((line, i) => textElement(16, y(i), line, style)).join("");
}

/**
 * Layout pieces every figure shares: fonts at or above the projector minimum, white paper, the
 * title (wrapped with <br> as in the static SVG), a fixed pixel size, no margins (every builder
 * places its plot areas itself).
 */
export function baseLayout(block: TitleBlock, height: number, width: number): PlotlyObject {
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
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
  };
}

/** Plotly coordinates in the axes of `pixelLayout`. */
export const PX = { xref: "x", yref: "y" };

/** A base layout whose hidden axes make data coordinates the SVG's pixels (y downwards). */
export function pixelLayout(block: TitleBlock, height: number, width: number): PlotlyObject {
  const hidden = { visible: false, fixedrange: true };
  return {
    ...baseLayout(block, height, width),
    xaxis: { ...hidden, range: [0, width], domain: [0, 1] },
    yaxis: { ...hidden, range: [height, 0], domain: [0, 1] },
    showlegend: false,
  };
}

/** A plotly text annotation at (x, y) in paper fractions; `text` is plotly markup already. */
export function paperText(
  name: string,
  text: string,
  [x, y]: [number, number],
  [xanchor, yanchor]: [string, string],
  size: number,
  align?: string,
): PlotlyObject {
  const at = { name, text, xref: "paper", yref: "paper", x, y, xanchor, yanchor };
  return { ...at, ...(align ? { align } : {}), showarrow: false, font: { size } };
}

/**
 * The bold title of panel `p`, centred at x above a plot area whose top is at y (px, in a figure
 * of width×height): the plotly annotation, `gap` px above the area, and the SVG text, 10 px above.
 */
export function panelTitle(
  p: number,
  title: string,
  x: number,
  y: number,
  gap: number,
  size: { width: number; height: number },
): { annotation: PlotlyObject; svg: string } {
  const at: [number, number] = [x / size.width, 1 - (y - gap) / size.height];
  const [name, text] = [`panel title ${p + 1}`, `<b>${plotlyText(title)}</b>`];
  const style = { size: PANEL_TITLE_FONT_SIZE, anchor: "middle", weight: "bold" } as const;
  return {
    annotation: paperText(name, text, at, ["center", "bottom"], PANEL_TITLE_FONT_SIZE),
    svg: textElement(x, y - 10, title, style),
  };
}

/** Every builder returns through here: the figure's id, then its parts in one record. */
export function finishFigure(
  kind: FigureKind,
  idOption: unknown,
  title: string,
  parts: { data: PlotlyObject[]; layout: PlotlyObject; frames?: PlotlyObject[]; staticSvg: string },
  content: readonly unknown[] = [parts.data, parts.layout],
): Figure {
  const { data, layout, frames, staticSvg } = parts;
  const head = { id: figureId(idOption, kind, title, content), kind, title, data, layout };
  return { ...head, ...(frames ? { frames } : {}), staticSvg };
}
