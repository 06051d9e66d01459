/**
 * Heatmap figures of Jacobian matrices: one matrix, several side by side (for example the correct
 * form | the paper's eq. (5) form | their element-wise difference), and a slider over a sequence
 * of matrices (for example the difference of the products ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ as t − k grows).
 *
 * Colours: "diverging" ranges are symmetric about zero with zmid = 0, so white always means 0 and
 * a difference panel shows its sign at a glance; "sequential" ranges run from min to max.
 * Rows are drawn top to bottom (row 1 at the top), as a matrix is written.
 */
import { Matrix, shapeOf } from "../validate";
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
  resolveLabels,
} from "./figure";
import { PanelModel, PanelsLayout, panelsSvg, panelsTraces } from "./heatmapPanels";
import { jacobianAxisLabels, plotlyText } from "./labels";

/** Options shared by the three heatmap builders. */
interface CommonHeatmapOptions {
  title: string;
  /** Row labels (array or function of the 0-based row). Default: ∂x_j⁽ⁱ⁾ for a square matrix. */
  rowLabels?: LabelSpec;
  /** Column labels. Default: ∂x_k⁽ⁱ⁻¹⁾ for a square matrix. */
  colLabels?: LabelSpec;
  xTitle?: string;
  yTitle?: string;
  /** Significant digits of the values written in cells (default 3). */
  digits?: number;
  /** Write values in cells; default when the matrices have at most 12 rows and columns. */
  showValues?: boolean;
  /** A fixed id; by default one is derived from the title and the data. */
  id?: string;
}

export interface HeatmapOptions extends CommonHeatmapOptions {
  matrix: Matrix;
  /** Per-cell symbolic entry, e.g. "W₂₁ σ′(x₂⁽¹⁾)"; shown on hover with the value. */
  hover?: string[][];
  /** Default "diverging" (centred on zero). */
  colorscale?: ColorScaleName;
  /** Title of the colour bar. */
  zTitle?: string;
}

export interface HeatmapPanel {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  /** A difference panel: always diverging, centred on zero, with its own symmetric range. */
  difference?: boolean;
  /** Default "diverging". */
  colorscale?: ColorScaleName;
  rowLabels?: LabelSpec;
  colLabels?: LabelSpec;
  zTitle?: string;
}

export interface HeatmapGridOptions extends CommonHeatmapOptions {
  panels: HeatmapPanel[];
  /**
   * true (default): the panels that are not differences and use the same colour scale share one
   * range, so equal values get equal colours across them. false: every panel gets its own range.
   */
  sharedScale?: boolean;
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
   * "perFrame" (default): each frame gets its own range, so a frame whose entries are 1e-6 is as
   * readable as one whose entries are 1; the colour bar changes with the slider. "shared": one
   * range for all frames, so colours compare across frames.
   */
  scale?: "perFrame" | "shared";
  /** Text before the current frame's label on the slider, e.g. "t − k = ". */
  sliderPrefix?: string;
  /** How many frames (1 to 4) the static image shows side by side; default 3: first, middle, last. */
  staticFrames?: number;
  zTitle?: string;
}

const MAX_CELLS_FOR_VALUES = 12;

function checkColorScale(name: string, value: unknown): ColorScaleName {
  if (value === undefined) return "diverging";
  if (!(COLOR_SCALE_NAMES as readonly unknown[]).includes(value)) {
    throw new RangeError(
      `${name} must be one of ${COLOR_SCALE_NAMES.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as ColorScaleName;
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

function checkCommon(options: CommonHeatmapOptions) {
  assertText("title", options.title);
  assertOptionalText("xTitle", options.xTitle);
  assertOptionalText("yTitle", options.yTitle);
  assertBoolean("showValues", options.showValues);
  return { digits: checkDigits("digits", options.digits, 3) };
}

function showValuesFor(options: CommonHeatmapOptions, matrices: Matrix[]): boolean {
  if (options.showValues !== undefined) return options.showValues;
  return matrices.every(
    (m) => m.length <= MAX_CELLS_FOR_VALUES && m[0].length <= MAX_CELLS_FOR_VALUES,
  );
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
  return {
    id: figureId(id, kind, spec.title, content),
    kind,
    title: spec.title,
    data,
    layout,
    ...(extra.frames ? { frames: extra.frames } : {}),
    staticSvg: panelsSvg(staticSpec),
  };
}

/** One matrix as a heatmap, with the symbolic entry and the value on hover. */
export function heatmapFigure(options: HeatmapOptions): Figure {
  assertOptions("options", options);
  const { digits } = checkCommon(options);
  const matrix = checkMatrix("matrix", options.matrix);
  const scale = checkColorScale("colorscale", options.colorscale);
  assertOptionalText("zTitle", options.zTitle);
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
    scale,
    range: colorRange([matrix], scale),
    zTitle: options.zTitle,
  };
  return buildFigure("heatmap", options.id, {
    title: options.title,
    panels: [panel],
    xTitle: options.xTitle,
    yTitle: options.yTitle,
    digits,
    showValues: showValuesFor(options, [matrix]),
  });
}

/**
 * Several heatmaps side by side, each with its own colour bar. Value panels share a range (see
 * `sharedScale`); difference panels are centred on zero with a symmetric range of their own.
 */
export function heatmapGridFigure(options: HeatmapGridOptions): Figure {
  assertOptions("options", options);
  const { digits } = checkCommon(options);
  assertBoolean("sharedScale", options.sharedScale);
  if (!Array.isArray(options.panels) || options.panels.length === 0) {
    throw new RangeError(`panels must be a non-empty array, got ${shapeOf(options.panels)}`);
  }
  if (options.panels.length > 4) {
    throw new RangeError(`panels must hold at most 4 panels, got ${options.panels.length}`);
  }
  const drafts = options.panels.map((panel, p) => {
    const name = `panels[${p}]`;
    assertOptions(name, panel);
    assertText(`${name}.title`, panel.title);
    assertBoolean(`${name}.difference`, panel.difference);
    assertOptionalText(`${name}.zTitle`, panel.zTitle);
    const matrix = checkMatrix(`${name}.matrix`, panel.matrix);
    const scale = checkColorScale(`${name}.colorscale`, panel.colorscale);
    if (panel.difference && scale !== "diverging") {
      throw new RangeError(`${name}.colorscale must be "diverging" for a difference panel`);
    }
    const rowSpec = panel.rowLabels ?? options.rowLabels;
    const colSpec = panel.colLabels ?? options.colLabels;
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
      scale,
      difference: panel.difference === true,
      zTitle: panel.zTitle,
    };
  });
  const shared = options.sharedScale ?? true;
  const sharedRange = (scale: ColorScaleName): ColorRange =>
    colorRange(
      drafts.filter((d) => !d.difference && d.scale === scale).map((d) => d.matrix),
      scale,
    );
  const panels: PanelModel[] = drafts.map(({ difference, ...d }) => ({
    ...d,
    range: difference || !shared ? colorRange([d.matrix], d.scale) : sharedRange(d.scale),
  }));
  return buildFigure("heatmapGrid", options.id, {
    title: options.title,
    panels,
    xTitle: options.xTitle,
    yTitle: options.yTitle,
    digits,
    showValues: showValuesFor(
      options,
      panels.map((p) => p.matrix),
    ),
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
  const mode = options.scale ?? "perFrame";
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
  const sharedRange = colorRange(
    frames.map((f) => f.matrix),
    scale,
  );
  const panelOf = (frame: (typeof frames)[number]): PanelModel => ({
    title: frame.label,
    matrix: frame.matrix,
    hover: frame.hover,
    rowLabels,
    colLabels,
    scale,
    range: mode === "shared" ? sharedRange : colorRange([frame.matrix], scale),
    zTitle: options.zTitle,
  });
  const common = {
    xTitle: options.xTitle,
    yTitle: options.yTitle,
    digits,
    showValues: showValuesFor(options, [first]),
  };
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
      pad: { t: margin.b, b: 10 },
      currentvalue: {
        visible: true,
        prefix: plotlyText(options.sliderPrefix ?? ""),
        xanchor: "left",
      },
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
