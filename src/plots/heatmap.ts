/**
 * Heatmap figures of Jacobian matrices: one matrix, several side by side (for example the correct
 * form | the paper's eq. (5) form | their element-wise difference), and a slider over a sequence
 * of matrices (for example the difference of the products ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾ as the lag T − t grows).
 *
 * Colours: "diverging" ranges are symmetric about zero with zmid = 0, so white always means 0 and
 * a difference panel shows its sign at a glance; "sequential" ranges run from min to max. What is
 * compared is drawn on one scale: the forms and their difference in a grid share one range (and,
 * through `range`, two figures can share it), and the frames of a slider share one range.
 * Rows are drawn top to bottom (row 1 at the top), as a matrix is written.
 */
import { Matrix, assertMatrix, shapeOf } from "../validate";
import { COLOR_SCALE_NAMES, ColorRange, ColorScaleName, colorRange } from "./colors";
import {
  Figure,
  LabelSpec,
  PlotlyObject,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  checkDigits,
  checkHover,
  checkMatrix,
  figureId,
  finishFigure,
  resolveLabels,
} from "./figure";
import { PanelModel, PanelsLayout, panelsSvg, panelsTraces } from "./heatmapPanels";
import { jacobianAxisLabels, plotlyText } from "./labels";
import { MIN_FONT_SIZE } from "./style";

/** Options shared by the three heatmap builders. */
interface CommonHeatmapOptions {
  title: string;
  /** Row labels (array or function of the 0-based row). Default: ∂x_j⁽ⁱ⁾ for a square matrix. */
  rowLabels?: LabelSpec;
  /** Column labels. Default: ∂x_k⁽ⁱ⁻¹⁾ for a square matrix. */
  colLabels?: LabelSpec;
  /** Axis titles. Default for a square matrix with default labels: the neurons j and k. */
  xTitle?: string;
  yTitle?: string;
  /** Significant digits of the values written in cells (default 3). */
  digits?: number;
  /** false: never write values in cells. Otherwise they are written only where they fit. */
  showValues?: boolean;
  /** Title of the colour bar (default "entry value"). */
  zTitle?: string;
  /** A fixed id; by default one is derived from the title and the data. */
  id?: string;
}

export interface HeatmapOptions extends CommonHeatmapOptions {
  matrix: Matrix;
  /** Per-cell symbolic entry, e.g. "W₂₁ σ′(x₂⁽¹⁾)"; shown on hover with the value. */
  hover?: string[][];
  /** Default "diverging" (centred on zero). */
  colorscale?: ColorScaleName;
  /** A fixed symmetric range ±range for the diverging scale (must contain every value). */
  range?: number;
}

export interface HeatmapPanel {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  /** A difference panel: drawn as "identical (max |diff| = …)" when zero (see identicalBelow). */
  difference?: boolean;
  /** Default "diverging". */
  colorscale?: ColorScaleName;
  rowLabels?: LabelSpec;
  colLabels?: LabelSpec;
  xTitle?: string;
  yTitle?: string;
  zTitle?: string;
}

export interface HeatmapGridOptions extends CommonHeatmapOptions {
  panels: HeatmapPanel[];
  /**
   * true (default): every diverging panel, the forms and their difference alike, shares one
   * symmetric range and one colour bar, so a difference looks as large as it is next to the
   * forms. false: every panel gets its own range and bar.
   */
  sharedScale?: boolean;
  /**
   * The shared symmetric range ±range, e.g. `symmetricRange(...)` over the matrices of two
   * figures that the reader compares. Must contain every value of the shared panels.
   */
  range?: number;
  /**
   * A difference panel whose max |entry| is ≤ this is drawn as "identical to within …" instead
   * of a heatmap (default 0: only an exactly zero difference).
   */
  identicalBelow?: number;
}

export interface SliderHeatmapFrame {
  label: string;
  matrix: Matrix;
  hover?: string[][];
}

export interface SliderHeatmapOptions extends CommonHeatmapOptions {
  frames: SliderHeatmapFrame[];
  /** Default "diverging". */
  colorscale?: ColorScaleName;
  /**
   * "shared" (default): one range for all frames, so colours compare across frames and the
   * colour bar stays put. "perFrame": each frame its own range (colours do not compare).
   */
  scale?: "perFrame" | "shared";
  /** A fixed symmetric range ±range for every frame (diverging scale). */
  range?: number;
  /** Text before the current frame's label on the slider, e.g. "T − t = ". */
  sliderPrefix?: string;
  /** How many frames (1 to 4) the static image shows side by side; default 3: first, middle, last. */
  staticFrames?: number;
}

const DEFAULT_Z_TITLE = "entry value";

function checkColorScale(name: string, value: unknown): ColorScaleName {
  if (value === undefined) return "diverging";
  if (!(COLOR_SCALE_NAMES as readonly unknown[]).includes(value)) {
    throw new RangeError(
      `${name} must be one of ${COLOR_SCALE_NAMES.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as ColorScaleName;
}

function isSquareDefault(matrix: Matrix, spec: unknown): boolean {
  return spec === undefined && matrix.length === matrix[0].length;
}

function defaultLabels(matrix: Matrix, which: "rowLabels" | "colLabels"): () => string[] {
  const rows = matrix.length;
  const cols = matrix[0].length;
  return () => {
    if (rows === cols) return jacobianAxisLabels(rows, "numerator")[which];
    return which === "rowLabels"
      ? Array.from({ length: rows }, (_, i) => `row ${i + 1}`)
      : Array.from({ length: cols }, (_, j) => `column ${j + 1}`);
  };
}

/** Axis titles: given ones, else the neurons for default Jacobian labels, else row/column. */
function axisTitles(
  matrix: Matrix,
  rowSpec: unknown,
  colSpec: unknown,
  xTitle: string | undefined,
  yTitle: string | undefined,
): { xTitle: string; yTitle: string } {
  const jacobian = jacobianAxisLabels(
    matrix.length === matrix[0].length ? matrix.length : 1,
    "numerator",
  );
  return {
    xTitle: xTitle ?? (isSquareDefault(matrix, colSpec) ? jacobian.xTitle : "column"),
    yTitle: yTitle ?? (isSquareDefault(matrix, rowSpec) ? jacobian.yTitle : "row"),
  };
}

function checkCommon(options: CommonHeatmapOptions) {
  assertText("title", options.title);
  assertOptionalText("xTitle", options.xTitle);
  assertOptionalText("yTitle", options.yTitle);
  assertOptionalText("zTitle", options.zTitle);
  assertBoolean("showValues", options.showValues);
  return { digits: checkDigits("digits", options.digits, 3) };
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

/** A diverging range ±range, checked to be positive and to contain `matrices`. */
function fixedRange(name: string, range: unknown, matrices: Matrix[]): ColorRange {
  if (typeof range !== "number" || !Number.isFinite(range) || range <= 0) {
    throw new RangeError(`${name} must be a positive finite number, got ${JSON.stringify(range)}`);
  }
  const largest = maxAbsOf(matrices);
  // A relative slack of 1e-9 lets a range computed from the same numbers pass.
  if (largest > range * (1 + 1e-9)) {
    throw new RangeError(
      `${name} = ${range} must contain every value it colours, but max |entry| = ${largest}`,
    );
  }
  return { zmin: -range, zmax: range, zmid: 0 };
}

function buildFigure(
  kind: Figure["kind"],
  id: unknown,
  spec: PanelsLayout,
  staticSpec: PanelsLayout = spec,
  extra: { layout?: PlotlyObject; frames?: PlotlyObject[] } = {},
): Figure {
  const { data, layout } = panelsTraces(spec);
  Object.assign(layout, extra.layout ?? {});
  const content = [data, layout, extra.frames ?? null];
  return finishFigure({
    id: figureId(id, kind, spec.title, content),
    kind,
    title: spec.title,
    data,
    layout,
    ...(extra.frames ? { frames: extra.frames } : {}),
    staticSvg: panelsSvg(staticSpec),
  });
}

/** One matrix as a heatmap, with the symbolic entry and the value on hover. */
export function heatmapFigure(options: HeatmapOptions): Figure {
  assertOptions("options", options);
  const { digits } = checkCommon(options);
  const matrix = checkMatrix("matrix", options.matrix);
  const scale = checkColorScale("colorscale", options.colorscale);
  if (options.range !== undefined && scale !== "diverging") {
    throw new RangeError(`range applies to the diverging scale only, colorscale is "${scale}"`);
  }
  const panel: PanelModel = {
    title: "",
    matrix,
    hover: checkHover("hover", options.hover, matrix),
    rowLabels: resolveLabels(
      "rowLabels",
      options.rowLabels,
      matrix.length,
      defaultLabels(matrix, "rowLabels"),
    ),
    colLabels: resolveLabels(
      "colLabels",
      options.colLabels,
      matrix[0].length,
      defaultLabels(matrix, "colLabels"),
    ),
    ...axisTitles(matrix, options.rowLabels, options.colLabels, options.xTitle, options.yTitle),
    scale,
    range:
      options.range === undefined
        ? colorRange([matrix], scale)
        : fixedRange("range", options.range, [matrix]),
    zTitle: options.zTitle ?? DEFAULT_Z_TITLE,
  };
  return buildFigure("heatmap", options.id, {
    title: options.title,
    panels: [panel],
    digits,
    showValues: options.showValues,
  });
}

/**
 * Several heatmaps in a grid (wrapping onto a second row when they would not fit the notebook's
 * width legibly). By default the diverging panels, the forms and their difference alike, share
 * one symmetric range and one colour bar; a difference panel that is zero (within
 * `identicalBelow`) says so instead of showing a heatmap.
 */
export function heatmapGridFigure(options: HeatmapGridOptions): Figure {
  assertOptions("options", options);
  const { digits } = checkCommon(options);
  assertBoolean("sharedScale", options.sharedScale);
  if (!Array.isArray(options.panels) || options.panels.length === 0) {
    throw new RangeError(`panels must be a non-empty array, got ${shapeOf(options.panels)}`);
  }
  if (options.panels.length > 6) {
    throw new RangeError(`panels must hold at most 6 panels, got ${options.panels.length}`);
  }
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
    assertOptionalText(`${name}.zTitle`, panel.zTitle);
    assertOptionalText(`${name}.xTitle`, panel.xTitle);
    assertOptionalText(`${name}.yTitle`, panel.yTitle);
    const matrix = checkMatrix(`${name}.matrix`, panel.matrix);
    const scale = checkColorScale(`${name}.colorscale`, panel.colorscale);
    if (panel.difference && scale !== "diverging") {
      throw new RangeError(`${name}.colorscale must be "diverging" for a difference panel`);
    }
    const rowSpec = panel.rowLabels ?? options.rowLabels;
    const colSpec = panel.colLabels ?? options.colLabels;
    const largest = maxAbsOf([matrix]);
    return {
      title: panel.title,
      matrix,
      hover: checkHover(`${name}.hover`, panel.hover, matrix),
      rowLabels: resolveLabels(
        panel.rowLabels ? `${name}.rowLabels` : "rowLabels",
        rowSpec,
        matrix.length,
        defaultLabels(matrix, "rowLabels"),
      ),
      colLabels: resolveLabels(
        panel.colLabels ? `${name}.colLabels` : "colLabels",
        colSpec,
        matrix[0].length,
        defaultLabels(matrix, "colLabels"),
      ),
      ...axisTitles(
        matrix,
        rowSpec,
        colSpec,
        panel.xTitle ?? options.xTitle,
        panel.yTitle ?? options.yTitle,
      ),
      scale,
      zTitle: panel.zTitle ?? options.zTitle ?? DEFAULT_Z_TITLE,
      identical:
        panel.difference && largest <= tolerance ? { maxAbs: largest, tolerance } : undefined,
    };
  });
  const shared = options.sharedScale ?? true;
  if (options.range !== undefined && !shared) {
    throw new RangeError("range needs sharedScale (the default): it is the one shared range");
  }
  const sharedMembers = drafts.filter((d) => shared && d.scale === "diverging" && !d.identical);
  const sharedRange: ColorRange | undefined =
    sharedMembers.length === 0
      ? undefined
      : options.range !== undefined
        ? fixedRange(
            "range",
            options.range,
            sharedMembers.map((d) => d.matrix),
          )
        : colorRange(
            sharedMembers.map((d) => d.matrix),
            "diverging",
          );
  // The shared bar's title: the panels' common zTitle.
  const panels: PanelModel[] = drafts.map((d) => {
    const inShared = sharedRange !== undefined && sharedMembers.includes(d);
    return {
      ...d,
      range: inShared ? sharedRange : colorRange([d.matrix], d.scale),
      ...(inShared && sharedMembers.length > 1 ? { group: "compared" } : {}),
    };
  });
  return buildFigure("heatmapGrid", options.id, {
    title: options.title,
    panels,
    digits,
    showValues: options.showValues,
  });
}

/** Indices of `count` frames spread evenly over `total`, always including the first and last. */
export function staticFrameIndices(total: number, count: number): number[] {
  const k = Math.min(total, count);
  if (k <= 1) return [0];
  const picked = Array.from({ length: k }, (_, i) => Math.round((i * (total - 1)) / (k - 1)));
  return [...new Set(picked)];
}

/**
 * A heatmap with a plotly slider over `frames` (all of one shape). The static image shows
 * `staticFrames` of them (default 3: the first, the middle and the last) as small multiples side
 * by side, each with its own label as panel title.
 */
export function sliderHeatmapFigure(options: SliderHeatmapOptions): Figure {
  assertOptions("options", options);
  const { digits } = checkCommon(options);
  assertOptionalText("sliderPrefix", options.sliderPrefix);
  assertOptionalText("zTitle", options.zTitle);
  const scale = checkColorScale("colorscale", options.colorscale);
  const mode = options.scale ?? "shared";
  if (mode !== "perFrame" && mode !== "shared") {
    throw new RangeError(`scale must be one of perFrame, shared, got ${JSON.stringify(mode)}`);
  }
  if (!Array.isArray(options.frames) || options.frames.length === 0) {
    throw new RangeError(`frames must be a non-empty array, got ${shapeOf(options.frames)}`);
  }
  const staticCount = options.staticFrames ?? 3;
  if (!Number.isInteger(staticCount) || staticCount < 1 || staticCount > 4) {
    throw new RangeError(
      `staticFrames must be an integer in [1, 4], got ${JSON.stringify(staticCount)}`,
    );
  }
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
  });
  const labels = new Set<string>();
  frames.forEach((frame, f) => {
    if (labels.has(frame.label)) {
      throw new RangeError(`frames[${f}].label must be distinct, ${JSON.stringify(frame.label)}`);
    }
    labels.add(frame.label);
  });
  const rowLabels = resolveLabels(
    "rowLabels",
    options.rowLabels,
    first.length,
    defaultLabels(first, "rowLabels"),
  );
  const colLabels = resolveLabels(
    "colLabels",
    options.colLabels,
    first[0].length,
    defaultLabels(first, "colLabels"),
  );
  if (options.range !== undefined && (scale !== "diverging" || mode !== "shared")) {
    throw new RangeError('range needs the diverging colorscale and scale "shared"');
  }
  const allMatrices = frames.map((f) => f.matrix);
  const sharedRange =
    options.range === undefined
      ? colorRange(allMatrices, scale)
      : fixedRange("range", options.range, allMatrices);
  const titles = axisTitles(
    first,
    options.rowLabels,
    options.colLabels,
    options.xTitle,
    options.yTitle,
  );
  const panelOf = (frame: (typeof frames)[number]): PanelModel => ({
    title: (options.sliderPrefix ?? "") + frame.label,
    matrix: frame.matrix,
    hover: frame.hover,
    rowLabels,
    colLabels,
    ...titles,
    scale,
    range: mode === "shared" ? sharedRange : colorRange([frame.matrix], scale),
    zTitle: options.zTitle ?? DEFAULT_Z_TITLE,
    ...(mode === "shared" ? { group: "frames" } : {}),
  });
  const common = { digits, showValues: options.showValues };
  const liveSpec = (frame: (typeof frames)[number]): PanelsLayout => ({
    title: options.title,
    panels: [panelOf(frame)],
    ...common,
  });
  const plotlyFrames = frames.map((frame, f) => {
    const { data, layout } = panelsTraces(liveSpec(frame));
    const trace = data[0];
    return {
      name: `frame-${f}`,
      data: [
        {
          z: trace.z,
          ...(trace.text ? { text: trace.text } : {}),
          zmin: trace.zmin,
          zmax: trace.zmax,
          ...(trace.zmid === undefined ? {} : { zmid: trace.zmid }),
        },
      ],
      traces: [0],
      layout: { annotations: layout.annotations },
    };
  });
  const base = panelsTraces(liveSpec(frames[0])).layout;
  const margin = base.margin as { b: number };
  const sliderHeight = 80;
  const sliders = [
    {
      active: 0,
      x: 0,
      len: 1,
      y: 0,
      yanchor: "top",
      pad: { t: 0, b: 10 },
      currentvalue: {
        visible: true,
        prefix: plotlyText(options.sliderPrefix ?? ""),
        xanchor: "left",
        font: { size: MIN_FONT_SIZE },
      },
      font: { size: MIN_FONT_SIZE },
      steps: frames.map((frame, f) => ({
        label: plotlyText(frame.label),
        method: "animate",
        args: [
          [`frame-${f}`],
          { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } },
        ],
      })),
    },
  ];
  const staticPanels = staticFrameIndices(frames.length, staticCount).map((f) =>
    panelOf(frames[f]),
  );
  const shown = staticPanels.length;
  return buildFigure(
    "sliderHeatmap",
    options.id,
    liveSpec(frames[0]),
    {
      title:
        shown < frames.length
          ? `${options.title} (${shown} of ${frames.length} slider frames)`
          : options.title,
      panels: staticPanels,
      ...common,
    },
    {
      layout: {
        sliders,
        height: (base.height as number) + sliderHeight,
        margin: { ...margin, b: margin.b + sliderHeight },
      },
      frames: plotlyFrames,
    },
  );
}
