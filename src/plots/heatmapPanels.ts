/**
 * The picture behind every heatmap figure: one or more matrices in a grid of square panels. One
 * geometry serves both outputs, so the plotly layout and the static SVG put the panels, colour
 * bars and labels in the same places.
 *
 * Panels that are compared (the forms and their difference) share one colour range and then one
 * colour bar, drawn once at the right; a panel with a range of its own draws its own bar. A
 * difference panel that is zero everywhere (or within a stated tolerance) is drawn as a box
 * saying so, instead of a white heatmap whose colour bar would suggest a scale. Panels wrap onto
 * further rows rather than shrinking below a legible size or running past MAX_FIGURE_WIDTH.
 */
import { Matrix } from "../validate";
import { DIVERGING, colorFor, textColorOn } from "./colors";
import { PlotlyObject, baseLayout, panelTitle, paperText, titleBlock, titleSvg } from "./figure";
import { formatValue, plotlyText } from "./labels";
import { MAX_FIGURE_WIDTH, MIN_FONT_SIZE } from "./style";
import { element, lineHeight, svgDocument, textElement, textWidth, wrapText } from "./svg";

/** One panel, fully resolved: labels filled in, colour range decided. */
export interface PanelModel {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  rowLabels: string[];
  colLabels: string[];
  xTitle?: string;
  yTitle?: string;
  /** The colour range: −range to range, white at 0 (zmid = 0). */
  range: number;
  zTitle?: string;
  /** Drawn as a box "identical (max |diff| = …)" instead of a heatmap. */
  identical?: { maxAbs: number; tolerance: number };
  /**
   * The name of the panels that share `range` and one colour bar (a grid's compared panels, a
   * slider's frames; one group a figure, and never an identical panel), if any.
   */
  group?: string;
}

export interface PanelsLayout {
  title: string;
  panels: PanelModel[];
}

const SIZE = MIN_FONT_SIZE; // labels and cell values
const DIGITS = 3; // significant digits of the values written in cells
const COLORBAR_WIDTH = 14;
const GAP = 24;
const MIN_SIDE = 160;
const BAR_FRACTIONS = [0, 0.25, 0.5, 0.75, 1];

function identicalLines({ maxAbs, tolerance }: { maxAbs: number; tolerance: number }): string[] {
  const max = `(max |diff| = ${maxAbs === 0 ? "0" : formatValue(maxAbs, 2)})`;
  return tolerance > 0 && maxAbs > 0
    ? ["identical to within", tolerance.toExponential(0).replace("-", "−"), max]
    : ["identical", max];
}

/** The values written on a colour bar: five, evenly spaced from −range to range (0 exactly). */
function colorBarTicks(range: number): { values: number[]; labels: string[] } {
  const values = BAR_FRACTIONS.map((f) => -range + f * (2 * range));
  return { values, labels: values.map((v) => formatValue(v, 2)) };
}

const widest = (labels: string[]) => Math.max(...labels.map((l) => textWidth(l, SIZE)));

function barWidth(panel: PanelModel): number {
  return (
    COLORBAR_WIDTH + 8 + widest(colorBarTicks(panel.range).labels) + 8 + (panel.zTitle ? 26 : 0)
  );
}

function rowLabelWidth(panel: PanelModel): number {
  return widest(panel.rowLabels) + 12 + (panel.yTitle ? 28 : 0);
}

function cellTexts(panel: PanelModel): string[][] {
  return panel.matrix.map((row) => row.map((value) => formatValue(value, DIGITS)));
}

type Geometry = ReturnType<typeof geometry>;

/** Pixel geometry shared by the plotly layout and the SVG. */
function geometry(spec: PanelsLayout) {
  const panels = spec.panels;
  const count = panels.length;
  // The shared group's bar sits right of the whole grid; an ungrouped heatmap's right of it.
  const sharing = panels.findIndex((p) => p.group);
  const ownBar = panels.map((p) => (p.identical || p.group ? 0 : barWidth(p)));
  const sharedBarWidth = sharing < 0 ? 0 : barWidth(panels[sharing]) + 10;
  const layoutFor = (columns: number) => {
    // A panel repeats the row labels of the first in its row only when they differ.
    const rowLabels = panels.map((p, i) => {
      const first = panels[i - (i % columns)];
      const same = JSON.stringify(p.rowLabels) === JSON.stringify(first.rowLabels);
      return i % columns === 0 || !same || !!p.yTitle !== !!first.yTitle;
    });
    const left = Math.max(...panels.map((p, i) => (i % columns === 0 ? rowLabelWidth(p) : 0)));
    const innerLeft = Math.max(
      8,
      ...panels.map((p, i) => (i % columns !== 0 && rowLabels[i] ? rowLabelWidth(p) : 0)),
    );
    const barSpace = Math.max(...ownBar);
    const fixed =
      16 + left + columns * barSpace + (columns - 1) * (GAP + innerLeft) + sharedBarWidth + 12;
    const side = Math.min(count === 1 ? 340 : 300, (MAX_FIGURE_WIDTH - fixed) / columns);
    return { columns, rowLabels, left, innerLeft, barSpace, side };
  };
  // The fewest rows that leave the panels legible; the panels spread evenly over the rows.
  let chosen = layoutFor(1);
  for (let rows = 1; rows <= count; rows++) {
    chosen = layoutFor(Math.ceil(count / rows));
    if (chosen.side >= MIN_SIDE || rows === count) break;
  }
  const { columns, rowLabels, left, innerLeft, barSpace } = chosen;
  const side = Math.max(120, Math.floor(chosen.side));
  const rotate = panels.map((p) => widest(p.colLabels) > side / p.colLabels.length - 6);
  const colLabelHeight = Math.max(
    ...panels.map((p, i) => (rotate[i] ? widest(p.colLabels) * 0.72 + 16 : 26)),
  );
  const xTitleHeight = panels.some((p) => p.xTitle) ? 26 : 0;
  const panelTitleHeight = panels.some((p) => p.title) ? 30 : 6;
  const rowHeight = panelTitleHeight + side + colLabelHeight + xTitleHeight + 14;
  const columnStride = side + barSpace + GAP + innerLeft;
  const gridRight = 16 + left + (columns - 1) * columnStride + side + barSpace;
  const width = Math.max(
    480,
    Math.min(MAX_FIGURE_WIDTH, Math.ceil(gridRight + sharedBarWidth + 12)),
  );
  const title = titleBlock(spec.title, width);
  const boxes = panels.map((_, i) => ({
    x: 16 + left + (i % columns) * columnStride,
    y: title.height + Math.floor(i / columns) * rowHeight + panelTitleHeight,
    rowLabels: rowLabels[i],
    rotate: rotate[i],
  }));
  const groupTops = boxes.filter((_, i) => panels[i].group).map((b) => b.y);
  const bars = panels.flatMap((panel, i) => {
    if (panel.identical || (panel.group && i !== sharing)) return [];
    if (!panel.group) return [{ panel: i, x: boxes[i].x + side + 10, y: boxes[i].y, height: side }];
    const y = Math.min(...groupTops);
    return [{ panel: i, x: gridRight + 10, y, height: Math.max(...groupTops) + side - y }];
  });
  const fits = (p: PanelModel) =>
    widest(cellTexts(p).flat()) <= side / p.matrix[0].length - 6 &&
    SIZE <= side / p.matrix.length - 6;
  return {
    width,
    height: title.height + Math.ceil(count / columns) * rowHeight + 4,
    title,
    side,
    boxes,
    bars,
    /** Whether cell values are written (they fit in every panel that has them). */
    values: panels.every((p) => p.identical || fits(p)),
  };
}

/** The heatmap trace of panel `p` (subplot p+1), with its colour bar if it owns one. */
function panelTrace(spec: PanelsLayout, p: number, g: Geometry): PlotlyObject {
  const panel = spec.panels[p];
  const suffix = p === 0 ? "" : String(p + 1);
  const bar = g.bars.find((b) => b.panel === p);
  const font = { size: SIZE };
  let colorbar: PlotlyObject | undefined;
  if (bar) {
    const { values, labels } = colorBarTicks(panel.range);
    const x = { x: bar.x / g.width, xanchor: "left", xref: "paper" };
    const y = { y: 1 - bar.y / g.height, yanchor: "top", yref: "paper" };
    const size = {
      len: bar.height,
      lenmode: "pixels",
      thickness: COLORBAR_WIDTH,
      outlinewidth: 0.5,
    };
    const ticks = { tickmode: "array", tickvals: values, ticktext: labels, tickfont: font };
    const title = { text: plotlyText(panel.zTitle ?? ""), side: "right", font };
    colorbar = { ...x, ...y, ...size, ...ticks, title };
  }
  return {
    type: "heatmap",
    name: plotlyText(panel.title),
    z: panel.matrix,
    x: panel.colLabels.map(plotlyText),
    y: panel.rowLabels.map(plotlyText),
    ...(panel.hover ? { text: panel.hover.map((row) => row.map(plotlyText)) } : {}),
    hovertemplate:
      (panel.hover ? "%{text}<br>" : "") + "row %{y}, column %{x}<br>value %{z:.4g}<extra></extra>",
    ...(g.values ? { texttemplate: `%{z:.${DIGITS}g}`, textfont: font } : {}),
    colorscale: DIVERGING,
    zauto: false,
    zmin: -panel.range,
    zmax: panel.range,
    zmid: 0,
    ...(panel.group ? { meta: { compared: panel.group } } : {}),
    xgap: 1,
    ygap: 1,
    xaxis: `x${suffix}`,
    yaxis: `y${suffix}`,
    showscale: bar !== undefined,
    ...(colorbar ? { colorbar } : {}),
  };
}

/** Layout: fixed size, one x/y axis pair per panel, panel titles as annotations. */
function panelsLayout(spec: PanelsLayout, g: Geometry): PlotlyObject {
  const fx = (v: number) => v / g.width;
  const fy = (v: number) => 1 - v / g.height;
  const annotations: PlotlyObject[] = [];
  const shapes: PlotlyObject[] = [];
  const layout: PlotlyObject = { ...baseLayout(g.title, g.height, g.width), annotations, shapes };
  const font = { size: SIZE };
  spec.panels.forEach((panel, p) => {
    const { x, y, rotate, rowLabels } = g.boxes[p];
    const suffix = p === 0 ? "" : String(p + 1);
    if (panel.title)
      annotations.push(panelTitle(p, panel.title, x + g.side / 2, y, 6, g).annotation);
    const domains = {
      x: { domain: [fx(x), fx(x + g.side)], anchor: `y${suffix}` },
      y: { domain: [fy(y + g.side), fy(y)], anchor: `x${suffix}` },
    };
    const title = (text?: string) =>
      text ? { title: { text: plotlyText(text), font, standoff: 4 } } : {};
    if (panel.identical) {
      const [x0, x1] = domains.x.domain;
      const [y0, y1] = domains.y.domain;
      const line = { color: "#888888", width: 1, dash: "dot" };
      const box = { type: "rect", xref: "paper", yref: "paper", x0, x1, y0, y1, line };
      shapes.push({ ...box, fillcolor: "#f7f7f7" });
      const text = identicalLines(panel.identical).map(plotlyText).join("<br>");
      const at: [number, number] = [fx(x + g.side / 2), fy(y + g.side / 2)];
      annotations.push(paperText(`identical ${p + 1}`, text, at, ["center", "middle"], SIZE));
      layout[`xaxis${suffix}`] = { ...domains.x, visible: false };
      layout[`yaxis${suffix}`] = { ...domains.y, visible: false };
      return;
    }
    // Categories, no grid; rows top to bottom, as a matrix is written.
    const plain = { showgrid: false, zeroline: false, ticks: "" };
    const xTicks = { tickangle: rotate ? -45 : 0, tickfont: font, ...title(panel.xTitle) };
    layout[`xaxis${suffix}`] = { ...domains.x, type: "category", ...plain, ...xTicks };
    const yTicks = { tickfont: font, showticklabels: rowLabels };
    const yTitle = title(rowLabels ? panel.yTitle : undefined);
    const yAxis = { type: "category", autorange: "reversed", ...plain };
    layout[`yaxis${suffix}`] = { ...domains.y, ...yAxis, ...yTicks, ...yTitle };
  });
  return layout;
}

function colorBarSvg(
  panel: PanelModel,
  { x, y, height }: Geometry["bars"][number],
  id: string,
): string {
  const stops = DIVERGING.map(([pos, color]) =>
    element("stop", { offset: 1 - pos, "stop-color": color }),
  )
    .reverse()
    .join("");
  // Top of the bar is zmax: position 1 of the scale.
  const gradient = element("linearGradient", { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops);
  const labels = colorBarTicks(panel.range).labels;
  const right = x + COLORBAR_WIDTH;
  const tickY = (f: number) => y + height - f * height;
  const marks = BAR_FRACTIONS.map((f) =>
    element("line", { x1: right, y1: tickY(f), x2: right + 4, y2: tickY(f) }),
  );
  const texts = BAR_FRACTIONS.map((f, i) =>
    textElement(right + 7, tickY(f), labels[i], { baseline: "middle" }),
  );
  const vertical = { anchor: "middle", rotate: 90 } as const;
  const title = panel.zTitle
    ? textElement(right + 16 + widest(labels), y + height / 2, panel.zTitle, vertical)
    : "";
  const rect = { x, y, width: COLORBAR_WIDTH, height, fill: `url(#${id})`, stroke: "#888888" };
  return (
    `<g class="colorbar"><defs>${gradient}</defs>` +
    element("rect", { ...rect, "stroke-width": 0.5 }) +
    `<g stroke="#555555" stroke-width="1">${marks.join("")}</g>` +
    texts.join("") +
    title +
    `</g>`
  );
}

function panelSvg(spec: PanelsLayout, g: Geometry, p: number): string {
  const panel = spec.panels[p];
  const { x: x0, y: y0, rotate } = g.boxes[p];
  const side = g.side;
  const parts: string[] = [];
  const middle = { anchor: "middle", baseline: "middle" } as const;
  if (panel.title) parts.push(panelTitle(p, panel.title, x0 + side / 2, y0, 6, g).svg);
  if (panel.identical) {
    const box = { x: x0, y: y0, width: side, height: side, fill: "#f7f7f7", stroke: "#888888" };
    parts.push(element("rect", { class: "identical", ...box, "stroke-dasharray": "2 3" }));
    const lines = wrapText(identicalLines(panel.identical).join(" "), SIZE, side - 20);
    const first = y0 + side / 2 - ((lines.length - 1) * lineHeight(SIZE)) / 2;
    lines.forEach((line, i) =>
      parts.push(textElement(x0 + side / 2, first + i * lineHeight(SIZE), line, middle)),
    );
    return `<g class="panel">${parts.join("")}</g>`;
  }
  const cw = side / panel.matrix[0].length;
  const ch = side / panel.matrix.length;
  const texts = cellTexts(panel);
  panel.matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      const fill = colorFor(value, panel.range);
      const cell = { x: x0 + j * cw, y: y0 + i * ch, width: cw, height: ch, fill };
      parts.push(element("rect", { class: "cell", ...cell, stroke: "#ffffff", "stroke-width": 1 }));
      if (g.values) {
        const cx = x0 + (j + 0.5) * cw;
        parts.push(
          textElement(cx, y0 + (i + 0.5) * ch, texts[i][j], { ...middle, fill: textColorOn(fill) }),
        );
      }
    }),
  );
  // Thin out labels when cells are too small to hold one each.
  const colStep = Math.max(1, Math.ceil((rotate ? 18 : 30) / cw));
  const rowStep = Math.max(1, Math.ceil(18 / ch));
  let labelsBottom = y0 + side + 26;
  const below = { anchor: "middle", baseline: "hanging" } as const;
  const slanted = { anchor: "end", rotate: -45, baseline: "hanging" } as const;
  panel.colLabels.forEach((label, j) => {
    if (j % colStep !== 0) return;
    const cx = x0 + (j + 0.5) * cw;
    if (rotate) {
      labelsBottom = Math.max(labelsBottom, y0 + side + 16 + textWidth(label, SIZE) * 0.72);
      parts.push(textElement(cx + 4, y0 + side + 10, label, slanted));
    } else {
      parts.push(textElement(cx, y0 + side + 8, label, below));
    }
  });
  if (panel.xTitle) parts.push(textElement(x0 + side / 2, labelsBottom + 4, panel.xTitle, below));
  if (g.boxes[p].rowLabels) {
    panel.rowLabels.forEach((label, i) => {
      if (i % rowStep === 0) {
        parts.push(
          textElement(x0 - 8, y0 + (i + 0.5) * ch, label, { anchor: "end", baseline: "middle" }),
        );
      }
    });
    if (panel.yTitle) {
      const x = x0 - widest(panel.rowLabels) - 22;
      parts.push(textElement(x, y0 + side / 2, panel.yTitle, { anchor: "middle", rotate: -90 }));
    }
  }
  return `<g class="panel">${parts.join("")}</g>`;
}

/** The plotly traces and layout and the static SVG of the panels, from one geometry. */
export function panelsPicture(spec: PanelsLayout) {
  const g = geometry(spec);
  const svg = [
    titleSvg(g.title),
    ...spec.panels.map((_, p) => panelSvg(spec, g, p)),
    ...g.bars.map((bar, b) => colorBarSvg(spec.panels[bar.panel], bar, `colorbar-${b}`)),
  ];
  return {
    data: spec.panels.flatMap((panel, p) => (panel.identical ? [] : [panelTrace(spec, p, g)])),
    layout: panelsLayout(spec, g),
    staticSvg: svgDocument(g.width, g.height, spec.title, svg.join("")),
  };
}
