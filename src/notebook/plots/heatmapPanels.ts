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
import { Matrix } from "../../shared/validate";
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
  zTitle?: string;
  /** The colour range: −range to range, white at 0 (zmid = 0). */
  range: number;
  /** Drawn as a box "identical (max |diff| = …)" instead of a heatmap. */
  identical?: { maxAbs: number; tolerance: number };
  /** The name of the panels (at most one group a figure) sharing `range` and one colour bar. */
  group?: string;
}

const SIZE = MIN_FONT_SIZE; // labels and cell values
const FONT = { size: SIZE };
const DIGITS = 3; // significant digits of the values written in cells
const BAR_WIDTH = 14;
const GAP = 24;
const MIN_SIDE = 160;
const BAR_FRACTIONS = [0, 0.25, 0.5, 0.75, 1];
const BOX = { fill: "#f7f7f7", stroke: "#888888" }; // an identical panel's box

function identicalLines({ maxAbs, tolerance }: { maxAbs: number; tolerance: number }): string[] {
  const max = `(max |diff| = ${maxAbs === 0 ? "0" : formatValue(maxAbs, 2)})`;
  return tolerance > 0 && maxAbs > 0
    ? ["identical to within", tolerance.toExponential(0).replace("-", "−"), max]
    : ["identical", max];
}

/** The values written on a colour bar: five, evenly spaced from −range to range (0 exactly). */
const barTicks = (range: number) => BAR_FRACTIONS.map((f) => -range + f * (2 * range));
const barLabels = (range: number) => barTicks(range).map((v) => formatValue(v, 2));
const widest = (labels: string[]) => Math.max(...labels.map((l) => textWidth(l, SIZE)));
const cellTexts = (panel: PanelModel) =>
  panel.matrix.map((row) => row.map((value) => formatValue(value, DIGITS)));

const barSpace = (p: PanelModel) =>
  BAR_WIDTH + 16 + widest(barLabels(p.range)) + (p.zTitle ? 26 : 0);
const rowLabelWidth = (p: PanelModel) => widest(p.rowLabels) + 12 + (p.yTitle ? 28 : 0);

type Geometry = ReturnType<typeof geometry>;

/** Pixel geometry shared by the plotly layout and the SVG. */
function geometry(title: string, panels: PanelModel[]) {
  const count = panels.length;
  // The shared group's bar sits right of the whole grid; an ungrouped heatmap's right of it.
  const sharing = panels.findIndex((p) => p.group);
  const ownBar = Math.max(...panels.map((p) => (p.identical || p.group ? 0 : barSpace(p))));
  const sharedBar = sharing < 0 ? 0 : barSpace(panels[sharing]) + 10;
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
    const fixed = 16 + left + columns * ownBar + (columns - 1) * (GAP + innerLeft) + sharedBar + 12;
    const side = Math.min(count === 1 ? 340 : 300, (MAX_FIGURE_WIDTH - fixed) / columns);
    return { columns, rowLabels, left, stride: ownBar + GAP + innerLeft, side };
  };
  // The fewest rows that leave the panels legible; the panels spread evenly over the rows.
  let chosen = layoutFor(1);
  for (let rows = 1; rows <= count; rows++) {
    chosen = layoutFor(Math.ceil(count / rows));
    if (chosen.side >= MIN_SIDE || rows === count) break;
  }
  const { columns, rowLabels, left } = chosen;
  const side = Math.max(120, Math.floor(chosen.side));
  const stride = side + chosen.stride;
  const rotate = panels.map((p) => widest(p.colLabels) > side / p.colLabels.length - 6);
  const colLabelHeight = Math.max(
    ...panels.map((p, i) => (rotate[i] ? widest(p.colLabels) * 0.72 + 16 : 26)),
  );
  const panelTitleHeight = panels.some((p) => p.title) ? 30 : 6;
  const xTitleHeight = panels.some((p) => p.xTitle) ? 26 : 0;
  const rowHeight = panelTitleHeight + side + colLabelHeight + xTitleHeight + 14;
  const gridRight = 16 + left + (columns - 1) * stride + side + ownBar;
  const width = Math.max(480, Math.min(MAX_FIGURE_WIDTH, Math.ceil(gridRight + sharedBar + 12)));
  const block = titleBlock(title, width);
  const boxes = panels.map((_, i) => ({
    x: 16 + left + (i % columns) * stride,
    y: block.height + Math.floor(i / columns) * rowHeight + panelTitleHeight,
    rowLabels: rowLabels[i],
    rotate: rotate[i],
  }));
  const groupTops = boxes.filter((_, i) => panels[i].group).map((b) => b.y);
  const bars = panels.map((panel, i) => {
    if (panel.identical || (panel.group && i !== sharing)) return undefined;
    if (!panel.group) return { x: boxes[i].x + side + 10, y: boxes[i].y, height: side };
    const y = Math.min(...groupTops);
    return { x: gridRight + 10, y, height: Math.max(...groupTops) + side - y };
  });
  const fits = (p: PanelModel) =>
    widest(cellTexts(p).flat()) <= side / p.matrix[0].length - 6 &&
    SIZE <= side / p.matrix.length - 6;
  // `bars`: per panel, where its colour bar goes, if it draws one; `values`: whether cell values
  // are written (they fit in every panel that has them).
  const values = panels.every((p) => p.identical || fits(p));
  const height = block.height + Math.ceil(count / columns) * rowHeight + 4;
  return { width, height, block, side, boxes, bars, values };
}

/** The plotly heatmap traces and layout: one x/y axis pair per panel, titles as annotations. */
function livePicture(panels: PanelModel[], g: Geometry) {
  const [fx, fy] = [(v: number) => v / g.width, (v: number) => 1 - v / g.height];
  const annotations: PlotlyObject[] = [];
  const shapes: PlotlyObject[] = [];
  const layout: PlotlyObject = { ...baseLayout(g.block, g.height, g.width), annotations, shapes };
  const data = panels.flatMap((panel, p) => {
    const { x, y, rotate, rowLabels } = g.boxes[p];
    const [xaxis, yaxis] = p === 0 ? ["x", "y"] : [`x${p + 1}`, `y${p + 1}`];
    const [xKey, yKey] = [`xaxis${xaxis.slice(1)}`, `yaxis${yaxis.slice(1)}`];
    const at = { x: x + g.side / 2, y };
    if (panel.title) annotations.push(panelTitle(p, panel.title, at.x, at.y, 6, g).annotation);
    const [x0, x1, y0, y1] = [fx(x), fx(x + g.side), fy(y + g.side), fy(y)];
    const [xDomain, yDomain] = [
      { domain: [x0, x1], anchor: yaxis },
      { domain: [y0, y1], anchor: xaxis },
    ];
    if (panel.identical) {
      const [line, paper] = [
        { color: BOX.stroke, width: 1, dash: "dot" },
        { xref: "paper", yref: "paper" },
      ];
      shapes.push({ type: "rect", ...paper, x0, x1, y0, y1, line, fillcolor: BOX.fill });
      const text = identicalLines(panel.identical).map(plotlyText).join("<br>");
      const middle: [number, number] = [fx(at.x), fy(y + g.side / 2)];
      annotations.push(paperText(`identical ${p + 1}`, text, middle, ["center", "middle"], SIZE));
      layout[xKey] = { ...xDomain, visible: false };
      layout[yKey] = { ...yDomain, visible: false };
      return [];
    }
    // Categories, no grid; rows top to bottom, as a matrix is written.
    const axis = (title: string | undefined) => ({
      ...{ type: "category", showgrid: false, zeroline: false, ticks: "", tickfont: FONT },
      ...(title ? { title: { text: plotlyText(title), font: FONT, standoff: 4 } } : {}),
    });
    layout[xKey] = { ...xDomain, ...axis(panel.xTitle), tickangle: rotate ? -45 : 0 };
    const yTitle = rowLabels ? panel.yTitle : undefined;
    layout[yKey] = {
      ...yDomain,
      ...axis(yTitle),
      autorange: "reversed",
      showticklabels: rowLabels,
    };
    const bar = g.bars[p];
    const colorbar = bar && {
      ...{ x: fx(bar.x), y: fy(bar.y), yanchor: "top", len: bar.height, lenmode: "pixels" },
      ...{ thickness: BAR_WIDTH, outlinewidth: 0.5, tickfont: FONT },
      ...{ tickvals: barTicks(panel.range), ticktext: barLabels(panel.range) },
      title: { text: plotlyText(panel.zTitle ?? ""), side: "right", font: FONT },
    };
    const hover = panel.hover?.map((row) => row.map(plotlyText));
    const value = "row %{y}, column %{x}<br>value %{z:.4g}<extra></extra>";
    const trace: PlotlyObject = {
      type: "heatmap",
      name: plotlyText(panel.title),
      ...{
        z: panel.matrix,
        x: panel.colLabels.map(plotlyText),
        y: panel.rowLabels.map(plotlyText),
      },
      ...(hover ? { text: hover, hovertemplate: `%{text}<br>${value}` } : { hovertemplate: value }),
      ...(g.values ? { texttemplate: `%{z:.${DIGITS}g}`, textfont: FONT } : {}),
      ...{ colorscale: DIVERGING, zmin: -panel.range, zmax: panel.range, zmid: 0 },
      ...(panel.group ? { meta: { compared: panel.group } } : {}),
      ...{ xgap: 1, ygap: 1, xaxis, yaxis, showscale: bar !== undefined },
      ...(colorbar ? { colorbar } : {}),
    };
    return [trace];
  });
  return { data, layout };
}

/** A colour bar in SVG: the diverging gradient, its top zmax, five ticks and the title. */
function colorBarSvg(panel: PanelModel, bar: { x: number; y: number; height: number }, id: string) {
  const { x, y, height } = bar;
  // Top of the bar is zmax: position 1 of the scale.
  const stops = DIVERGING.map(([at, color]) =>
    element("stop", { offset: 1 - at, "stop-color": color }),
  );
  const vector = { id, x1: 0, y1: 0, x2: 0, y2: 1 };
  const gradient = element("linearGradient", vector, stops.reverse().join(""));
  const labels = barLabels(panel.range);
  const right = x + BAR_WIDTH;
  const tickY = BAR_FRACTIONS.map((f) => y + height - f * height);
  const marks = tickY.map((ty) => element("line", { x1: right, y1: ty, x2: right + 4, y2: ty }));
  const texts = tickY.map((ty, i) => textElement(right + 7, ty, labels[i], { baseline: "middle" }));
  const vertical = { anchor: "middle", rotate: 90 } as const;
  const title = panel.zTitle
    ? textElement(right + 16 + widest(labels), y + height / 2, panel.zTitle, vertical)
    : "";
  const rect = { x, y, width: BAR_WIDTH, height, fill: `url(#${id})`, stroke: BOX.stroke };
  return (
    `<g class="colorbar"><defs>${gradient}</defs>` +
    element("rect", { ...rect, "stroke-width": 0.5 }) +
    `<g stroke="#555555" stroke-width="1">${marks.join("")}</g>${texts.join("")}${title}</g>`
  );
}

/** Panel `p` in SVG: its title, then its cells and labels or its "identical" box. */
function panelSvg(panel: PanelModel, p: number, g: Geometry): string {
  const { x: x0, y: y0, rotate, rowLabels } = g.boxes[p];
  const side = g.side;
  const parts = panel.title ? [panelTitle(p, panel.title, x0 + side / 2, y0, 6, g).svg] : [];
  const middle = { anchor: "middle", baseline: "middle" } as const;
  if (panel.identical) {
    const box = { x: x0, y: y0, width: side, height: side, ...BOX };
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
      const [cx, cy] = [x0 + (j + 0.5) * cw, y0 + (i + 0.5) * ch];
      if (g.values)
        parts.push(textElement(cx, cy, texts[i][j], { ...middle, fill: textColorOn(fill) }));
    }),
  );
  // Thin out labels when cells are too small to hold one each.
  const colStep = Math.max(1, Math.ceil((rotate ? 18 : 30) / cw));
  const rowStep = Math.max(1, Math.ceil(18 / ch));
  const shown = panel.colLabels.filter((_, j) => j % colStep === 0);
  const below = { anchor: "middle", baseline: "hanging" } as const;
  const slanted = { anchor: "end", rotate: -45, baseline: "hanging" } as const;
  shown.forEach((label, k) => {
    const cx = x0 + (k * colStep + 0.5) * cw;
    if (rotate) parts.push(textElement(cx + 4, y0 + side + 10, label, slanted));
    else parts.push(textElement(cx, y0 + side + 8, label, below));
  });
  if (panel.xTitle) {
    const labelsBottom = rotate ? Math.max(26, 16 + widest(shown) * 0.72) : 26;
    parts.push(textElement(x0 + side / 2, y0 + side + labelsBottom + 4, panel.xTitle, below));
  }
  if (rowLabels) {
    panel.rowLabels.forEach((label, i) => {
      const at = { anchor: "end", baseline: "middle" } as const;
      if (i % rowStep === 0) parts.push(textElement(x0 - 8, y0 + (i + 0.5) * ch, label, at));
    });
    if (panel.yTitle) {
      const x = x0 - widest(panel.rowLabels) - 22;
      parts.push(textElement(x, y0 + side / 2, panel.yTitle, { anchor: "middle", rotate: -90 }));
    }
  }
  return `<g class="panel">${parts.join("")}</g>`;
}

/** The plotly traces and layout and the static SVG of the panels, from one geometry. */
export function panelsPicture(title: string, panels: PanelModel[]) {
  const g = geometry(title, panels);
  const bars = g.bars.map((bar, p) => (bar ? colorBarSvg(panels[p], bar, `colorbar-${p}`) : ""));
  const svg = [titleSvg(g.block), ...panels.map((panel, p) => panelSvg(panel, p, g)), ...bars];
  const staticSvg = svgDocument(g.width, g.height, title, svg.join(""));
  return { ...livePicture(panels, g), staticSvg };
}
