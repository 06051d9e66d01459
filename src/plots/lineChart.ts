/**
 * Line charts: norms of ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾ against the lag T − t on a log scale (the geometric decay or
 * growth of eq. (7)), loss curves, cosine similarities; one chart or a grid of small multiples
 * (one panel per activation × regime), each panel with its own y axis and title.
 *
 * Style (./style.ts): a series that stands for the correct form, the printed form or a bound gets
 * that meaning's colour, dash and marker, given as `meaning` or announced by its name
 * ("printed …", "correct …", "bound …"). A series may carry a band (for example the 10th–90th
 * percentile over seeds around a median), drawn as a shaded area. Log axes are ticked at most
 * about six times, every few decades, with full labels (10⁻³⁸, 2×10⁻³), never plotly's bare
 * minor digits. The live plot and the static SVG share one pixel geometry and the same ticks.
 *
 * On a log scale a y value ≤ 0 has no place; the builder throws, naming the series and the
 * index, instead of dropping the point silently (a norm of exactly 0 is worth knowing about).
 */
import { assertVector, shapeOf } from "../validate";
import {
  Figure,
  PlotlyObject,
  TitleBlock,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  baseLayout,
  figureId,
  finishFigure,
  titleBlock,
  titleSvgLines,
} from "./figure";
import { plotlyText, toSuperscript } from "./labels";
import {
  LINE_DASHES,
  LineDash,
  MAX_FIGURE_WIDTH,
  MEANINGS,
  MIN_FONT_SIZE,
  Meaning,
  NEUTRAL_COLORS,
  PANEL_TITLE_FONT_SIZE,
  SVG_DASHARRAY,
  TITLE_FONT_SIZE,
  lineHeight,
  meaningOfName,
  seriesStyle,
  wrapText,
} from "./style";
import { element, escapeXml, px, svgDocument, textElement, textWidth } from "./svg";

export interface LineBand {
  /** Lower and upper edge of the band at each x of the series. */
  lower: number[];
  upper: number[];
  /** Legend text of the band, e.g. "10th–90th percentile over 50 seeds". */
  name: string;
}

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** What the series stands for: sets colour, dash and marker (./style.ts). */
  meaning?: Meaning;
  /** true or "dash": dashed; or "dot", "dashdot", "solid". Default: by meaning, else solid. */
  dash?: boolean | LineDash;
  /** "#rrggbb"; default: the meaning's colour, else the next neutral colour. */
  color?: string;
  /** A shaded band around the line (e.g. a percentile range over seeds). */
  band?: LineBand;
}

export interface LinePanel {
  /** Panel title (needed when the figure has more than one panel). */
  title?: string;
  yTitle: string;
  series: LineSeries[];
  /** A logarithmic y axis: every y (and band edge) must be > 0. */
  logY?: boolean;
  /** A fixed y range [low, high] (data units, also on a log axis); must contain every point. */
  yRange?: [number, number];
}

export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: LineSeries[];
  logY?: boolean;
  /** A fixed y range [low, high]: the same scale across runs and figures. */
  yRange?: [number, number];
  /** Draw point markers; default when no series has more than 30 points. */
  markers?: boolean;
  /** A sentence under the chart (e.g. what a sign flip means). */
  note?: string;
  id?: string;
}

export interface LinePanelsOptions {
  title: string;
  xTitle: string;
  panels: LinePanel[];
  /** Panels per row (default: 1 for two panels stacked, else 2). */
  columns?: number;
  /** One y range for every panel (the union), so panels compare at a glance. Default false. */
  sharedY?: boolean;
  markers?: boolean;
  note?: string;
  id?: string;
}

const WIDTH = MAX_FIGURE_WIDTH;
const TICK_SIZE = MIN_FONT_SIZE;
const LEGEND_ROW = 26;

interface CheckedSeries {
  name: string;
  x: number[];
  y: number[];
  dash: LineDash;
  color: string;
  symbol: string;
  meaning?: Meaning;
  band?: LineBand;
}

interface CheckedPanel {
  title?: string;
  yTitle: string;
  series: CheckedSeries[];
  logY: boolean;
  yRange?: [number, number];
}

const SYMBOLS = ["circle", "square", "triangle-up", "diamond", "cross", "star"];

function checkDash(name: string, dash: unknown): LineDash | undefined {
  if (dash === undefined) return undefined;
  if (dash === true) return "dash";
  if (dash === false) return "solid";
  if (!(LINE_DASHES as readonly unknown[]).includes(dash)) {
    throw new RangeError(
      `${name} must be true, false or one of ${LINE_DASHES.join(", ")}, got ${JSON.stringify(dash)}`,
    );
  }
  return dash as LineDash;
}

function checkSeries(where: string, list: unknown, logY: boolean): CheckedSeries[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new RangeError(`${where} must be a non-empty array, got ${shapeOf(list)}`);
  }
  const names = new Set<string>();
  let neutral = 0;
  const styles = new Set<string>();
  return (list as LineSeries[]).map((series, s) => {
    const name = `${where}[${s}]`;
    assertOptions(name, series);
    assertText(`${name}.name`, series.name);
    if (names.has(series.name)) {
      throw new RangeError(`${name}.name must be distinct, ${JSON.stringify(series.name)} repeats`);
    }
    names.add(series.name);
    assertVector(`${name}.x`, series.x);
    assertVector(`${name}.y`, series.y, series.x.length);
    const dash = checkDash(`${name}.dash`, series.dash);
    if (series.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(series.color)) {
      throw new RangeError(`${name}.color must be "#rrggbb", got ${JSON.stringify(series.color)}`);
    }
    if (
      series.meaning !== undefined &&
      !(MEANINGS as readonly unknown[]).includes(series.meaning)
    ) {
      throw new RangeError(
        `${name}.meaning must be one of ${MEANINGS.join(", ")}, got ${JSON.stringify(series.meaning)}`,
      );
    }
    let band: LineBand | undefined;
    if (series.band !== undefined) {
      assertOptions(`${name}.band`, series.band);
      assertText(`${name}.band.name`, series.band.name);
      assertVector(`${name}.band.lower`, series.band.lower, series.x.length);
      assertVector(`${name}.band.upper`, series.band.upper, series.x.length);
      series.band.lower.forEach((low, i) => {
        if (low > series.band!.upper[i]) {
          throw new RangeError(
            `${name}.band.lower[${i}] must be ≤ band.upper[${i}], got ${low} > ${series.band!.upper[i]}`,
          );
        }
      });
      band = {
        name: series.band.name,
        lower: series.band.lower.slice(),
        upper: series.band.upper.slice(),
      };
    }
    if (logY) {
      const positive = (values: number[], what: string) =>
        values.forEach((value, i) => {
          if (value <= 0) {
            throw new RangeError(
              `${name}.${what}[${i}] must be > 0 on a log scale (logY), got ${value} (series ${JSON.stringify(series.name)})`,
            );
          }
        });
      positive(series.y, "y");
      if (band) positive(band.lower, "band.lower");
    }
    const meaning = series.meaning ?? meaningOfName(series.name);
    const byMeaning = meaning ? seriesStyle(meaning) : undefined;
    const color = series.color ?? byMeaning?.color ?? NEUTRAL_COLORS[neutral++ % 6];
    const lineDash = dash ?? byMeaning?.dash ?? "solid";
    // Two series of one meaning in one panel keep the meaning's colour and dash; their markers
    // tell them apart.
    let symbol = byMeaning?.symbol ?? SYMBOLS[s % SYMBOLS.length];
    for (let v = 0; styles.has(`${color}|${lineDash}|${symbol}`); v++) symbol = SYMBOLS[v];
    styles.add(`${color}|${lineDash}|${symbol}`);
    return {
      name: series.name,
      x: series.x.slice(),
      y: series.y.slice(),
      dash: lineDash,
      color,
      symbol,
      meaning,
      band,
    };
  });
}

function checkRange(name: string, range: unknown, logY: boolean): [number, number] | undefined {
  if (range === undefined) return undefined;
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((v) => typeof v === "number" && Number.isFinite(v)) ||
    !(range[0] < range[1]) ||
    (logY && range[0] <= 0)
  ) {
    throw new RangeError(
      `${name} must be [low, high] with low < high${logY ? " and low > 0 (log axis)" : ""}, got ${JSON.stringify(range)}`,
    );
  }
  return [range[0], range[1]];
}

/** `where.key`, or just `key` at the top level (where = ""). */
function at(where: string, key: string): string {
  return where ? `${where}.${key}` : key;
}

function checkPanel(where: string, panel: LinePanel): CheckedPanel {
  assertOptions(where || "options", panel);
  assertOptionalText(at(where, "title"), panel.title);
  assertText(at(where, "yTitle"), panel.yTitle);
  assertBoolean(at(where, "logY"), panel.logY);
  const logY = panel.logY === true;
  const series = checkSeries(at(where, "series"), panel.series, logY);
  const yRange = checkRange(at(where, "yRange"), panel.yRange, logY);
  if (yRange) {
    for (const s of series) {
      const values = [...s.y, ...(s.band ? [...s.band.lower, ...s.band.upper] : [])];
      const outside = values.find((v) => v < yRange[0] || v > yRange[1]);
      if (outside !== undefined) {
        throw new RangeError(
          `${at(where, "yRange")} ${JSON.stringify(yRange)} must contain every point, but series ${JSON.stringify(s.name)} reaches ${outside}`,
        );
      }
    }
  }
  return { title: panel.title, yTitle: panel.yTitle, series, logY, yRange };
}

/** Round tick steps: 1, 2 or 5 times a power of ten, about `count` ticks over [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (min === max) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** The most ticks a log axis gets: more and their labels crowd into one column. */
export const MAX_LOG_TICKS = 6;

/**
 * Ticks of a log axis over [10^lo, 10^hi] (exponents): every `k`-th decade with k chosen so at
 * most MAX_LOG_TICKS ticks remain (k = 1, 2, 5, 10, 20, …); 1-2-5 within a range under two
 * decades, where decades alone would leave one or two ticks.
 */
export function logTicks(lo: number, hi: number): number[] {
  const inRange = (t: number) => Math.log10(t) >= lo - 1e-9 && Math.log10(t) <= hi + 1e-9;
  if (hi - lo < 2) {
    const ticks: number[] = [];
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
      for (const m of [1, 2, 5]) ticks.push(Number((m * 10 ** e).toPrecision(12)));
    }
    const shown = ticks.filter(inRange);
    return shown.length <= MAX_LOG_TICKS ? shown : shown.filter((t) => /^1/.test(String(t)));
  }
  const decades = Math.ceil(hi) - Math.floor(lo);
  const steps = [1, 2, 5, 10, 20, 50, 100];
  const every = steps.find((k) => Math.floor(decades / k) + 1 <= MAX_LOG_TICKS) ?? 100;
  const ticks: number[] = [];
  for (let e = Math.ceil(lo / every - 1e-9) * every; e <= hi + 1e-9; e += every) {
    ticks.push(Number(`1e${e}`)); // exact, unlike 10 ** e for negative e
  }
  return ticks.filter(inRange);
}

/** 10⁻³ for 0.001 and 2×10⁻⁷ for 2e-7 once the exponent is large; plain numbers near 1. */
export function logTickLabel(value: number): string {
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  if (Math.abs(exponent) < 3) return String(Number(value.toPrecision(1)));
  const mantissa = Math.round(value / 10 ** exponent);
  const power = `10${toSuperscript(String(exponent))}`;
  return mantissa === 1 ? power : `${mantissa}×${power}`;
}

export function linearTickLabel(value: number): string {
  if (value === 0) return "0";
  const text =
    Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3
      ? value.toExponential(1)
      : String(Number(value.toPrecision(6)));
  return text.replace(/^-/, "−");
}

function padRange(min: number, max: number, fraction: number): [number, number] {
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

/** An axis: its range in axis units (log10 for a log axis), ticks in data units and labels. */
interface Axis {
  log: boolean;
  range: [number, number];
  ticks: number[];
  labels: string[];
}

function xAxisOf(panels: CheckedPanel[]): Axis {
  const xs = panels.flatMap((p) => p.series.flatMap((s) => s.x));
  const range = padRange(Math.min(...xs), Math.max(...xs), 0.03);
  const ticks = niceTicks(range[0], range[1], 6);
  return { log: false, range, ticks, labels: ticks.map(linearTickLabel) };
}

function yValues(panel: CheckedPanel): number[] {
  return panel.series.flatMap((s) => [
    ...s.y,
    ...(s.band ? [...s.band.lower, ...s.band.upper] : []),
  ]);
}

function yAxisOf(panel: CheckedPanel, values: number[], fixed?: [number, number]): Axis {
  if (panel.logY) {
    const logs = fixed ? fixed.map(Math.log10) : values.map(Math.log10);
    const min = Math.min(...logs);
    const max = Math.max(...logs);
    const range: [number, number] = fixed
      ? [min, max]
      : min === max
        ? [min - 0.5, max + 0.5]
        : padRange(min, max, 0.05);
    const ticks = logTicks(range[0], range[1]);
    return { log: true, range, ticks, labels: ticks.map(logTickLabel) };
  }
  const range: [number, number] = fixed
    ? [fixed[0], fixed[1]]
    : padRange(Math.min(...values), Math.max(...values), 0.05);
  const ticks = niceTicks(range[0], range[1], 5);
  return { log: false, range, ticks, labels: ticks.map(linearTickLabel) };
}

/** Pixel boxes of every panel's plot area, and where the legend and note go. */
interface Geometry {
  width: number;
  height: number;
  title: TitleBlock;
  plots: { x0: number; x1: number; y0: number; y1: number }[];
  legendTop: number;
  legendRows: CheckedSeries[][];
  entryWidth: number;
  noteLines: string[];
  noteTop: number;
}

const LEFT_GUTTER = 92;
const RIGHT_GUTTER = 18;
const PANEL_TITLE_SPACE = 30;
const X_LABELS_SPACE = 58;

function legendEntries(panels: CheckedPanel[]): CheckedSeries[] {
  const seen = new Set<string>();
  const entries: CheckedSeries[] = [];
  for (const s of panels.flatMap((p) => p.series)) {
    for (const entry of s.band
      ? [{ ...s, name: s.band.name, dash: "solid" as const, symbol: "band" }, s]
      : [s]) {
      if (!seen.has(entry.name)) {
        seen.add(entry.name);
        entries.push(entry);
      }
    }
  }
  return entries;
}

function geometry(
  title: string,
  panels: CheckedPanel[],
  columns: number,
  note: string | undefined,
): Geometry {
  const block = titleBlock(title, WIDTH);
  const rows = Math.ceil(panels.length / columns);
  const plotHeight = panels.length === 1 ? 330 : rows === 1 ? 280 : 220;
  const hasPanelTitles = panels.some((p) => p.title);
  const cellWidth = (WIDTH - 8) / columns;
  const cellHeight = (hasPanelTitles ? PANEL_TITLE_SPACE : 8) + plotHeight + X_LABELS_SPACE;
  const plots = panels.map((_, p) => {
    const col = p % columns;
    const row = Math.floor(p / columns);
    const x0 = 8 + col * cellWidth + LEFT_GUTTER;
    const y0 = block.height + row * cellHeight + (hasPanelTitles ? PANEL_TITLE_SPACE : 8);
    return { x0, x1: 8 + (col + 1) * cellWidth - RIGHT_GUTTER, y0, y1: y0 + plotHeight };
  });
  const entries = legendEntries(panels);
  const entryWidth = Math.min(
    WIDTH - 40,
    Math.max(...entries.map((e) => textWidth(e.name, MIN_FONT_SIZE))) + 56,
  );
  const perRow = Math.max(1, Math.floor((WIDTH - 32) / entryWidth));
  const legendRows: CheckedSeries[][] = [];
  for (let i = 0; i < entries.length; i += perRow) legendRows.push(entries.slice(i, i + perRow));
  const legendTop = block.height + rows * cellHeight + 6;
  const noteLines = note ? wrapText(note, MIN_FONT_SIZE, WIDTH - 40) : [];
  const noteTop = legendTop + legendRows.length * LEGEND_ROW + 8;
  return {
    width: WIDTH,
    height: noteTop + noteLines.length * lineHeight(MIN_FONT_SIZE) + 12,
    title: block,
    plots,
    legendTop,
    legendRows,
    entryWidth,
    noteLines,
    noteTop,
  };
}

function toPx(axis: Axis, value: number, from: number, to: number): number {
  const v = axis.log ? Math.log10(value) : value;
  return from + ((v - axis.range[0]) / (axis.range[1] - axis.range[0])) * (to - from);
}

function rgba(color: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

interface Built {
  data: PlotlyObject[];
  layout: PlotlyObject;
  svg: string;
}

function build(
  title: string,
  xTitle: string,
  panels: CheckedPanel[],
  options: { columns: number; sharedY: boolean; markers?: boolean; note?: string },
): Built {
  const g = geometry(title, panels, options.columns, options.note);
  const markers = options.markers ?? panels.every((p) => p.series.every((s) => s.x.length <= 30));
  const xAxis = xAxisOf(panels);
  const sharedValues = panels.flatMap(yValues);
  const yAxes = panels.map((p) =>
    yAxisOf(p, options.sharedY ? sharedValues : yValues(p), p.yRange),
  );
  const layout: PlotlyObject = {
    ...baseLayout(g.title, g.height, g.width),
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
    showlegend: true,
    legend: {
      orientation: "h",
      x: 24 / g.width,
      xanchor: "left",
      y: 1 - g.legendTop / g.height,
      yanchor: "top",
      entrywidth: g.entryWidth,
      entrywidthmode: "pixels",
      font: { size: MIN_FONT_SIZE },
    },
    hovermode: "closest",
    annotations: [] as PlotlyObject[],
  };
  const annotations = layout.annotations as PlotlyObject[];
  const data: PlotlyObject[] = [];
  const legendShown = new Set<string>();
  const svg: string[] = [
    titleSvgLines(g.title, (y, line) =>
      textElement(16, y, line, { size: TITLE_FONT_SIZE, weight: "bold" }),
    ),
  ];
  const fx = (v: number) => v / g.width;
  const fy = (v: number) => 1 - v / g.height;
  panels.forEach((panel, p) => {
    const box = g.plots[p];
    const yAxis = yAxes[p];
    const suffix = p === 0 ? "" : String(p + 1);
    const axisFont = { size: TICK_SIZE };
    layout[`xaxis${suffix}`] = {
      domain: [fx(box.x0), fx(box.x1)],
      anchor: `y${suffix}`,
      range: xAxis.range,
      tickmode: "array",
      tickvals: xAxis.ticks,
      ticktext: xAxis.labels,
      tickfont: axisFont,
      title: { text: plotlyText(xTitle), font: { size: MIN_FONT_SIZE }, standoff: 6 },
      zeroline: false,
      gridcolor: "#e6e6e6",
      linecolor: "#888888",
      mirror: true,
      showline: true,
    };
    layout[`yaxis${suffix}`] = {
      domain: [fy(box.y1), fy(box.y0)],
      anchor: `x${suffix}`,
      type: yAxis.log ? "log" : "linear",
      range: yAxis.range,
      tickmode: "array",
      tickvals: yAxis.ticks,
      ticktext: yAxis.labels,
      tickfont: axisFont,
      title: { text: plotlyText(panel.yTitle), font: { size: MIN_FONT_SIZE }, standoff: 4 },
      zeroline: false,
      gridcolor: "#e6e6e6",
      linecolor: "#888888",
      mirror: true,
      showline: true,
    };
    if (panel.title) {
      annotations.push({
        name: `panel title ${p + 1}`,
        text: `<b>${plotlyText(panel.title)}</b>`,
        xref: "paper",
        yref: "paper",
        x: fx((box.x0 + box.x1) / 2),
        y: fy(box.y0 - 8),
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: PANEL_TITLE_FONT_SIZE },
      });
    }
    const X = (v: number) => toPx(xAxis, v, box.x0, box.x1);
    const Y = (v: number) => toPx(yAxis, v, box.y1, box.y0);
    const grid: string[] = [];
    const labels: string[] = [];
    xAxis.ticks.forEach((t, i) => {
      grid.push(element("line", { x1: X(t), y1: box.y0, x2: X(t), y2: box.y1 }));
      labels.push(
        textElement(X(t), box.y1 + 6, xAxis.labels[i], {
          size: TICK_SIZE,
          anchor: "middle",
          baseline: "hanging",
        }),
      );
    });
    yAxis.ticks.forEach((t, i) => {
      grid.push(element("line", { x1: box.x0, y1: Y(t), x2: box.x1, y2: Y(t) }));
      labels.push(
        textElement(box.x0 - 6, Y(t), yAxis.labels[i], {
          size: TICK_SIZE,
          anchor: "end",
          baseline: "middle",
        }),
      );
    });
    const parts: string[] = [
      `<g stroke="#e6e6e6" stroke-width="1">${grid.join("")}</g>`,
      ...labels,
      textElement((box.x0 + box.x1) / 2, box.y1 + 30, xTitle, {
        size: MIN_FONT_SIZE,
        anchor: "middle",
        baseline: "hanging",
      }),
      textElement(box.x0 - LEFT_GUTTER + 22, (box.y0 + box.y1) / 2, panel.yTitle, {
        size: MIN_FONT_SIZE,
        anchor: "middle",
        rotate: -90,
      }),
    ];
    if (panel.title) {
      parts.push(
        textElement((box.x0 + box.x1) / 2, box.y0 - 10, panel.title, {
          size: PANEL_TITLE_FONT_SIZE,
          anchor: "middle",
          weight: "bold",
        }),
      );
    }
    const clipId = `plot-area-${p}`;
    parts.push(
      `<defs><clipPath id="${clipId}">${element("rect", {
        x: box.x0,
        y: box.y0,
        width: box.x1 - box.x0,
        height: box.y1 - box.y0,
      })}</clipPath></defs>`,
    );
    const drawn: string[] = [];
    for (const s of panel.series) {
      const common = { xaxis: `x${suffix}`, yaxis: `y${suffix}`, legendgroup: s.name };
      if (s.band) {
        const bandName = s.band.name;
        const showBand = !legendShown.has(bandName);
        legendShown.add(bandName);
        data.push(
          {
            type: "scatter",
            mode: "lines",
            name: plotlyText(bandName),
            x: s.x,
            y: s.band.upper,
            line: { width: 0, color: s.color },
            hoverinfo: "skip",
            showlegend: false,
            legendgroup: bandName,
            xaxis: common.xaxis,
            yaxis: common.yaxis,
          },
          {
            type: "scatter",
            mode: "lines",
            name: plotlyText(bandName),
            x: s.x,
            y: s.band.lower,
            fill: "tonexty",
            fillcolor: rgba(s.color, 0.22),
            line: { width: 0, color: s.color },
            hoverinfo: "skip",
            showlegend: showBand,
            legendgroup: bandName,
            xaxis: common.xaxis,
            yaxis: common.yaxis,
          },
        );
        const upper = s.x.map((xv, i) => `${px(X(xv))},${px(Y(s.band!.upper[i]))}`);
        const lower = s.x.map((xv, i) => `${px(X(xv))},${px(Y(s.band!.lower[i]))}`).reverse();
        drawn.push(
          element("polygon", {
            class: "band",
            points: [...upper, ...lower].join(" "),
            fill: s.color,
            "fill-opacity": 0.22,
            stroke: "none",
          }),
        );
      }
      const showLegend = !legendShown.has(s.name);
      legendShown.add(s.name);
      data.push({
        type: "scatter",
        mode: markers ? "lines+markers" : "lines",
        name: plotlyText(s.name),
        x: s.x,
        y: s.y,
        line: { color: s.color, width: 2.5, dash: s.dash },
        marker: { color: s.color, size: 7, symbol: s.symbol },
        showlegend: showLegend,
        ...(s.meaning ? { meta: { meaning: s.meaning } } : {}),
        hovertemplate: `${plotlyText(s.name)}<br>${plotlyText(xTitle)} = %{x}<br>${plotlyText(
          panel.yTitle,
        )} = %{y:.4g}<extra></extra>`,
        ...common,
      });
      const points = s.x.map((xv, i) => `${px(X(xv))},${px(Y(s.y[i]))}`).join(" ");
      drawn.push(
        element("polyline", {
          class: "series",
          points,
          fill: "none",
          stroke: s.color,
          "stroke-width": 2.5,
          "stroke-dasharray": SVG_DASHARRAY[s.dash],
          "stroke-linejoin": "round",
        }),
      );
      if (markers) {
        const dots = s.x.map((xv, i) => markerSvg(s.symbol, X(xv), Y(s.y[i]))).join("");
        drawn.push(
          `<g fill="${escapeXml(s.color)}" stroke="${escapeXml(s.color)}" stroke-width="1.5">${dots}</g>`,
        );
      }
    }
    parts.push(`<g clip-path="url(#${clipId})">${drawn.join("")}</g>`);
    parts.push(
      element("rect", {
        x: box.x0,
        y: box.y0,
        width: box.x1 - box.x0,
        height: box.y1 - box.y0,
        fill: "none",
        stroke: "#888888",
      }),
    );
    svg.push(`<g class="panel">${parts.join("")}</g>`);
  });
  g.legendRows.forEach((row, r) =>
    row.forEach((entry, i) => {
      const lx = 24 + i * g.entryWidth;
      const ly = g.legendTop + 12 + r * LEGEND_ROW;
      const swatch =
        entry.symbol === "band"
          ? element("rect", {
              x: lx,
              y: ly - 7,
              width: 30,
              height: 14,
              fill: entry.color,
              "fill-opacity": 0.22,
            })
          : element("line", {
              x1: lx,
              y1: ly,
              x2: lx + 30,
              y2: ly,
              stroke: entry.color,
              "stroke-width": 2.5,
              "stroke-dasharray": SVG_DASHARRAY[entry.dash],
            });
      svg.push(
        `<g class="legend-entry">${swatch}${textElement(lx + 38, ly, entry.name, {
          size: MIN_FONT_SIZE,
          baseline: "middle",
        })}</g>`,
      );
    }),
  );
  if (g.noteLines.length) {
    annotations.push({
      name: "note",
      text: g.noteLines.map(plotlyText).join("<br>"),
      xref: "paper",
      yref: "paper",
      x: fx(20),
      y: fy(g.noteTop),
      xanchor: "left",
      yanchor: "top",
      align: "left",
      showarrow: false,
      font: { size: MIN_FONT_SIZE },
    });
    g.noteLines.forEach((line, i) =>
      svg.push(
        textElement(20, g.noteTop + MIN_FONT_SIZE + i * lineHeight(MIN_FONT_SIZE), line, {
          size: MIN_FONT_SIZE,
        }),
      ),
    );
  }
  return { data, layout, svg: svgDocument(g.width, g.height, title, svg.join("")) };
}

function markerSvg(symbol: string, x: number, y: number): string {
  const r = 3.5;
  switch (symbol) {
    case "x":
      return element("path", {
        d: `M${px(x - r)},${px(y - r)}L${px(x + r)},${px(y + r)}M${px(x - r)},${px(y + r)}L${px(x + r)},${px(y - r)}`,
        fill: "none",
      });
    case "square":
    case "square-open":
      return element("rect", {
        x: x - r,
        y: y - r,
        width: 2 * r,
        height: 2 * r,
        ...(symbol.endsWith("open") ? { fill: "#ffffff" } : {}),
      });
    case "diamond":
    case "diamond-open":
      return element("path", {
        d: `M${px(x)},${px(y - r - 1)}L${px(x + r + 1)},${px(y)}L${px(x)},${px(y + r + 1)}L${px(x - r - 1)},${px(y)}Z`,
        ...(symbol.endsWith("open") ? { fill: "#ffffff" } : {}),
      });
    case "triangle-up":
      return element("path", {
        d: `M${px(x)},${px(y - r - 1)}L${px(x + r + 1)},${px(y + r)}L${px(x - r - 1)},${px(y + r)}Z`,
      });
    default:
      return element("circle", { cx: x, cy: y, r });
  }
}

/** A line chart of one or more series; `logY` for a logarithmic y axis. */
export function lineChartFigure(options: LineChartOptions): Figure {
  assertOptions("options", options);
  assertText("title", options.title);
  assertText("xTitle", options.xTitle);
  assertBoolean("markers", options.markers);
  assertOptionalText("note", options.note);
  const panel = checkPanel("", {
    yTitle: options.yTitle,
    series: options.series,
    logY: options.logY,
    yRange: options.yRange,
  });
  const built = build(options.title, options.xTitle, [panel], {
    columns: 1,
    sharedY: false,
    markers: options.markers,
    note: options.note,
  });
  return finishFigure({
    id: figureId(options.id, "lineChart", options.title, [built.data, built.layout]),
    kind: "lineChart",
    title: options.title,
    data: built.data,
    layout: built.layout,
    staticSvg: built.svg,
  });
}

/**
 * A grid of line charts sharing the x axis ("small multiples"): e.g. one panel per activation ×
 * regime, each with the two forms and the bound; or two panels stacked, each quantity on its own
 * y axis (cosine similarity on [−1, 1], norm ratio on a log axis). Series of the same name in
 * several panels share one legend entry.
 */
export function linePanelsFigure(options: LinePanelsOptions): Figure {
  assertOptions("options", options);
  assertText("title", options.title);
  assertText("xTitle", options.xTitle);
  assertBoolean("sharedY", options.sharedY);
  assertBoolean("markers", options.markers);
  assertOptionalText("note", options.note);
  if (!Array.isArray(options.panels) || options.panels.length === 0) {
    throw new RangeError(`panels must be a non-empty array, got ${shapeOf(options.panels)}`);
  }
  if (options.panels.length > 8) {
    throw new RangeError(`panels must hold at most 8 panels, got ${options.panels.length}`);
  }
  const panels = options.panels.map((panel, p) => checkPanel(`panels[${p}]`, panel));
  if (panels.length > 1) {
    panels.forEach((panel, p) => {
      if (!panel.title) throw new TypeError(`panels[${p}].title must be given: panels need titles`);
    });
  }
  const columns = options.columns ?? (panels.length <= 2 ? 1 : 2);
  if (!Number.isInteger(columns) || columns < 1 || columns > 3) {
    throw new RangeError(`columns must be an integer in [1, 3], got ${JSON.stringify(columns)}`);
  }
  if (options.sharedY && new Set(panels.map((p) => p.logY)).size > 1) {
    throw new RangeError("sharedY needs every panel on the same scale (all logY or none)");
  }
  const built = build(options.title, options.xTitle, panels, {
    columns,
    sharedY: options.sharedY === true,
    markers: options.markers,
    note: options.note,
  });
  return finishFigure({
    id: figureId(options.id, "linePanels", options.title, [built.data, built.layout]),
    kind: "linePanels",
    title: options.title,
    data: built.data,
    layout: built.layout,
    staticSvg: built.svg,
  });
}

/**
 * Median and band over many runs at each x: `samples[r][i]` is run r's value at x[i]. Returns
 * the median and the `lower`/`upper` quantiles (default 0.1 and 0.9, linear interpolation
 * between order statistics), ready for a series with a band.
 */
export function quantileBand(
  samples: number[][],
  lower = 0.1,
  upper = 0.9,
): { median: number[]; lower: number[]; upper: number[] } {
  if (!Array.isArray(samples) || samples.length === 0) {
    throw new RangeError(`samples must be a non-empty array of runs, got ${shapeOf(samples)}`);
  }
  const length = Array.isArray(samples[0]) ? samples[0].length : -1;
  samples.forEach((run, r) => assertVector(`samples[${r}]`, run, length));
  if (!(lower >= 0 && lower < 0.5 && upper > 0.5 && upper <= 1)) {
    throw new RangeError(`lower must be in [0, 0.5) and upper in (0.5, 1], got ${lower}, ${upper}`);
  }
  const quantile = (sorted: number[], q: number) => {
    const at = q * (sorted.length - 1);
    const below = Math.floor(at);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  };
  const columns = Array.from({ length }, (_, i) =>
    samples.map((run) => run[i]).sort((a, b) => a - b),
  );
  return {
    median: columns.map((c) => quantile(c, 0.5)),
    lower: columns.map((c) => quantile(c, lower)),
    upper: columns.map((c) => quantile(c, upper)),
  };
}
