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
import { assertVector } from "../../shared/validate";
import { rgba } from "./colors";
import {
  Figure,
  PlotlyObject,
  assertBoolean,
  assertOptionalText,
  assertOptions,
  assertText,
  baseLayout,
  assertIntegerOption,
  assertList,
  assertOptionalOneOf,
  finishFigure,
  panelTitle,
  paperText,
  titleBlock,
  titleSvg,
} from "./figure";
import { plotlyText, toSuperscript } from "./labels";
import {
  LINE_DASHES,
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
import { element, lineHeight, px, svgDocument, textElement, textWidth, wrapText } from "./svg";

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
  /**
   * Dashed (true), solid (false) or a named pattern (LINE_DASHES: "dot", "longdash", …, to tell
   * apart several lines of one meaning); default: by meaning, else solid.
   */
  dash?: boolean | LineDash;
  /**
   * A short label written at the line's last point, in the line's colour, so that lines of one
   * colour (several bounds) are told apart on the chart itself, not only in the legend.
   */
  endLabel?: string;
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
const [LEFT_GUTTER, RIGHT_GUTTER, PANEL_TITLE_SPACE, X_LABELS_SPACE] = [92, 18, 30, 58];

function assertBand(name: string, band: LineBand, length: number): LineBand {
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

/** The series of a panel, checked and styled; every y and band edge fits the panel's y axis. */
function assertSeries(where: string, list: LineSeries[], logY: boolean, yRange?: number[]) {
  assertList(where, list);
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
    if (typeof series.dash !== "boolean")
      assertOptionalOneOf(`${name}.dash`, series.dash, LINE_DASHES);
    assertOptionalText(`${name}.endLabel`, series.endLabel);
    assertOptionalOneOf(`${name}.meaning`, series.meaning, MEANINGS);
    const band = series.band && assertBand(`${name}.band`, series.band, series.x.length);
    // A log axis has no place for a y ≤ 0, a fixed range none for a y outside it.
    const edges: Record<string, number[]> = band
      ? { "band.lower": band.lower, "band.upper": band.upper }
      : {};
    for (const [what, list] of Object.entries({ y: series.y, ...edges })) {
      list.forEach((v, i) => {
        const rule =
          logY && v <= 0
            ? "> 0 on a log scale (logY)"
            : yRange && (v < yRange[0] || v > yRange[1])
              ? `inside yRange ${JSON.stringify(yRange)}`
              : "";
        if (rule) {
          const which = `(series ${JSON.stringify(series.name)})`;
          throw new RangeError(`${name}.${what}[${i}] must be ${rule}, got ${v} ${which}`);
        }
      });
    }
    const meaning = series.meaning ?? meaningOfName(series.name);
    const color = meaning ? MEANING_COLORS[meaning] : NEUTRAL_COLORS[neutral++ % 6];
    const byMeaning = meaning ? MEANING_DASH[meaning] : "solid";
    const dash: LineDash =
      series.dash === undefined
        ? byMeaning
        : typeof series.dash === "string"
          ? series.dash
          : series.dash
            ? "dash"
            : "solid";
    // Two series of one meaning in one panel keep the meaning's colour and dash; their markers
    // tell them apart.
    let symbol = meaning ? MEANING_SYMBOL[meaning] : SYMBOLS[s % SYMBOLS.length];
    for (let v = 0; styles.has(`${color}|${dash}|${symbol}`); v++) symbol = SYMBOLS[v];
    styles.add(`${color}|${dash}|${symbol}`);
    const copies = { x: series.x.slice(), y: series.y.slice(), band };
    const endLabel = series.endLabel;
    return { name: series.name, ...copies, meaning, dash, color, symbol, endLabel };
  });
}

/**
 * A panel, checked; `where` names it in errors ("" for a single chart's options). Panels of a
 * grid need titles to be told apart.
 */
function assertPanel(where: string, panel: LinePanel, titled = false) {
  const at = (key: string) => (where ? `${where}.${key}` : key);
  assertOptions(where || "options", panel);
  assertOptionalText(at("title"), panel.title);
  if (titled && !panel.title) {
    throw new TypeError(`${at("title")} must be given: panels need titles`);
  }
  assertText(at("yTitle"), panel.yTitle);
  assertBoolean(at("logY"), panel.logY);
  const logY = panel.logY === true;
  const range: unknown = panel.yRange;
  const [low, high] = Array.isArray(range) && range.length === 2 ? range : [];
  if (range !== undefined && !(low < high && Number.isFinite(low + high) && (!logY || low > 0))) {
    throw new RangeError(
      `${at("yRange")} must be [low, high] with low < high${logY ? " and low > 0 (log axis)" : ""}, got ${JSON.stringify(range)}`,
    );
  }
  const yRange: [number, number] | undefined = range === undefined ? undefined : [low, high];
  const series = assertSeries(at("series"), panel.series, logY, yRange);
  return { title: panel.title, yTitle: panel.yTitle, series, logY, yRange };
}

type CheckedPanel = ReturnType<typeof assertPanel>;

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

/**
 * An axis: its range in axis units (log10 for a log axis), ticks in data units and their labels.
 * The range is `fixed` when given, else the values' range padded by `pad` of its width.
 */
function axisOf(values: number[], log: boolean, pad: number, count: number, fixed?: number[]) {
  const units = (fixed ?? values).map((v) => (log ? Math.log10(v) : v));
  const [min, max] = [Math.min(...units), Math.max(...units)];
  const margin = fixed ? 0 : min === max ? (log ? 0.5 : 1) : (max - min) * pad;
  const range: [number, number] = [min - margin, max + margin];
  // Finite values can still span more than float64 holds (−1e308 … 1e308): the positions would
  // be NaN in the picture, so the chart is refused instead.
  if (!Number.isFinite(range[1] - range[0])) {
    throw new RangeError(
      `the chart${log ? "'s log" : "'s"} axis would span [${min}, ${max}] plus margins, more ` +
        "than float64 holds: rescale the data (e.g. divide by its largest value)",
    );
  }
  const ticks = log ? logTicks(...range) : niceTicks(...range, count);
  return { log, range, ticks, labels: ticks.map(log ? logTickLabel : linearTickLabel) };
}

type Axis = ReturnType<typeof axisOf>;

type Point = [number, number];

/**
 * The chart, described once in pixels: panels (plot area, y axis, tick positions, series as
 * paths), the shared x axis, legend entries and the note. The plotly spec and the static SVG are
 * both drawn from this description.
 */
function describeChart(options: CommonOptions, panels: CheckedPanel[], columns: number) {
  const title = titleBlock(options.title, WIDTH);
  const rows = Math.ceil(panels.length / columns);
  const plotHeight = panels.length === 1 ? 330 : rows === 1 ? 280 : 220;
  const titleSpace = panels.some((p) => p.title) ? PANEL_TITLE_SPACE : 8;
  const cellWidth = (WIDTH - 8) / columns;
  const cellHeight = titleSpace + plotHeight + X_LABELS_SPACE;
  const series = panels.flatMap((p) => p.series);
  const xs = series.flatMap((s) => s.x);
  const xAxis = axisOf(xs, false, 0.03, 6);
  const legendTop = title.height + rows * cellHeight + 6;
  // Series of one name in several panels share one legend entry; a band comes before its line.
  const named = series.flatMap((s) => [
    ...(s.band ? [{ ...s, name: s.band.name, dash: "solid" as const, band: true }] : []),
    { ...s, band: false },
  ]);
  const unique = named.filter((e, i) => named.findIndex((other) => other.name === e.name) === i);
  const widest = Math.max(...unique.map((e) => textWidth(e.name, SIZE)));
  const entryWidth = Math.min(WIDTH - 40, widest + 56);
  const perRow = Math.max(1, Math.floor((WIDTH - 32) / entryWidth));
  const legend = unique.map(({ name, color, dash, band }, i) => {
    const at: Point = [
      24 + (i % perRow) * entryWidth,
      legendTop + 12 + Math.floor(i / perRow) * LEGEND_ROW,
    ];
    return { name, color, dash, band, at };
  });
  const noteLines = options.note ? wrapText(options.note, SIZE, WIDTH - 40) : [];
  const noteTop = legendTop + Math.ceil(legend.length / perRow) * LEGEND_ROW + 8;
  const height = noteTop + noteLines.length * lineHeight(SIZE) + 12;
  const drawn = panels.map((panel, p) => {
    const x0 = 8 + (p % columns) * cellWidth + LEFT_GUTTER;
    const y0 = title.height + Math.floor(p / columns) * cellHeight + titleSpace;
    const box = { x0, x1: x0 - LEFT_GUTTER + cellWidth - RIGHT_GUTTER, y0, y1: y0 + plotHeight };
    const values = panel.series.flatMap(({ y, band }) =>
      band ? [y, band.lower, band.upper] : [y],
    );
    const yAxis = axisOf(values.flat(), panel.logY, 0.05, 5, panel.yRange);
    const toPx = (axis: Axis, value: number, from: number, to: number) => {
      const v = axis.log ? Math.log10(value) : value;
      return from + ((v - axis.range[0]) / (axis.range[1] - axis.range[0])) * (to - from);
    };
    const X = (v: number) => toPx(xAxis, v, box.x0, box.x1);
    const Y = (v: number) => toPx(yAxis, v, box.y1, box.y0);
    const path = (x: number[], y: number[]) => x.map((v, i): Point => [X(v), Y(y[i])]);
    const paths = panel.series.map((s) => ({
      ...s,
      line: path(s.x, s.y),
      area: s.band && [...path(s.x, s.band.upper), ...path(s.x, s.band.lower).reverse()],
    }));
    const endLabels = placeEndLabels(paths, box);
    const center = (box.x0 + box.x1) / 2;
    const size = { width: WIDTH, height };
    const heading = panel.title ? panelTitle(p, panel.title, center, box.y0, 8, size) : undefined;
    const [xTicks, yTicks] = [xAxis.ticks.map(X), yAxis.ticks.map(Y)];
    return { ...panel, series: paths, box, yAxis, xTicks, yTicks, heading, endLabels };
  });
  const markers = options.markers ?? series.every((s) => s.x.length <= 30);
  const rest = { legend, legendTop, entryWidth, noteLines, noteTop };
  return { title, height, xAxis, markers, panels: drawn, ...rest };
}

type Chart = ReturnType<typeof describeChart>;

interface EndLabel {
  text: string;
  color: string;
  /** The label's right end and baseline (px). */
  at: Point;
}

/**
 * Labels at the lines' last points: right-aligned just above each end (below it near the top of
 * the plot area), pushed apart vertically so that labels of lines ending close together never
 * overlap.
 */
function placeEndLabels(
  series: { endLabel?: string; color: string; line: Point[] }[],
  box: { x0: number; x1: number; y0: number; y1: number },
): EndLabel[] {
  const gap = SIZE + 3;
  const labels = series
    .filter((s) => s.endLabel && s.line.length > 0)
    .map((s) => {
      const [x, y] = s.line[s.line.length - 1];
      const above = y - 6 - SIZE >= box.y0;
      return {
        text: s.endLabel as string,
        color: s.color,
        at: [x - 4, above ? y - 6 : y + 6 + SIZE],
      };
    })
    .sort((a, b) => a.at[1] - b.at[1]);
  labels.forEach((label, i) => {
    if (i > 0 && label.at[1] - labels[i - 1].at[1] < gap) label.at[1] = labels[i - 1].at[1] + gap;
  });
  return labels.map((label) => ({ ...label, at: [label.at[0], label.at[1]] as Point }));
}

/** A plotly axis with our own ticks, as drawn in the SVG. */
function plotlyAxis(place: object, axis: Axis, title: string, standoff: number): PlotlyObject {
  const font = { size: SIZE };
  const ticks = { tickmode: "array", tickvals: axis.ticks, ticktext: axis.labels, tickfont: font };
  const text = { text: plotlyText(title), font, standoff };
  const lines = { zeroline: false, gridcolor: "#e6e6e6", linecolor: "#888888", mirror: true };
  return { ...place, range: axis.range, ...ticks, title: text, ...lines, showline: true };
}

/** The live figure: one scatter trace per series (one more per band), our axes and legend. */
function plotlySpec(chart: Chart, xTitle: string): { data: PlotlyObject[]; layout: PlotlyObject } {
  const fx = (v: number) => v / WIDTH;
  const fy = (v: number) => 1 - v / chart.height;
  const annotations = chart.panels.flatMap((panel) => panel.heading?.annotation ?? []);
  chart.panels.forEach((panel, p) =>
    panel.endLabels.forEach(({ text, color, at: [x, y] }, i) => {
      const label = paperText(
        `end label ${p + 1}.${i + 1}`,
        plotlyText(text),
        [fx(x), fy(y + 4)],
        ["right", "bottom"],
        SIZE,
      );
      annotations.push({ ...label, font: { size: SIZE, color } });
    }),
  );
  const legendTop = { y: fy(chart.legendTop), yanchor: "top" };
  const entries = { entrywidth: chart.entryWidth, entrywidthmode: "pixels", font: { size: SIZE } };
  const layout: PlotlyObject = {
    ...baseLayout(chart.title, chart.height, WIDTH),
    showlegend: true,
    legend: { orientation: "h", x: 24 / WIDTH, xanchor: "left", ...legendTop, ...entries },
    hovermode: "closest",
    annotations,
  };
  if (chart.noteLines.length) {
    const text = chart.noteLines.map(plotlyText).join("<br>");
    const at: Point = [20 / WIDTH, fy(chart.noteTop)];
    annotations.push(paperText("note", text, at, ["left", "top"], SIZE, "left"));
  }
  const legendShown = new Set<string>();
  const showLegend = (name: string) => !legendShown.has(name) && !!legendShown.add(name);
  const data = chart.panels.flatMap(({ box, yAxis, yTitle, series }, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const [x, y] = [`x${suffix}`, `y${suffix}`];
    const xPlace = { domain: [fx(box.x0), fx(box.x1)], anchor: y };
    layout[`xaxis${suffix}`] = plotlyAxis(xPlace, chart.xAxis, xTitle, 6);
    const yPlace = {
      domain: [fy(box.y1), fy(box.y0)],
      anchor: x,
      type: yAxis.log ? "log" : "linear",
    };
    layout[`yaxis${suffix}`] = plotlyAxis(yPlace, yAxis, yTitle, 4);
    return series.flatMap((s) => {
      const traces: PlotlyObject[] = [];
      if (s.band) {
        // The band: one closed outline (upper edge, then the lower edge backwards), filled, unlined.
        traces.push({
          type: "scatter",
          mode: "lines",
          name: plotlyText(s.band.name),
          x: [...s.x, ...s.x.slice().reverse()],
          y: [...s.band.upper, ...s.band.lower.slice().reverse()],
          fill: "toself",
          fillcolor: rgba(s.color, 0.22),
          line: { width: 0, color: s.color },
          hoverinfo: "skip",
          showlegend: showLegend(s.band.name),
          legendgroup: s.band.name,
          xaxis: x,
          yaxis: y,
        });
      }
      const [name, yName] = [plotlyText(s.name), plotlyText(yTitle)];
      traces.push({
        type: "scatter",
        mode: chart.markers ? "lines+markers" : "lines",
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
      return traces;
    });
  });
  return { data, layout };
}

function markerSvg(symbol: string, [x, y]: Point): string {
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
const stroke = (s: { color: string; dash: LineDash }) => ({
  stroke: s.color,
  "stroke-width": 2.5,
  "stroke-dasharray": SVG_DASHARRAY[s.dash],
  "stroke-linejoin": "round",
});
const points = (path: Point[]) => path.map(([x, y]) => `${px(x)},${px(y)}`).join(" ");

/** The static picture: the same panels, ticks, paths, legend and note as the live figure. */
function staticSvg(chart: Chart, title: string, xTitle: string): string {
  const panels = chart.panels.map((panel, p) => {
    const { box, xTicks, yTicks, yAxis } = panel;
    const grid = [
      ...xTicks.map((x) => element("line", { x1: x, y1: box.y0, x2: x, y2: box.y1 })),
      ...yTicks.map((y) => element("line", { x1: box.x0, y1: y, x2: box.x1, y2: y })),
    ];
    const frame = { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
    const below = { anchor: "middle", baseline: "hanging" } as const;
    const drawn = panel.series.map(({ line, area, ...s }) => {
      const dots = chart.markers ? line.map((at) => markerSvg(s.symbol, at)).join("") : "";
      const band = { class: "band", points: area && points(area), ...tint(s.color) };
      return (
        (area ? element("polygon", { ...band, stroke: "none" }) : "") +
        element("polyline", { class: "series", points: points(line), fill: "none", ...stroke(s) }) +
        (dots && `<g fill="${s.color}" stroke="${s.color}" stroke-width="1.5">${dots}</g>`)
      );
    });
    return [
      `<g class="panel"><g stroke="#e6e6e6" stroke-width="1">${grid.join("")}</g>`,
      ...xTicks.map((x, i) => textElement(x, box.y1 + 6, chart.xAxis.labels[i], below)),
      ...yTicks.map((y, i) =>
        textElement(box.x0 - 6, y, yAxis.labels[i], { anchor: "end", baseline: "middle" }),
      ),
      textElement((box.x0 + box.x1) / 2, box.y1 + 30, xTitle, below),
      textElement(box.x0 - LEFT_GUTTER + 22, (box.y0 + box.y1) / 2, panel.yTitle, {
        anchor: "middle",
        rotate: -90,
      }),
      panel.heading?.svg ?? "",
      `<defs><clipPath id="plot-area-${p}">${element("rect", frame)}</clipPath></defs>`,
      `<g clip-path="url(#plot-area-${p})">${drawn.join("")}</g>`,
      ...panel.endLabels.map(({ text, color, at: [x, y] }) =>
        textElement(x, y, text, { anchor: "end", fill: color }),
      ),
      element("rect", { ...frame, fill: "none", stroke: "#888888" }),
      "</g>",
    ].join("");
  });
  const legend = chart.legend.map(({ at: [x, y], band, name, ...style }) => {
    const swatch = band
      ? element("rect", { x, y: y - 7, width: 30, height: 14, ...tint(style.color) })
      : element("line", { x1: x, y1: y, x2: x + 30, y2: y, ...stroke(style) });
    const label = textElement(x + 38, y, name, { baseline: "middle" });
    return `<g class="legend-entry">${swatch}${label}</g>`;
  });
  const note = chart.noteLines.map((line, i) =>
    textElement(20, chart.noteTop + SIZE + i * lineHeight(SIZE), line),
  );
  const body = [titleSvg(chart.title), ...panels, ...legend, ...note].join("");
  return svgDocument(WIDTH, chart.height, title, body);
}

function assertCommon(options: CommonOptions): void {
  assertOptions("options", options);
  assertText("title", options.title);
  assertText("xTitle", options.xTitle);
  assertBoolean("markers", options.markers);
  assertOptionalText("note", options.note);
}

/** The plotly spec and the static SVG of `panels`, drawn from one description. */
function build(
  kind: "lineChart" | "linePanels",
  options: CommonOptions,
  panels: CheckedPanel[],
  columns: number,
): Figure {
  const chart = describeChart(options, panels, columns);
  const { data, layout } = plotlySpec(chart, options.xTitle);
  const svg = staticSvg(chart, options.title, options.xTitle);
  return finishFigure(kind, options.id, options.title, { data, layout, staticSvg: svg });
}

/** A line chart of one or more series; `logY` for a logarithmic y axis. */
export function lineChartFigure(options: LineChartOptions): Figure {
  assertCommon(options);
  const { yTitle, series, logY, yRange } = options;
  return build("lineChart", options, [assertPanel("", { yTitle, series, logY, yRange })], 1);
}

/**
 * A grid of line charts sharing the x axis ("small multiples"): e.g. one panel per activation ×
 * regime, each with the two forms and the bound; or two panels stacked, each quantity on its own
 * y axis (cosine similarity on [−1, 1], norm ratio on a log axis). Series of the same name in
 * several panels share one legend entry.
 */
export function linePanelsFigure(options: LinePanelsOptions): Figure {
  assertCommon(options);
  assertList("panels", options.panels, 8);
  const titled = options.panels.length > 1;
  const panels = options.panels.map((panel, p) => assertPanel(`panels[${p}]`, panel, titled));
  const columns = assertIntegerOption("columns", options.columns, 1, 3, panels.length <= 2 ? 1 : 2);
  return build("linePanels", options, panels, columns);
}
