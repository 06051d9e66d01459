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
import { Matrix, assertMatrix, shapeOf } from "../../shared/validate";
import {
  Figure,
  LabelSpec,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  assertHover,
  assertList,
  assertMatrixCopy,
  assertOptionalOneOf,
  finishFigure,
  resolveLabels,
} from "./figure";
import { PanelModel, panelsPicture } from "./heatmapPanels";
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
  /** A fixed id; by default one is derived from the title and the data. */
  id?: string;
}

/** A matrix with, per cell, its symbolic entry (e.g. "W₂₁ σ′(x₂⁽¹⁾)"), shown on hover. */
interface Entries {
  matrix: Matrix;
  hover?: string[][];
}

interface SharedRange {
  /**
   * The shared symmetric range ±range, e.g. `symmetricRange(...)` over the matrices of two
   * figures that the reader compares. Must contain every value of the shared panels.
   */
  range?: number;
}

export interface HeatmapOptions extends CommonHeatmapOptions, Entries, SharedRange {}

export interface HeatmapPanel extends PanelText, Entries {
  title: string;
  /** A difference panel: drawn as "identical (max |diff| = …)" when zero (see identicalBelow). */
  difference?: boolean;
}

export interface HeatmapGridOptions extends CommonHeatmapOptions, SharedRange {
  panels: HeatmapPanel[];
  /** A difference panel with max |entry| ≤ this says "identical to within …" (default 0). */
  identicalBelow?: number;
}

export interface SliderHeatmapFrame extends Entries {
  label: string;
}

export interface SliderHeatmapOptions extends CommonHeatmapOptions {
  frames: SliderHeatmapFrame[];
  /**
   * "shared" (default): one range for all frames, so colours compare across frames and the
   * colour bar stays put. "perFrame": each frame its own range (colours do not compare).
   */
  scale?: "perFrame" | "shared";
  /** Text before the current frame's label on the slider, e.g. "T − t = ". */
  sliderPrefix?: string;
}

/** The options object `name`, its title (a slider frame's: label) and its axis titles. */
function assertTexts(name: string, options: object, key: "title" | "label" = "title"): void {
  assertOptions(name, options);
  const prefix = name === "options" ? "" : `${name}.`;
  const texts = options as Record<string, unknown>;
  assertText(prefix + key, texts[key]);
  for (const key of ["xTitle", "yTitle", "zTitle"] as const) {
    assertOptionalText(prefix + key, texts[key]);
  }
}

function assertEntries(prefix: string, entries: Entries): Entries {
  const matrix = assertMatrixCopy(`${prefix}matrix`, entries.matrix);
  return { matrix, hover: assertHover(`${prefix}hover`, entries.hover, matrix) };
}

/**
 * The labels and titles of `matrix` in panel `prefix`: the panel's, else the figure's, else for a
 * square matrix the Jacobian's (∂x_j⁽ⁱ⁾ by ∂x_k⁽ⁱ⁻¹⁾, the neurons as titles), else "row i" /
 * "column j".
 */
function panelText(prefix: string, matrix: Matrix, panel: PanelText, figure: PanelText) {
  const [rows, cols] = [matrix.length, matrix[0].length];
  const jacobian = jacobianAxisLabels(rows === cols ? rows : 1, "numerator");
  const given = <K extends keyof PanelText>(key: K) => panel[key] ?? figure[key];
  const labels = (key: "rowLabels" | "colLabels", count: number, word: string) =>
    resolveLabels(panel[key] ? prefix + key : key, given(key), count, () =>
      rows === cols ? jacobian[key] : Array.from({ length: count }, (_, i) => `${word} ${i + 1}`),
    );
  const title = (key: "xTitle" | "yTitle", labelKey: "colLabels" | "rowLabels", word: string) =>
    given(key) ?? (rows === cols && given(labelKey) === undefined ? jacobian[key] : word);
  return {
    rowLabels: labels("rowLabels", rows, "row"),
    colLabels: labels("colLabels", cols, "column"),
    xTitle: title("xTitle", "colLabels", "column"),
    yTitle: title("yTitle", "rowLabels", "row"),
    zTitle: given("zTitle") ?? "entry value",
  };
}

const maxAbsOf = (matrices: Matrix[]) =>
  matrices.flat(2).reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);

/**
 * The symmetric range ±max|entry| over all `matrices`: pass it as `range` to two figures that
 * the reader compares (for example the numerator- and the denominator-layout comparison), so
 * one colour means one value in both.
 */
export function symmetricRange(...matrices: Matrix[]): number {
  if (matrices.length === 0) throw new RangeError("symmetricRange needs at least one matrix");
  matrices.forEach((m, i) => assertMatrix(`matrices[${i}]`, m));
  return maxAbsOf(matrices) || 1;
}

/**
 * The colour range R of `matrices` (coloured from −R to R): `range` when given, checked to be
 * positive and to contain them; else max|entry| (1 for all zeros, so colours never divide by 0).
 */
function colorRange(range: unknown, matrices: Matrix[]): number {
  const largest = maxAbsOf(matrices);
  // The colour bar spans −R … R: its ticks would be NaN when 2R overflows float64.
  if (!Number.isFinite(2 * largest)) {
    throw new RangeError(
      `the colour scale would span ±${largest}, more than float64 holds: rescale the matrix ` +
        "(e.g. divide it by its largest entry)",
    );
  }
  if (range === undefined) return largest || 1;
  if (typeof range !== "number" || !Number.isFinite(2 * range) || range <= 0) {
    throw new RangeError(`range must be a positive finite number, got ${JSON.stringify(range)}`);
  }
  // A relative slack of 1e-9 lets a range computed from the same numbers pass.
  if (largest > range * (1 + 1e-9)) {
    throw new RangeError(
      `range = ${range} must contain every value it colours, but max |entry| = ${largest}`,
    );
  }
  return range;
}

/**
 * A grid of `panels` (`prefix` names panel p in errors). The panels drawn as heatmaps, the forms
 * and their difference alike, share one symmetric range and one colour bar; a difference panel
 * that is zero (within `identicalBelow`) says so instead of showing a heatmap, and draws no bar.
 */
function gridFigure(
  kind: "heatmap" | "heatmapGrid",
  options: HeatmapGridOptions,
  prefix: (p: number) => string,
): Figure {
  const tolerance = options.identicalBelow ?? 0;
  if (typeof tolerance !== "number" || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(
      `identicalBelow must be a finite number ≥ 0, got ${JSON.stringify(options.identicalBelow)}`,
    );
  }
  const drafts = options.panels.map((panel, p) => {
    const entries = assertEntries(prefix(p), panel);
    const maxAbs = maxAbsOf([entries.matrix]);
    const identical = panel.difference && maxAbs <= tolerance ? { maxAbs, tolerance } : undefined;
    const text = panelText(prefix(p), entries.matrix, panel, options);
    return { title: panel.title, ...entries, ...text, identical };
  });
  const members = drafts.filter((d) => !d.identical);
  // An identical panel draws no heatmap, so the range it is given is never drawn.
  const matrices = members.map((d) => d.matrix);
  const range = colorRange(options.range, matrices);
  const group = members.length > 1 ? "compared" : undefined;
  const panels = drafts.map((d) => ({ ...d, range, group: d.identical ? undefined : group }));
  const { data, layout, staticSvg } = panelsPicture(options.title, panels);
  const parts = { data, layout, staticSvg };
  return finishFigure(kind, options.id, options.title, parts, [data, layout, null]);
}

/** One matrix as a heatmap, with the symbolic entry and the value on hover. */
export function heatmapFigure(options: HeatmapOptions): Figure {
  assertTexts("options", options);
  const panel = { ...options, title: "", difference: false };
  return gridFigure("heatmap", { ...options, panels: [panel] }, () => "");
}

/**
 * Several heatmaps in a grid (wrapping onto a second row when they would not fit the notebook's
 * width legibly), on one colour scale as `gridFigure` says.
 */
export function heatmapGridFigure(options: HeatmapGridOptions): Figure {
  assertTexts("options", options);
  assertList("panels", options.panels, 6).forEach((panel, p) => {
    assertTexts(`panels[${p}]`, panel);
    assertBoolean(`panels[${p}].difference`, panel.difference);
  });
  return gridFigure("heatmapGrid", options, (p) => `panels[${p}].`);
}

/**
 * A heatmap with a plotly slider over `frames` (all of one shape). The static image shows the
 * first, the middle and the last frame side by side, each with its own label as panel title.
 */
export function sliderHeatmapFigure(options: SliderHeatmapOptions): Figure {
  assertTexts("options", options);
  assertOptionalText("sliderPrefix", options.sliderPrefix);
  const scale =
    assertOptionalOneOf("scale", options.scale, ["perFrame", "shared"] as const) ?? "shared";
  const frames = assertList("frames", options.frames).map((frame, f) => {
    assertTexts(`frames[${f}]`, frame, "label");
    if (options.frames.findIndex((other) => other.label === frame.label) < f) {
      throw new RangeError(`frames[${f}].label must be distinct, ${JSON.stringify(frame.label)}`);
    }
    const entries = assertEntries(`frames[${f}].`, frame);
    const [first, matrix] = [options.frames[0].matrix, entries.matrix];
    if (matrix.length !== first.length || matrix[0].length !== first[0].length) {
      throw new RangeError(
        `frames[${f}].matrix must have the shape of frames[0].matrix (${shapeOf(first)}), got ${shapeOf(matrix)}`,
      );
    }
    return { ...entries, title: (options.sliderPrefix ?? "") + frame.label };
  });
  const text = panelText("", frames[0].matrix, {}, options);
  const matrices = frames.map((f) => f.matrix);
  const shared = { range: colorRange(undefined, matrices), group: "frames" };
  const panels: PanelModel[] = frames.map((frame) => ({
    ...frame,
    ...text,
    ...(scale === "shared" ? shared : { range: colorRange(undefined, [frame.matrix]) }),
  }));
  // Each frame is the one-panel picture of its matrix: its cells, range and panel title.
  const live = panels.map((panel) => panelsPicture(options.title, [panel]));
  const plotlyFrames = live.map(({ data, layout }, f) => {
    const { z, text, zmin, zmax, zmid } = data[0];
    const trace = { z, ...(text ? { text } : {}), zmin, zmax, zmid };
    const annotations = layout.annotations; // each frame's panel title
    return { name: `frame-${f}`, data: [trace], traces: [0], layout: { annotations } };
  });
  // The slider below the panel (plotly's defaults put it at the left, full width, top-anchored).
  const font = { size: MIN_FONT_SIZE };
  const instant = { duration: 0 };
  const animate = { mode: "immediate", frame: { ...instant, redraw: true }, transition: instant };
  const steps = options.frames.map((frame, f) => {
    return { label: plotlyText(frame.label), method: "animate", args: [[`frame-${f}`], animate] };
  });
  const currentvalue = { prefix: plotlyText(options.sliderPrefix ?? ""), font };
  const { data, layout: base } = live[0];
  const [margin, sliderHeight] = [base.margin as { b: number }, 80];
  const layout = {
    ...base,
    sliders: [{ pad: { t: 0, b: 10 }, currentvalue, font, steps }],
    height: (base.height as number) + sliderHeight,
    margin: { ...margin, b: margin.b + sliderHeight },
  };
  // The static image: the first, the middle and the last frame.
  const last = frames.length - 1;
  const shown = [...new Set([0, Math.round(last / 2), last])].map((f) => panels[f]);
  const some = shown.length < frames.length;
  const title = some ? ` (${shown.length} of ${frames.length} slider frames)` : "";
  const { staticSvg } = panelsPicture(options.title + title, shown);
  const parts = { data, layout, frames: plotlyFrames, staticSvg };
  const hashed = [data, layout, plotlyFrames];
  return finishFigure("sliderHeatmap", options.id, options.title, parts, hashed);
}
