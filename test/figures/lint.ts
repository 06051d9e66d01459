/**
 * A figure's style, checked on the spec itself (the plotly data and layout and the static SVG a
 * builder returns), so that "legible on a projector, one scale for what is compared" is tested,
 * not eyeballed. `lintFigure` returns a list of problems, each naming the figure and the part;
 * an empty list means the figure follows the style of src/notebook/plots/style.ts.
 */
import { formatValue } from "../../src/notebook/plots/labels";
import { MAX_LOG_TICKS } from "../../src/notebook/plots/lineChart";
import {
  MAX_FIGURE_WIDTH,
  MEANING_COLORS,
  MIN_FONT_SIZE,
  meaningOfName,
  Meaning,
} from "../../src/notebook/plots/style";
import { textWidth } from "../../src/notebook/plots/svg";

/** The part of a Figure the lint reads (a Figure, or one parsed back from JSON). */
export interface LintableFigure {
  id: string;
  kind: string;
  title: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  frames?: Record<string, unknown>[];
  staticSvg: string;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return isObj(value) && typeof value.text === "string" ? value.text.trim() : "";
}

/** Every font size set anywhere in `value` (keys ending in "font" holding { size }). */
function fontSizes(value: unknown, path: string, out: { path: string; size: number }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => fontSizes(item, `${path}[${i}]`, out));
    return;
  }
  if (!isObj(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    if (/font$/i.test(key) && isObj(child) && typeof child.size === "number") {
      out.push({ path: `${where}.size`, size: child.size });
    }
    fontSizes(child, where, out);
  }
}

function axisKeys(layout: Obj): string[] {
  return Object.keys(layout).filter((key) => /^[xy]axis\d*$/.test(key));
}

/** The pixel size of one heatmap cell of `trace`, from its axes' domains and the figure size. */
function cellSize(trace: Obj, layout: Obj): { width: number; height: number } | undefined {
  const z = trace.z as number[][] | undefined;
  if (!Array.isArray(z) || z.length === 0) return undefined;
  const xKey = `xaxis${String(trace.xaxis ?? "x").slice(1)}`;
  const yKey = `yaxis${String(trace.yaxis ?? "y").slice(1)}`;
  const xAxis = layout[xKey] as Obj | undefined;
  const yAxis = layout[yKey] as Obj | undefined;
  const width = Number(layout.width);
  const height = Number(layout.height);
  const margin = (layout.margin ?? {}) as Obj;
  const plotWidth = width - Number(margin.l ?? 80) - Number(margin.r ?? 80);
  const plotHeight = height - Number(margin.t ?? 100) - Number(margin.b ?? 80);
  const span = (axis: Obj | undefined) =>
    axis && Array.isArray(axis.domain) ? Number(axis.domain[1]) - Number(axis.domain[0]) : 1;
  return {
    width: (plotWidth * span(xAxis)) / z[0].length,
    height: (plotHeight * span(yAxis)) / z.length,
  };
}

/** Problems of one figure; [] when it follows the style. */
export function lintFigure(figure: LintableFigure): string[] {
  const problems: string[] = [];
  const name = `${figure.id ?? "figure"} (${figure.kind})`;
  const report = (message: string) => problems.push(`${name}: ${message}`);
  const layout = figure.layout as Obj;
  const data = figure.data as Obj[];

  // Titles.
  if (!figure.title?.trim() || !text(layout.title)) report("has no title");
  for (const key of axisKeys(layout)) {
    const axis = layout[key] as Obj;
    if (axis.visible === false || axis.showticklabels === false) continue;
    if (!text(axis.title)) report(`${key} has tick labels but no axis title`);
  }
  for (const [t, trace] of data.entries()) {
    if (trace.type === "heatmap" && trace.showscale !== false) {
      if (!text((trace.colorbar as Obj | undefined)?.title)) {
        report(`data[${t}] (${String(trace.name)}) has a colour bar without a title`);
      }
    }
  }

  // Size: nothing wider than the notebook's output area.
  const width = Number(layout.width);
  if (!(width > 0)) report("layout.width is not set: the figure's geometry is not fixed");
  else if (width > MAX_FIGURE_WIDTH) {
    report(`layout.width ${width} px exceeds ${MAX_FIGURE_WIDTH} px: it is cut off in a notebook`);
  }
  const svgWidth = /^<svg[^>]*\swidth="(\d+)"/.exec(figure.staticSvg ?? "");
  if (!svgWidth) report("staticSvg has no width");
  else if (Number(svgWidth[1]) > MAX_FIGURE_WIDTH) {
    report(`staticSvg is ${svgWidth[1]} px wide, more than ${MAX_FIGURE_WIDTH} px`);
  } else if (
    figure.kind !== "sliderHeatmap" &&
    width > 0 &&
    Number(svgWidth[1]) !== Math.ceil(width)
  ) {
    // The static picture is drawn from the live figure's geometry (a slider's shows several
    // frames side by side instead, so its size differs by design).
    report(`staticSvg is ${svgWidth[1]} px wide but the live figure ${width} px: they disagree`);
  }

  // Fonts: the default and every size set, live and static.
  const baseFont = (layout.font as Obj | undefined)?.size;
  if (typeof baseFont !== "number" || baseFont < MIN_FONT_SIZE) {
    report(`layout.font.size ${String(baseFont)} is below the minimum ${MIN_FONT_SIZE} px`);
  }
  const sizes: { path: string; size: number }[] = [];
  fontSizes({ data, layout, frames: figure.frames ?? [] }, "", sizes);
  for (const { path, size } of sizes) {
    if (size < MIN_FONT_SIZE) report(`${path} = ${size} px is below ${MIN_FONT_SIZE} px`);
  }
  const svgSizes = [...(figure.staticSvg ?? "").matchAll(/font-size="([\d.]+)"/g)].map((m) =>
    Number(m[1]),
  );
  const smallest = Math.min(Infinity, ...svgSizes);
  if (smallest < MIN_FONT_SIZE) {
    report(`staticSvg uses font-size ${smallest}, below ${MIN_FONT_SIZE} px`);
  }

  // Compared panels share one range; diverging ranges are symmetric.
  const groups = new Map<string, { zmin: number; zmax: number; name: string }[]>();
  for (const trace of data) {
    if (trace.type !== "heatmap") continue;
    const zmin = Number(trace.zmin);
    const zmax = Number(trace.zmax);
    if (trace.zmid === 0 && Math.abs(zmin + zmax) > 1e-12 * Math.abs(zmax)) {
      report(
        `heatmap ${String(trace.name)} is diverging but its range ${zmin}..${zmax} is not symmetric`,
      );
    }
    const group = isObj(trace.meta) ? (trace.meta.compared as string | undefined) : undefined;
    const key = group ?? (trace.zmid === 0 ? "diverging" : `own:${String(trace.name)}`);
    groups.set(key, [...(groups.get(key) ?? []), { zmin, zmax, name: String(trace.name) }]);
  }
  for (const [group, members] of groups) {
    const ranges = new Set(members.map((m) => `${m.zmin}..${m.zmax}`));
    if (ranges.size > 1) {
      report(
        `compared heatmaps (${group}) use different colour ranges: ${members.map((m) => `${m.name} ${m.zmin}..${m.zmax}`).join(", ")}`,
      );
    }
  }
  for (const [f, frame] of (figure.frames ?? []).entries()) {
    const frameData = (frame.data as Obj[] | undefined) ?? [];
    frameData.forEach((trace, t) => {
      const base = data[t];
      if (base?.type === "heatmap" && (trace.zmin !== base.zmin || trace.zmax !== base.zmax)) {
        report(
          `frames[${f}] changes the colour range (${String(trace.zmin)}..${String(trace.zmax)}): frames must share one scale`,
        );
      }
    });
  }

  // Cell values only where they fit.
  for (const trace of data) {
    if (trace.type !== "heatmap" || typeof trace.texttemplate !== "string") continue;
    const digits = Number(/\.(\d+)g/.exec(trace.texttemplate)?.[1] ?? 3);
    const size = Number((trace.textfont as Obj | undefined)?.size ?? baseFont ?? 12);
    const cell = cellSize(trace, layout);
    if (!cell) continue;
    const widest = Math.max(
      ...(trace.z as number[][]).flat().map((v) => textWidth(formatValue(v, digits), size)),
    );
    if (widest > cell.width - 4 || size > cell.height - 4) {
      report(
        `heatmap ${String(trace.name)} writes values ${Math.round(widest)} px wide at ${size} px into ${Math.round(cell.width)}×${Math.round(cell.height)} px cells`,
      );
    }
  }

  // Log axes: a few ticks with full labels, never plotly's bare minor digits.
  for (const key of axisKeys(layout)) {
    const axis = layout[key] as Obj;
    if (axis.type !== "log" || axis.visible === false) continue;
    const ticks = axis.tickvals as number[] | undefined;
    const labels = axis.ticktext as string[] | undefined;
    if (!Array.isArray(ticks) || !Array.isArray(labels)) {
      report(
        `${key} is a log axis without explicit tickvals/ticktext (plotly labels minor digits)`,
      );
      continue;
    }
    if (ticks.length > MAX_LOG_TICKS)
      report(`${key} has ${ticks.length} ticks, more than ${MAX_LOG_TICKS}`);
    const span = Math.log10(Math.max(...ticks) / Math.min(...ticks));
    if (
      span >= 2 &&
      ticks.some((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) > 1e-9)
    ) {
      report(`${key} spans ${Math.round(span)} decades but has ticks between decades`);
    }
    // A digit is a bare minor label when it stands for another value (plotly's "2" for 20 or
    // 0.02); "2" at the tick 2 is the value written in full.
    const bare = labels.filter((l, i) => /^[2-9]$/.test(l) && ticks[i] !== Number(l));
    if (bare.length > 0 && ticks.length > 1 && span >= 1) {
      report(`${key} has bare minor labels ${bare.join(", ")} that read as integers`);
    }
  }

  // Colours by meaning, and series that can be told apart.
  const seen = new Map<string, string>();
  for (const trace of data) {
    if (trace.type !== "scatter") continue;
    const line = (trace.line ?? {}) as Obj;
    if (line.width === 0) continue; // a band's edge
    const traceName = String(trace.name ?? "");
    const meaning =
      (isObj(trace.meta) ? (trace.meta.meaning as Meaning | undefined) : undefined) ??
      meaningOfName(traceName);
    if (
      meaning &&
      line.color !== undefined &&
      String(line.color).toLowerCase() !== MEANING_COLORS[meaning]
    ) {
      report(
        `series "${traceName}" means ${meaning} but is drawn ${String(line.color)}, not ${MEANING_COLORS[meaning]}`,
      );
    }
    if (String(trace.mode ?? "").includes("lines")) {
      const marker = (trace.marker ?? {}) as Obj;
      const key = `${String(trace.xaxis ?? "x")}|${String(line.color)}|${String(line.dash ?? "solid")}|${String(marker.symbol ?? "")}|${String(trace.mode)}`;
      const other = seen.get(key);
      if (other !== undefined && other !== traceName) {
        report(`series "${traceName}" and "${other}" look the same (colour, dash, marker)`);
      }
      seen.set(key, traceName);
    }
  }
  // (A network diagram's highlighted edges are covered too: each has a legend line trace named
  // by its label, e.g. "correct: W₁₂ σ′(x₂⁽¹⁾)".)
  return problems;
}
