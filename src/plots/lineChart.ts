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
import { assertVector } from "../validate";
import { rgba } from "./colors";
import {
  Figure,
  PlotlyObject,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  baseLayout,
  checkInteger,
  checkList,
  checkOneOf,
  finishFigure,
  panelTitle,
  paperText,
  titleBlock,
  titleSvg,
} from "./figure";
import { plotlyText, toSuperscript } from "./labels";
import {
  LineDash,
  MAX_FIGURE_WIDTH,
  MEANINGS,
  MEANING_COLORS,
  MEANING_DASH,
  MEANING_SYMBOL,
  MIN_FONT_SIZE,
  Meaning,
  NEUTRAL_COLORS,
  SVG_DASHARRAY,
  meaningOfName,
} from "./style";
import {
  element,
  escapeXml,
  lineHeight,
  px,
  svgDocument,
  textElement,
  textWidth,
  wrapText,
} from "./svg";

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
  /** Dashed (true) or solid (false); default: by meaning, else solid. */
  dash?: boolean;
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

interface CommonOptions {
  title: string;
  xTitle: string;
  /** Draw point markers; default when no series has more than 30 points. */
  markers?: boolean;
  /** A sentence under the chart (e.g. what a sign flip means). */
  note?: string;
  id?: string;
}

/** One chart: a panel's fields (without its title) beside the common options. */
export interface LineChartOptions extends CommonOptions, Omit<LinePanel, "title"> {}

export interface LinePanelsOptions extends CommonOptions {
  panels: LinePanel[];
  /** Panels per row (default: 1 for two panels stacked, else 2). */
  columns?: number;
}

const WIDTH = MAX_FIGURE_WIDTH;
const SIZE = MIN_FONT_SIZE; // ticks, axis titles, legend, note
const LEGEND_ROW = 26;
const SYMBOLS = ["circle", "square", "triangle-up", "diamond", "cross", "star"];

interface CheckedSeries extends Omit<LineSeries, "dash"> {
  dash: LineDash;
  color: string;
  symbol: string;
}

interface CheckedPanel extends Omit<LinePanel, "series"> {
  series: CheckedSeries[];
  logY: boolean;
}

function checkBand(name: string, band: LineBand | undefined, length: number): LineBand | undefined {
  if (band === undefined) return undefined;
  assertOptions(name, band);
  assertText(`${name}.name`, band.name);
  assertVector(`${name}.lower`, band.lower, length);
  assertVector(`${name}.upper`, band.upper, length);
  const i = band.lower.findIndex((low, k) => low > band.upper[k]);
  if (i >= 0) {
    throw new RangeError(
      `${name}.lower[${i}] must be ≤ band.upper[${i}], got ${band.lower[i]} > ${band.upper[i]}`,
    );
  }
  return { name: band.name, lower: band.lower.slice(), upper: band.upper.slice() };
}

function checkSeries(where: string, list: LineSeries[], logY: boolean): CheckedSeries[] {
  checkList(where, list);
  let neutral = 0;
  const styles = new Set<string>();
  return list.map((series, s) => {
    const name = `${where}[${s}]`;
    assertOptions(name, series);
    assertText(`${name}.name`, series.name);
    if (list.findIndex((other) => other.name === series.name) < s) {
      throw new RangeError(`${name}.name must be distinct, ${JSON.stringify(series.name)} repeats`);
    }
    assertVector(`${name}.x`, series.x);
    assertVector(`${name}.y`, series.y, series.x.length);
    assertBoolean(`${name}.dash`, series.dash);
    checkOneOf(`${name}.meaning`, series.meaning, MEANINGS);
    const band = checkBand(`${name}.band`, series.band, series.x.length);
    const positive: Record<string, number[]> = logY
      ? { y: series.y, "band.lower": band?.lower ?? [] }
      : {};
    for (const [what, values] of Object.entries(positive)) {
      const i = values.findIndex((value) => value <= 0);
      if (i >= 0) {
        throw new RangeError(
          `${name}.${what}[${i}] must be > 0 on a log scale (logY), got ${values[i]} (series ${JSON.stringify(series.name)})`,
        );
      }
    }
    const meaning = series.meaning ?? meaningOfName(series.name);
    const color = meaning ? MEANING_COLORS[meaning] : NEUTRAL_COLORS[neutral++ % 6];
    const byMeaning = meaning ? MEANING_DASH[meaning] : "solid";
    const lineDash = series.dash === undefined ? byMeaning : series.dash ? "dash" : "solid";
    // Two series of one meaning in one panel keep the meaning's colour and dash; their markers
    // tell them apart.
    let symbol = meaning ? MEANING_SYMBOL[meaning] : SYMBOLS[s % SYMBOLS.length];
    for (let v = 0; styles.has(`${color}|${lineDash}|${symbol}`); v++) symbol = SYMBOLS[v];
    styles.add(`${color}|${lineDash}|${symbol}`);
    const copies = { x: series.x.slice(), y: series.y.slice(), band };
    return { ...series, ...copies, dash: lineDash, color, symbol, meaning };
  });
}

function checkRange(name: string, range: unknown, logY: boolean): [number, number] | undefined {
  if (range === undefined) return undefined;
  const [low, high] = Array.isArray(range) && range.length === 2 ? range : [];
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high && (!logY || low > 0))) {
    throw new RangeError(
      `${name} must be [low, high] with low < high${logY ? " and low > 0 (log axis)" : ""}, got ${JSON.stringify(range)}`,
    );
  }
  return [low, high];
}

function yValues(series: CheckedSeries[]): number[] {
  return series.flatMap((s) => (s.band ? [...s.y, ...s.band.lower, ...s.band.upper] : s.y));
}

/** A panel, checked; `where` names it in errors ("" for a single chart's options). */
function checkPanel(where: string, panel: LinePanel): CheckedPanel {
  const at = (key: string) => (where ? `${where}.${key}` : key);
  assertOptions(where || "options", panel);
  assertOptionalText(at("title"), panel.title);
  assertText(at("yTitle"), panel.yTitle);
  assertBoolean(at("logY"), panel.logY);
  const logY = panel.logY === true;
  const series = checkSeries(at("series"), panel.series, logY);
  const yRange = checkRange(at("yRange"), panel.yRange, logY);
  for (const s of yRange ? series : []) {
    const outside = yValues([s]).find((v) => v < yRange![0] || v > yRange![1]);
    if (outside !== undefined) {
      throw new RangeError(
        `${at("yRange")} ${JSON.stringify(yRange)} must contain every point, but series ${JSON.stringify(s.name)} reaches ${outside}`,
      );
    }
  }
  return { ...panel, series, logY, yRange };
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
  const ticks: number[] = [];
  if (hi - lo < 2) {
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
      for (const m of [1, 2, 5]) ticks.push(Number((m * 10 ** e).toPrecision(12)));
    }
    const shown = ticks.filter(inRange);
    return shown.length <= MAX_LOG_TICKS ? shown : shown.filter((t) => /^1/.test(String(t)));
  }
  const decades = Math.ceil(hi) - Math.floor(lo);
  const steps = [1, 2, 5, 10, 20, 50, 100];
  const every = steps.find((k) => Math.floor(decades / k) + 1 <= MAX_LOG_TICKS) ?? 100;
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

function linearTickLabel(value: number): string {
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

function linearAxis(range: [number, number], count: number): Axis {
  const ticks = niceTicks(range[0], range[1], count);
  return { log: false, range, ticks, labels: ticks.map(linearTickLabel) };
}

/** The y axis of a panel: its fixed range, else its points' range padded by 5%. */
function yAxisOf(panel: CheckedPanel): Axis {
  const [fixed, values] = [panel.yRange, yValues(panel.series)];
  if (!panel.logY) {
    return linearAxis(fixed ?? padRange(Math.min(...values), Math.max(...values), 0.05), 5);
  }
  const logs = (fixed ?? values).map(Math.log10);
  const [min, max] = [Math.min(...logs), Math.max(...logs)];
  const range: [number, number] = fixed
    ? [min, max]
    : min === max
      ? [min - 0.5, max + 0.5]
      : padRange(min, max, 0.05);
  const ticks = logTicks(range[0], range[1]);
  return { log: true, range, ticks, labels: ticks.map(logTickLabel) };
}

const LEFT_GUTTER = 92;
const RIGHT_GUTTER = 18;
const PANEL_TITLE_SPACE = 30;
const X_LABELS_SPACE = 58;

function legendEntries(panels: CheckedPanel[]): CheckedSeries[] {
  const entries = panels.flatMap((p) =>
    p.series.flatMap((s) =>
      s.band ? [{ ...s, name: s.band.name, dash: "solid" as const, symbol: "band" }, s] : [s],
    ),
  );
  return entries.filter((e, i) => entries.findIndex((other) => other.name === e.name) === i);
}

/** Pixel boxes of every panel's plot area, and where the legend and note go. */
function geometry(text: string, panels: CheckedPanel[], columns: number, note?: string) {
  const title = titleBlock(text, WIDTH);
  const rows = Math.ceil(panels.length / columns);
  const plotHeight = panels.length === 1 ? 330 : rows === 1 ? 280 : 220;
  const titleSpace = panels.some((p) => p.title) ? PANEL_TITLE_SPACE : 8;
  const cellWidth = (WIDTH - 8) / columns;
  const cellHeight = titleSpace + plotHeight + X_LABELS_SPACE;
  const plots = panels.map((_, p) => {
    const col = p % columns;
    const y0 = title.height + Math.floor(p / columns) * cellHeight + titleSpace;
    const x0 = 8 + col * cellWidth + LEFT_GUTTER;
    return { x0, x1: 8 + (col + 1) * cellWidth - RIGHT_GUTTER, y0, y1: y0 + plotHeight };
  });
  const entries = legendEntries(panels);
  const widest = Math.max(...entries.map((e) => textWidth(e.name, SIZE)));
  const entryWidth = Math.min(WIDTH - 40, widest + 56);
  const perRow = Math.max(1, Math.floor((WIDTH - 32) / entryWidth));
  const legendRows: CheckedSeries[][] = [];
  for (let i = 0; i < entries.length; i += perRow) legendRows.push(entries.slice(i, i + perRow));
  const legendTop = title.height + rows * cellHeight + 6;
  const noteLines = note ? wrapText(note, SIZE, WIDTH - 40) : [];
  const noteTop = legendTop + legendRows.length * LEGEND_ROW + 8;
  const height = noteTop + noteLines.length * lineHeight(SIZE) + 12;
  return { height, title, plots, legendTop, legendRows, entryWidth, noteLines, noteTop };
}

function toPx(axis: Axis, value: number, from: number, to: number): number {
  const v = axis.log ? Math.log10(value) : value;
  return from + ((v - axis.range[0]) / (axis.range[1] - axis.range[0])) * (to - from);
}

/** A plotly axis with our own ticks, as drawn in the SVG. */
function plotlyAxis(place: object, axis: Axis, title: string, standoff: number): PlotlyObject {
  const font = { size: SIZE };
  const ticks = { tickmode: "array", tickvals: axis.ticks, ticktext: axis.labels, tickfont: font };
  const text = { text: plotlyText(title), font, standoff };
  const lines = { zeroline: false, gridcolor: "#e6e6e6", linecolor: "#888888", mirror: true };
  return { ...place, range: axis.range, ...ticks, title: text, ...lines, showline: true };
}

function markerSvg(symbol: string, x: number, y: number): string {
  const [r, R] = [3.5, 4.5];
  const open = symbol.endsWith("open") ? { fill: "#ffffff" } : {};
  // A path through the points (x + dx, y + dy), given as dx, dy, dx, dy, …
  const path = (close: string, ...d: number[]) =>
    "M" +
    d.flatMap((v, i) => (i % 2 ? [] : [`${px(x + v)},${px(y + d[i + 1])}`])).join("L") +
    close;
  switch (symbol) {
    case "x":
      return element("path", { d: path("", -r, -r, r, r) + path("", -r, r, r, -r), fill: "none" });
    case "square":
    case "square-open":
      return element("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...open });
    case "diamond":
    case "diamond-open":
      return element("path", { d: path("Z", 0, -R, R, 0, 0, R, -R, 0), ...open });
    case "triangle-up":
      return element("path", { d: path("Z", 0, -R, R, r, -R, r) });
    default:
      return element("circle", { cx: x, cy: y, r });
  }
}

const tint = (fill: string) => ({ fill, "fill-opacity": 0.22 });
const stroke = (s: CheckedSeries) => ({
  stroke: s.color,
  "stroke-width": 2.5,
  "stroke-dasharray": SVG_DASHARRAY[s.dash],
});

/** The plotly spec and the SVG of `panels`, drawn from one geometry. */
function build(
  kind: "lineChart" | "linePanels",
  options: CommonOptions,
  panels: CheckedPanel[],
  columns: number,
): Figure {
  const { title, xTitle } = options;
  const g = geometry(title, panels, columns, options.note);
  const markers = options.markers ?? panels.every((p) => p.series.every((s) => s.x.length <= 30));
  const xs = panels.flatMap((p) => p.series.flatMap((s) => s.x));
  const xAxis = linearAxis(padRange(Math.min(...xs), Math.max(...xs), 0.03), 6);
  const annotations: PlotlyObject[] = [];
  const legendTop = { y: 1 - g.legendTop / g.height, yanchor: "top" };
  const entries = { entrywidth: g.entryWidth, entrywidthmode: "pixels", font: { size: SIZE } };
  const layout: PlotlyObject = {
    ...baseLayout(g.title, g.height, WIDTH),
    showlegend: true,
    legend: { orientation: "h", x: 24 / WIDTH, xanchor: "left", ...legendTop, ...entries },
    hovermode: "closest",
    annotations,
  };
  const data: PlotlyObject[] = [];
  const legendShown = new Set<string>();
  const showLegend = (name: string) => !legendShown.has(name) && !!legendShown.add(name);
  const svg: string[] = [titleSvg(g.title)];
  const size = { width: WIDTH, height: g.height };
  const fx = (v: number) => v / WIDTH;
  const fy = (v: number) => 1 - v / g.height;
  panels.forEach((panel, p) => {
    const box = g.plots[p];
    const yAxis = yAxisOf(panel);
    const suffix = p === 0 ? "" : String(p + 1);
    const [x, y] = [`x${suffix}`, `y${suffix}`];
    const xPlace = { domain: [box.x0, box.x1].map(fx), anchor: y };
    layout[`xaxis${suffix}`] = plotlyAxis(xPlace, xAxis, xTitle, 6);
    const yPlace = {
      domain: [box.y1, box.y0].map(fy),
      anchor: x,
      type: yAxis.log ? "log" : "linear",
    };
    layout[`yaxis${suffix}`] = plotlyAxis(yPlace, yAxis, panel.yTitle, 4);
    const center = (box.x0 + box.x1) / 2;
    const heading = panel.title ? panelTitle(p, panel.title, center, box.y0, 8, size) : undefined;
    if (heading) annotations.push(heading.annotation);
    const X = (v: number) => toPx(xAxis, v, box.x0, box.x1);
    const Y = (v: number) => toPx(yAxis, v, box.y1, box.y0);
    const grid = [
      ...xAxis.ticks.map((t) => element("line", { x1: X(t), y1: box.y0, x2: X(t), y2: box.y1 })),
      ...yAxis.ticks.map((t) => element("line", { x1: box.x0, y1: Y(t), x2: box.x1, y2: Y(t) })),
    ];
    const frame = { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
    const parts: string[] = [
      `<g stroke="#e6e6e6" stroke-width="1">${grid.join("")}</g>`,
      ...xAxis.ticks.map((t, i) =>
        textElement(X(t), box.y1 + 6, xAxis.labels[i], { anchor: "middle", baseline: "hanging" }),
      ),
      ...yAxis.ticks.map((t, i) =>
        textElement(box.x0 - 6, Y(t), yAxis.labels[i], { anchor: "end", baseline: "middle" }),
      ),
      textElement(center, box.y1 + 30, xTitle, { anchor: "middle", baseline: "hanging" }),
      textElement(box.x0 - LEFT_GUTTER + 22, (box.y0 + box.y1) / 2, panel.yTitle, {
        anchor: "middle",
        rotate: -90,
      }),
      heading?.svg ?? "",
      `<defs><clipPath id="plot-area-${p}">${element("rect", frame)}</clipPath></defs>`,
    ];
    const points = (s: CheckedSeries, ys: number[]) =>
      s.x.map((xv, i) => `${px(X(xv))},${px(Y(ys[i]))}`);
    const drawn: string[] = [];
    for (const s of panel.series) {
      if (s.band) {
        const edge = { type: "scatter", mode: "lines", name: plotlyText(s.band.name), x: s.x };
        const hidden = { line: { width: 0, color: s.color }, hoverinfo: "skip" };
        const axes = { legendgroup: s.band.name, xaxis: x, yaxis: y };
        const fill = { fill: "tonexty", fillcolor: rgba(s.color, 0.22) };
        const shown = showLegend(s.band.name);
        data.push(
          { ...edge, y: s.band.upper, ...hidden, showlegend: false, ...axes },
          { ...edge, y: s.band.lower, ...fill, ...hidden, showlegend: shown, ...axes },
        );
        const outline = [...points(s, s.band.upper), ...points(s, s.band.lower).reverse()];
        const band = { class: "band", points: outline.join(" "), ...tint(s.color) };
        drawn.push(element("polygon", { ...band, stroke: "none" }));
      }
      const [name, yName] = [plotlyText(s.name), plotlyText(panel.yTitle)];
      data.push({
        type: "scatter",
        mode: markers ? "lines+markers" : "lines",
        name,
        x: s.x,
        y: s.y,
        line: { color: s.color, width: 2.5, dash: s.dash },
        marker: { color: s.color, size: 7, symbol: s.symbol },
        showlegend: showLegend(s.name),
        ...(s.meaning ? { meta: { meaning: s.meaning } } : {}),
        hovertemplate: `${name}<br>${plotlyText(xTitle)} = %{x}<br>${yName} = %{y:.4g}<extra></extra>`,
        xaxis: x,
        yaxis: y,
        legendgroup: s.name,
      });
      const line = { class: "series", points: points(s, s.y).join(" "), fill: "none" };
      drawn.push(element("polyline", { ...line, ...stroke(s), "stroke-linejoin": "round" }));
      if (markers) {
        const dots = s.x.map((xv, i) => markerSvg(s.symbol, X(xv), Y(s.y[i]))).join("");
        const color = escapeXml(s.color);
        drawn.push(`<g fill="${color}" stroke="${color}" stroke-width="1.5">${dots}</g>`);
      }
    }
    parts.push(`<g clip-path="url(#plot-area-${p})">${drawn.join("")}</g>`);
    parts.push(element("rect", { ...frame, fill: "none", stroke: "#888888" }));
    svg.push(`<g class="panel">${parts.join("")}</g>`);
  });
  g.legendRows.forEach((row, r) =>
    row.forEach((entry, i) => {
      const [lx, ly] = [24 + i * g.entryWidth, g.legendTop + 12 + r * LEGEND_ROW];
      const swatch =
        entry.symbol === "band"
          ? element("rect", { x: lx, y: ly - 7, width: 30, height: 14, ...tint(entry.color) })
          : element("line", { x1: lx, y1: ly, x2: lx + 30, y2: ly, ...stroke(entry) });
      const label = textElement(lx + 38, ly, entry.name, { baseline: "middle" });
      svg.push(`<g class="legend-entry">${swatch}${label}</g>`);
    }),
  );
  if (g.noteLines.length) {
    const text = g.noteLines.map(plotlyText).join("<br>");
    const at: [number, number] = [20 / WIDTH, 1 - g.noteTop / g.height];
    annotations.push(paperText("note", text, at, ["left", "top"], SIZE, "left"));
    g.noteLines.forEach((line, i) =>
      svg.push(textElement(20, g.noteTop + SIZE + i * lineHeight(SIZE), line)),
    );
  }
  const staticSvg = svgDocument(WIDTH, g.height, title, svg.join(""));
  return finishFigure(kind, options.id, title, { data, layout, staticSvg });
}

function checkCommon(options: CommonOptions): void {
  assertOptions("options", options);
  assertText("title", options.title);
  assertText("xTitle", options.xTitle);
  assertBoolean("markers", options.markers);
  assertOptionalText("note", options.note);
}

/** A line chart of one or more series; `logY` for a logarithmic y axis. */
export function lineChartFigure(options: LineChartOptions): Figure {
  checkCommon(options);
  const { yTitle, series, logY, yRange } = options;
  return build("lineChart", options, [checkPanel("", { yTitle, series, logY, yRange })], 1);
}

/**
 * A grid of line charts sharing the x axis ("small multiples"): e.g. one panel per activation ×
 * regime, each with the two forms and the bound; or two panels stacked, each quantity on its own
 * y axis (cosine similarity on [−1, 1], norm ratio on a log axis). Series of the same name in
 * several panels share one legend entry.
 */
export function linePanelsFigure(options: LinePanelsOptions): Figure {
  checkCommon(options);
  checkList("panels", options.panels, 8);
  const panels = options.panels.map((panel, p) => checkPanel(`panels[${p}]`, panel));
  panels.forEach((panel, p) => {
    if (panels.length > 1 && !panel.title) {
      throw new TypeError(`panels[${p}].title must be given: panels need titles`);
    }
  });
  const columns = checkInteger("columns", options.columns, 1, 3, panels.length <= 2 ? 1 : 2);
  return build("linePanels", options, panels, columns);
}
