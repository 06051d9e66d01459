/**
 * Heatmap figures of Jacobian matrices: one matrix, several side by side (for example the correct
 * form | the paper's eq. (5) form | their element-wise difference), and a slider over a sequence
 * of matrices (for example the difference of the products ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾ as the lag T − t grows).
 *
 * Colours: ranges are symmetric about zero with zmid = 0, so white always means 0 and a difference
 * panel shows its sign at a glance. What is compared is drawn on one scale: the forms and their
 * difference in a grid share one range (and, through `range`, two figures can share it), and the
 * frames of a slider share one range. Rows are drawn top to bottom, as a matrix is written.
 */
import { Matrix, assertMatrix, shapeOf } from "../validate";
import { ColorRange } from "./colors";
import {
  Figure,
  FigureKind,
  LabelSpec,
  PlotlyObject,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  checkHover,
  checkInteger,
  checkList,
  checkMatrix,
  checkOneOf,
  finishFigure,
  resolveLabels,
} from "./figure";
import { PanelModel, PanelsLayout, panelsSvg, panelsTraces } from "./heatmapPanels";
import { jacobianAxisLabels, plotlyText } from "./labels";
import { MIN_FONT_SIZE } from "./style";

/** Labels and titles of a panel; a grid's panel may override the figure's. */
interface PanelText {
  /** Row labels (array or function of the 0-based row). Default: ∂x_j⁽ⁱ⁾ for a square matrix. */
  rowLabels?: LabelSpec;
  /** Column labels. Default: ∂x_k⁽ⁱ⁻¹⁾ for a square matrix. */
  colLabels?: LabelSpec;
  /** Axis titles. Default for a square matrix with default labels: the neurons j and k. */
  xTitle?: string;
  yTitle?: string;
  /** Title of the colour bar (default "entry value"). */
  zTitle?: string;
}

interface CommonHeatmapOptions extends PanelText {
  title: string;
  /** Significant digits of the values written in cells (default 3). */
  digits?: number;
  /** A fixed id; by default one is derived from the title and the data. */
  id?: string;
}

export interface HeatmapOptions extends CommonHeatmapOptions {
  matrix: Matrix;
  /** Per-cell symbolic entry, e.g. "W₂₁ σ′(x₂⁽¹⁾)"; shown on hover with the value. */
  hover?: string[][];
  /** A fixed symmetric range ±range (must contain every value). */
  range?: number;
}

export interface HeatmapPanel extends PanelText {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  /** A difference panel: drawn as "identical (max |diff| = …)" when zero (see identicalBelow). */
  difference?: boolean;
}

export interface HeatmapGridOptions extends CommonHeatmapOptions {
  panels: HeatmapPanel[];
  /**
   * The shared symmetric range ±range, e.g. `symmetricRange(...)` over the matrices of two
   * figures that the reader compares. Must contain every value of the shared panels.
   */
  range?: number;
  /** A difference panel with max |entry| ≤ this says "identical to within …" (default 0). */
  identicalBelow?: number;
}

export interface SliderHeatmapFrame {
  label: string;
  matrix: Matrix;
  hover?: string[][];
}

export interface SliderHeatmapOptions extends CommonHeatmapOptions {
  frames: SliderHeatmapFrame[];
  /**
   * "shared" (default): one range for all frames, so colours compare across frames and the
   * colour bar stays put. "perFrame": each frame its own range (colours do not compare).
   */
  scale?: "perFrame" | "shared";
  /** A fixed symmetric range ±range for every frame (scale "shared"). */
  range?: number;
  /** Text before the current frame's label on the slider, e.g. "T − t = ". */
  sliderPrefix?: string;
}

function checkCommon(options: CommonHeatmapOptions): number {
  assertOptions("options", options);
  assertText("title", options.title);
  assertOptionalText("xTitle", options.xTitle);
  assertOptionalText("yTitle", options.yTitle);
  assertOptionalText("zTitle", options.zTitle);
  return checkInteger("digits", options.digits, 1, 10, 3);
}

/**
 * The labels and titles of `matrix` in panel `where` ("" for the figure itself): the panel's,
 * else the figure's, else for a square matrix the Jacobian's (∂x_j⁽ⁱ⁾ by ∂x_k⁽ⁱ⁻¹⁾, the neurons
 * as titles), else "row i" / "column j".
 */
function panelText(where: string, matrix: Matrix, panel: PanelText, options: PanelText) {
  const [rows, cols] = [matrix.length, matrix[0].length];
  const jacobian = jacobianAxisLabels(rows === cols ? rows : 1, "numerator");
  const rowSpec = panel.rowLabels ?? options.rowLabels;
  const colSpec = panel.colLabels ?? options.colLabels;
  const numbered = (count: number, word: string) =>
    Array.from({ length: count }, (_, i) => `${word} ${i + 1}`);
  const name = (key: "rowLabels" | "colLabels") => (where && panel[key] ? `${where}.${key}` : key);
  return {
    rowLabels: resolveLabels(name("rowLabels"), rowSpec, rows, () =>
      rows === cols ? jacobian.rowLabels : numbered(rows, "row"),
    ),
    colLabels: resolveLabels(name("colLabels"), colSpec, cols, () =>
      rows === cols ? jacobian.colLabels : numbered(cols, "column"),
    ),
    xTitle:
      panel.xTitle ??
      options.xTitle ??
      (rows === cols && colSpec === undefined ? jacobian.xTitle : "column"),
    yTitle:
      panel.yTitle ??
      options.yTitle ??
      (rows === cols && rowSpec === undefined ? jacobian.yTitle : "row"),
    zTitle: panel.zTitle ?? options.zTitle ?? "entry value",
  };
}

function maxAbsOf(matrices: Matrix[]): number {
  return matrices.reduce(
    (m, matrix) =>
      matrix.reduce((mm, row) => row.reduce((a, v) => Math.max(a, Math.abs(v)), mm), m),
    0,
  );
}

/**
 * The symmetric range ±max|entry| over all `matrices`: pass it as `range` to two figures that
 * the reader compares (for example the numerator- and the denominator-layout comparison), so
 * one colour means one value in both.
 */
export function symmetricRange(...matrices: Matrix[]): number {
  if (matrices.length === 0) throw new RangeError("symmetricRange needs at least one matrix");
  matrices.forEach((m, i) => assertMatrix(`matrices[${i}]`, m));
  const largest = maxAbsOf(matrices);
  return largest > 0 ? largest : 1;
}

/**
 * ±`range` when given, checked to be positive and to contain `matrices`; else ±max|entry| (1 for
 * all zeros, so the colour mapping never divides by zero).
 */
function colorRange(range: unknown, matrices: Matrix[]): ColorRange {
  if (range === undefined) {
    const bound = maxAbsOf(matrices) || 1;
    return { zmin: -bound, zmax: bound, zmid: 0 };
  }
  if (typeof range !== "number" || !Number.isFinite(range) || range <= 0) {
    throw new RangeError(`range must be a positive finite number, got ${JSON.stringify(range)}`);
  }
  const largest = maxAbsOf(matrices);
  // A relative slack of 1e-9 lets a range computed from the same numbers pass.
  if (largest > range * (1 + 1e-9)) {
    throw new RangeError(
      `range = ${range} must contain every value it colours, but max |entry| = ${largest}`,
    );
  }
  return { zmin: -range, zmax: range, zmid: 0 };
}

function buildFigure(
  kind: FigureKind,
  id: unknown,
  spec: PanelsLayout,
  staticSpec: PanelsLayout = spec,
  extra: { layout?: PlotlyObject; frames?: PlotlyObject[] } = {},
): Figure {
  const { data, layout } = panelsTraces(spec);
  Object.assign(layout, extra.layout ?? {});
  const parts = { data, layout, frames: extra.frames, staticSvg: panelsSvg(staticSpec) };
  return finishFigure(kind, id, spec.title, parts, [data, layout, extra.frames ?? null]);
}

/** One matrix as a heatmap, with the symbolic entry and the value on hover. */
export function heatmapFigure(options: HeatmapOptions): Figure {
  const digits = checkCommon(options);
  const matrix = checkMatrix("matrix", options.matrix);
  const panel: PanelModel = {
    title: "",
    matrix,
    hover: checkHover("hover", options.hover, matrix),
    ...panelText("", matrix, options, options),
    range: colorRange(options.range, [matrix]),
  };
  const spec = { title: options.title, panels: [panel], digits };
  return buildFigure("heatmap", options.id, spec);
}

/**
 * Several heatmaps in a grid (wrapping onto a second row when they would not fit the notebook's
 * width legibly). The panels, the forms and their difference alike, share one symmetric range and
 * one colour bar; a difference panel that is zero (within `identicalBelow`) says so instead of
 * showing a heatmap.
 */
export function heatmapGridFigure(options: HeatmapGridOptions): Figure {
  const digits = checkCommon(options);
  checkList("panels", options.panels, 6);
  const tolerance = options.identicalBelow ?? 0;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(
      `identicalBelow must be a finite number ≥ 0, got ${JSON.stringify(options.identicalBelow)}`,
    );
  }
  const drafts = options.panels.map((panel, p) => {
    const name = `panels[${p}]`;
    assertOptions(name, panel);
    assertText(`${name}.title`, panel.title);
    assertBoolean(`${name}.difference`, panel.difference);
    for (const key of ["zTitle", "xTitle", "yTitle"] as const) {
      assertOptionalText(`${name}.${key}`, panel[key]);
    }
    const matrix = checkMatrix(`${name}.matrix`, panel.matrix);
    const largest = maxAbsOf([matrix]);
    return {
      title: panel.title,
      matrix,
      hover: checkHover(`${name}.hover`, panel.hover, matrix),
      ...panelText(name, matrix, panel, options),
      identical:
        panel.difference && largest <= tolerance ? { maxAbs: largest, tolerance } : undefined,
    };
  });
  // The panels drawn as heatmaps share one range (and colour bar); identical ones draw none.
  const members = drafts.filter((d) => !d.identical).map((d) => d.matrix);
  const shared = members.length ? colorRange(options.range, members) : undefined;
  const panels: PanelModel[] = drafts.map((d) => ({
    ...d,
    range: d.identical || !shared ? colorRange(undefined, [d.matrix]) : shared,
    ...(!d.identical && members.length > 1 ? { group: "compared" } : {}),
  }));
  const spec = { title: options.title, panels, digits };
  return buildFigure("heatmapGrid", options.id, spec);
}

/** Indices of `count` frames spread evenly over `total`, always including the first and last. */
export function staticFrameIndices(total: number, count: number): number[] {
  const k = Math.min(total, count);
  if (k <= 1) return [0];
  return [...new Set(Array.from({ length: k }, (_, i) => Math.round((i * (total - 1)) / (k - 1))))];
}

/**
 * A heatmap with a plotly slider over `frames` (all of one shape). The static image shows the
 * first, the middle and the last frame side by side, each with its own label as panel title.
 */
export function sliderHeatmapFigure(options: SliderHeatmapOptions): Figure {
  const digits = checkCommon(options);
  assertOptionalText("sliderPrefix", options.sliderPrefix);
  checkList("frames", options.frames);
  const frames = options.frames.map((frame, f) => {
    const name = `frames[${f}]`;
    assertOptions(name, frame);
    assertText(`${name}.label`, frame.label);
    const matrix = checkMatrix(`${name}.matrix`, frame.matrix);
    return { label: frame.label, matrix, hover: checkHover(`${name}.hover`, frame.hover, matrix) };
  });
  const first = frames[0].matrix;
  frames.forEach((frame, f) => {
    if (frame.matrix.length !== first.length || frame.matrix[0].length !== first[0].length) {
      throw new RangeError(
        `frames[${f}].matrix must have the shape of frames[0].matrix (${shapeOf(first)}), got ${shapeOf(frame.matrix)}`,
      );
    }
    if (frames.findIndex((other) => other.label === frame.label) < f) {
      throw new RangeError(`frames[${f}].label must be distinct, ${JSON.stringify(frame.label)}`);
    }
  });
  const labels = panelText("", first, {}, options);
  const scale = checkOneOf("scale", options.scale, ["perFrame", "shared"] as const) ?? "shared";
  if (options.range !== undefined && scale !== "shared") {
    throw new RangeError('range needs scale "shared"');
  }
  const shared = colorRange(
    options.range,
    frames.map((f) => f.matrix),
  );
  const panelOf = (frame: (typeof frames)[number]): PanelModel => ({
    title: (options.sliderPrefix ?? "") + frame.label,
    matrix: frame.matrix,
    hover: frame.hover,
    ...labels,
    ...(scale === "shared"
      ? { range: shared, group: "frames" }
      : { range: colorRange(undefined, [frame.matrix]) }),
  });
  const common = { digits };
  const liveSpec = (frame: (typeof frames)[number]): PanelsLayout => ({
    title: options.title,
    panels: [panelOf(frame)],
    ...common,
  });
  const plotlyFrames = frames.map((frame, f) => {
    const { data, layout } = panelsTraces(liveSpec(frame));
    const { z, text, zmin, zmax, zmid } = data[0];
    return {
      name: `frame-${f}`,
      data: [{ z, ...(text ? { text } : {}), zmin, zmax, zmid }],
      traces: [0],
      layout: { annotations: layout.annotations },
    };
  });
  const base = panelsTraces(liveSpec(frames[0])).layout;
  const margin = base.margin as { b: number };
  const sliderHeight = 80;
  const font = { size: MIN_FONT_SIZE };
  const prefix = plotlyText(options.sliderPrefix ?? "");
  const slider = {
    active: 0,
    x: 0,
    len: 1,
    y: 0,
    yanchor: "top",
    pad: { t: 0, b: 10 },
    currentvalue: { visible: true, prefix, xanchor: "left", font },
    font,
    steps: frames.map((frame, f) => ({
      label: plotlyText(frame.label),
      method: "animate",
      args: [
        [`frame-${f}`],
        { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } },
      ],
    })),
  };
  const staticPanels = staticFrameIndices(frames.length, 3).map((f) => panelOf(frames[f]));
  const shown = staticPanels.length;
  const staticTitle =
    shown < frames.length
      ? `${options.title} (${shown} of ${frames.length} slider frames)`
      : options.title;
  return buildFigure(
    "sliderHeatmap",
    options.id,
    liveSpec(frames[0]),
    { title: staticTitle, panels: staticPanels, ...common },
    {
      layout: {
        sliders: [slider],
        height: (base.height as number) + sliderHeight,
        margin: { ...margin, b: margin.b + sliderHeight },
      },
      frames: plotlyFrames,
    },
  );
}
