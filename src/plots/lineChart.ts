/**
 * Line charts: norms of ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ against t − k on a log scale (the geometric decay or growth of
 * eq. (7)), loss curves, cosine similarities.
 *
 * On a log scale a y value ≤ 0 has no place; the builder throws, naming the series and the
 * index, instead of dropping the point silently (a norm of exactly 0 is worth knowing about).
 */
import { assertVector, shapeOf } from "../validate";
import { SERIES_COLORS } from "./colors";
import {
  Figure,
  PlotlyObject,
  assertBoolean,
  assertOptions,
  assertText,
  baseLayout,
  figureId,
} from "./figure";
import { plotlyText, toSuperscript } from "./labels";
import { element, escapeXml, px, svgDocument, textElement, textWidth } from "./svg";

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** Draw the line dashed (e.g. for a bound or a reference). */
  dash?: boolean;
  /** "#rrggbb"; default: the next colour of plotly's default colour way. */
  color?: string;
}

export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: LineSeries[];
  /** A logarithmic y axis: every y must be > 0. */
  logY?: boolean;
  /** Draw point markers; default when no series has more than 60 points. */
  markers?: boolean;
  id?: string;
}

const WIDTH = 760;
const HEIGHT = 430;
const PLOT_TOP = 56;
const PLOT_BOTTOM = 62;
const LEFT = 78;

interface CheckedSeries {
  name: string;
  x: number[];
  y: number[];
  dash: boolean;
  color: string;
}

function checkSeries(options: LineChartOptions): CheckedSeries[] {
  if (!Array.isArray(options.series) || options.series.length === 0) {
    throw new RangeError(`series must be a non-empty array, got ${shapeOf(options.series)}`);
  }
  const names = new Set<string>();
  return options.series.map((series, s) => {
    const name = `series[${s}]`;
    assertOptions(name, series);
    assertText(`${name}.name`, series.name);
    if (names.has(series.name)) {
      throw new RangeError(`${name}.name must be distinct, ${JSON.stringify(series.name)} repeats`);
    }
    names.add(series.name);
    assertVector(`${name}.x`, series.x);
    assertVector(`${name}.y`, series.y, series.x.length);
    assertBoolean(`${name}.dash`, series.dash);
    if (series.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(series.color)) {
      throw new RangeError(`${name}.color must be "#rrggbb", got ${JSON.stringify(series.color)}`);
    }
    if (options.logY) {
      series.y.forEach((value, i) => {
        if (value <= 0) {
          throw new RangeError(
            `${name}.y[${i}] must be > 0 on a log scale (logY), got ${value} (series ${JSON.stringify(series.name)})`,
          );
        }
      });
    }
    return {
      name: series.name,
      x: series.x.slice(),
      y: series.y.slice(),
      dash: series.dash === true,
      color: series.color ?? SERIES_COLORS[s % SERIES_COLORS.length],
    };
  });
}

/** Round tick steps: 1, 2 or 5 times a power of ten, about `count` ticks over [min, max]. */
export function niceTicks(min: number, max: number, count = 6): number[] {
  if (min === max) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** Ticks of a log axis over [10^lo, 10^hi] (exponents): decades, plus 2 and 5 when few. */
export function logTicks(lo: number, hi: number): number[] {
  const first = Math.floor(lo);
  const last = Math.ceil(hi);
  const decades = last - first;
  const every = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let e = first; e <= last; e++) {
    if ((e - first) % every === 0) ticks.push(10 ** e);
    if (decades <= 2) ticks.push(2 * 10 ** e, 5 * 10 ** e);
  }
  return ticks.filter((t) => Math.log10(t) >= lo - 1e-9 && Math.log10(t) <= hi + 1e-9);
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
    Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3 ? value.toExponential(1) : String(value);
  return text.replace(/^-/, "−");
}

interface Axis {
  toPx: (value: number) => number;
  ticks: number[];
  label: (value: number) => string;
}

function padRange(min: number, max: number, fraction: number): [number, number] {
  if (min === max) return [min - 1, max + 1];
  const pad = (max - min) * fraction;
  return [min - pad, max + pad];
}

function axes(series: CheckedSeries[], logY: boolean, plotRight: number) {
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) => s.y);
  const [x0, x1] = padRange(Math.min(...xs), Math.max(...xs), 0.03);
  const bottom = HEIGHT - PLOT_BOTTOM;
  const x: Axis = {
    toPx: (v) => LEFT + ((v - x0) / (x1 - x0)) * (plotRight - LEFT),
    ticks: niceTicks(x0, x1, 7),
    label: linearTickLabel,
  };
  let y: Axis;
  if (logY) {
    const logs = ys.map(Math.log10);
    const [lo, hi] =
      Math.min(...logs) === Math.max(...logs)
        ? [Math.min(...logs) - 0.5, Math.max(...logs) + 0.5]
        : padRange(Math.min(...logs), Math.max(...logs), 0.05);
    y = {
      toPx: (v) => bottom - ((Math.log10(v) - lo) / (hi - lo)) * (bottom - PLOT_TOP),
      ticks: logTicks(lo, hi),
      label: logTickLabel,
    };
  } else {
    const [lo, hi] = padRange(Math.min(...ys), Math.max(...ys), 0.05);
    y = {
      toPx: (v) => bottom - ((v - lo) / (hi - lo)) * (bottom - PLOT_TOP),
      ticks: niceTicks(lo, hi, 6),
      label: linearTickLabel,
    };
  }
  return { x, y, bottom };
}

function logSpan(series: CheckedSeries[]): number {
  const ys = series.flatMap((s) => s.y);
  return Math.log10(Math.max(...ys) / Math.min(...ys));
}

function legendWidth(series: CheckedSeries[]): number {
  return Math.max(...series.map((s) => textWidth(s.name, 12))) + 44;
}

function lineChartSvg(options: LineChartOptions, series: CheckedSeries[], markers: boolean) {
  const plotRight = WIDTH - legendWidth(series) - 16;
  const { x, y, bottom } = axes(series, options.logY === true, plotRight);
  const parts: string[] = [textElement(16, 28, options.title, { size: 16, weight: "bold" })];
  const grid: string[] = [];
  const labels: string[] = [];
  for (const t of x.ticks) {
    const tx = x.toPx(t);
    grid.push(element("line", { x1: tx, y1: PLOT_TOP, x2: tx, y2: bottom }));
    labels.push(textElement(tx, bottom + 8, x.label(t), { anchor: "middle", baseline: "hanging" }));
  }
  for (const t of y.ticks) {
    const ty = y.toPx(t);
    grid.push(element("line", { x1: LEFT, y1: ty, x2: plotRight, y2: ty }));
    labels.push(textElement(LEFT - 8, ty, y.label(t), { anchor: "end", baseline: "middle" }));
  }
  parts.push(`<g stroke="#e6e6e6" stroke-width="1">${grid.join("")}</g>`);
  parts.push(
    element("rect", {
      x: LEFT,
      y: PLOT_TOP,
      width: plotRight - LEFT,
      height: bottom - PLOT_TOP,
      fill: "none",
      stroke: "#888888",
    }),
  );
  parts.push(...labels);
  for (const s of series) {
    const points = s.x.map((xv, i) => `${px(x.toPx(xv))},${px(y.toPx(s.y[i]))}`).join(" ");
    parts.push(
      element("polyline", {
        class: "series",
        points,
        fill: "none",
        stroke: s.color,
        "stroke-width": 2,
        "stroke-dasharray": s.dash ? "7 4" : undefined,
        "stroke-linejoin": "round",
      }),
    );
    if (markers) {
      const dots = s.x
        .map((xv, i) => element("circle", { cx: x.toPx(xv), cy: y.toPx(s.y[i]), r: 3 }))
        .join("");
      parts.push(`<g fill="${escapeXml(s.color)}">${dots}</g>`);
    }
  }
  const legendX = plotRight + 16;
  series.forEach((s, i) => {
    const ly = PLOT_TOP + 10 + i * 22;
    parts.push(
      element("line", {
        x1: legendX,
        y1: ly,
        x2: legendX + 28,
        y2: ly,
        stroke: s.color,
        "stroke-width": 2,
        "stroke-dasharray": s.dash ? "7 4" : undefined,
      }),
      `<g class="legend-entry">${textElement(legendX + 34, ly, s.name, { baseline: "middle" })}</g>`,
    );
  });
  parts.push(
    textElement((LEFT + plotRight) / 2, HEIGHT - 14, options.xTitle, { anchor: "middle" }),
    textElement(18, (PLOT_TOP + bottom) / 2, options.yTitle, { anchor: "middle", rotate: -90 }),
  );
  return svgDocument(WIDTH, HEIGHT, options.title, parts.join(""));
}

/** A line chart of one or more series; `logY` for a logarithmic y axis. */
export function lineChartFigure(options: LineChartOptions): Figure {
  assertOptions("options", options);
  assertText("title", options.title);
  assertText("xTitle", options.xTitle);
  assertText("yTitle", options.yTitle);
  assertBoolean("logY", options.logY);
  assertBoolean("markers", options.markers);
  const series = checkSeries(options);
  const markers = options.markers ?? series.every((s) => s.x.length <= 60);
  const data: PlotlyObject[] = series.map((s) => ({
    type: "scatter",
    mode: markers ? "lines+markers" : "lines",
    name: plotlyText(s.name),
    x: s.x,
    y: s.y,
    line: { color: s.color, width: 2, dash: s.dash ? "dash" : "solid" },
    marker: { color: s.color, size: 6 },
    hovertemplate: `${plotlyText(s.name)}<br>${plotlyText(options.xTitle)} = %{x}<br>${plotlyText(
      options.yTitle,
    )} = %{y:.4g}<extra></extra>`,
  }));
  const legend = legendWidth(series);
  const layout: PlotlyObject = {
    ...baseLayout(plotlyText(options.title), HEIGHT, WIDTH),
    margin: { l: LEFT, r: legend + 16, t: PLOT_TOP, b: PLOT_BOTTOM },
    xaxis: { title: { text: plotlyText(options.xTitle) }, zeroline: false, gridcolor: "#e6e6e6" },
    yaxis: {
      title: { text: plotlyText(options.yTitle) },
      type: options.logY ? "log" : "linear",
      exponentformat: "power",
      // Decades only, or 1-2-5 within a short range: plotly's default labels every minor digit.
      ...(options.logY ? { dtick: logSpan(series) >= 2 ? 1 : "D2" } : {}),
      zeroline: false,
      gridcolor: "#e6e6e6",
    },
    legend: { x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
    showlegend: true,
  };
  return {
    id: figureId(options.id, "lineChart", options.title, [data, layout]),
    kind: "lineChart",
    title: options.title,
    data,
    layout,
    staticSvg: lineChartSvg(options, series, markers),
  };
}
