/**
 * The picture behind every heatmap figure: one or more matrices in a grid of square panels. One
 * geometry serves both outputs, so the plotly layout and the static SVG put the panels, colour
 * bars and labels in the same places.
 *
 * Panels that are compared (the forms and their difference) share one colour range and then
 * one colour bar, drawn once at the right; a panel with a range of its own draws its own bar. A
 * difference panel that is zero everywhere (or within a stated tolerance) is drawn as a box
 * saying so, instead of a white heatmap whose colour bar would suggest a scale. Panels wrap onto
 * further rows rather than shrinking below a legible size or running past MAX_FIGURE_WIDTH.
 */
import { Matrix } from "../validate";
import { COLOR_SCALES, ColorRange, ColorScaleName, colorFor, textColorOn } from "./colors";
import { PlotlyObject, TitleBlock, baseLayout, titleBlock, titleSvgLines } from "./figure";
import { formatValue, plotlyText } from "./labels";
import {
  MAX_FIGURE_WIDTH,
  MIN_FONT_SIZE,
  PANEL_TITLE_FONT_SIZE,
  TITLE_FONT_SIZE,
  lineHeight,
  wrapText,
} from "./style";
import { element, svgDocument, textElement, textWidth } from "./svg";

/** One panel, fully resolved: labels filled in, colour range decided. */
export interface PanelModel {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  rowLabels: string[];
  colLabels: string[];
  xTitle?: string;
  yTitle?: string;
  scale: ColorScaleName;
  range: ColorRange;
  zTitle?: string;
  /** Drawn as a box "identical (max |diff| = …)" instead of a heatmap. */
  identical?: { maxAbs: number; tolerance: number };
  /** The name of the group of panels that share `range` (and one colour bar), if any. */
  group?: string;
}

export interface PanelsLayout {
  title: string;
  panels: PanelModel[];
  /** Significant digits of the numbers written in cells. */
  digits: number;
  /** false: never write values in cells; true/undefined: write them where they fit. */
  showValues?: boolean;
}

const LABEL_SIZE = MIN_FONT_SIZE;
const VALUE_SIZE = MIN_FONT_SIZE;
const COLORBAR_WIDTH = 14;
const GAP = 24;
const MIN_SIDE = 160;
const BAR_FRACTIONS = [0, 0.25, 0.5, 0.75, 1];

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/** The text of an identical panel, e.g. "identical (max |diff| = 0)". */
export function identicalText(identical: { maxAbs: number; tolerance: number }): string {
  return identicalLines(identical).join(" ");
}

function identicalLines(identical: { maxAbs: number; tolerance: number }): string[] {
  const max = identical.maxAbs === 0 ? "0" : formatValue(identical.maxAbs, 2);
  return identical.tolerance > 0 && identical.maxAbs > 0
    ? [
        "identical to within",
        identical.tolerance.toExponential(0).replace("-", "−"),
        `(max |diff| = ${max})`,
      ]
    : ["identical", `(max |diff| = ${max})`];
}

/** The values written on a colour bar: five, evenly spaced from zmin to zmax. */
export function colorBarTicks(range: ColorRange): { values: number[]; labels: string[] } {
  const { zmin, zmax } = range;
  const values = BAR_FRACTIONS.map((f) => {
    const value = zmin + f * (zmax - zmin);
    // Rounding can leave 1e-17 where the diverging scale's zero is: write it as 0.
    return Math.abs(value) < 1e-12 * Math.max(Math.abs(zmin), Math.abs(zmax)) ? 0 : value;
  });
  return { values, labels: values.map((v) => formatValue(v, 2)) };
}

interface Bar {
  panel: number;
  x: number;
  y: number;
  height: number;
}

/** Pixel geometry shared by the plotly layout and the SVG. */
interface Geometry {
  width: number;
  height: number;
  title: TitleBlock;
  side: number;
  boxes: { x: number; y: number; rowLabels: boolean; rotate: boolean }[];
  bars: Bar[];
  /** Whether cell values are written (they fit at VALUE_SIZE in every panel that has them). */
  values: boolean;
}

function barWidth(panel: PanelModel): number {
  const ticks = colorBarTicks(panel.range).labels;
  const labels = Math.max(...ticks.map((t) => textWidth(t, LABEL_SIZE)));
  return COLORBAR_WIDTH + 8 + labels + 8 + (panel.zTitle ? 26 : 0);
}

function rowLabelWidth(panel: PanelModel): number {
  return (
    Math.max(...panel.rowLabels.map((label) => textWidth(label, LABEL_SIZE))) +
    12 +
    (panel.yTitle ? 28 : 0)
  );
}

/** Which panels carry a colour bar: the first of each shared group, and every ungrouped one. */
function barOwners(panels: PanelModel[]): boolean[] {
  const seen = new Set<string>();
  return panels.map((panel) => {
    if (panel.identical) return false;
    if (!panel.group) return true;
    if (seen.has(panel.group)) return false;
    seen.add(panel.group);
    return true;
  });
}

function cellTexts(panel: PanelModel, digits: number): string[][] {
  return panel.matrix.map((row) => row.map((value) => formatValue(value, digits)));
}

/** Whether the values of `panel` fit in its cells at VALUE_SIZE when the panel is `side` px. */
export function valuesFit(panel: PanelModel, side: number, digits: number): boolean {
  const cw = side / panel.matrix[0].length;
  const ch = side / panel.matrix.length;
  const widest = Math.max(
    ...cellTexts(panel, digits)
      .flat()
      .map((t) => textWidth(t, VALUE_SIZE)),
  );
  return widest <= cw - 6 && VALUE_SIZE <= ch - 6;
}

function geometry(spec: PanelsLayout): Geometry {
  const panels = spec.panels;
  const count = panels.length;
  const owners = barOwners(panels);
  // A shared group's bar sits right of the whole grid; an ungrouped panel's right of the panel.
  const ownBar = panels.map((p, i) => (owners[i] && !p.group ? barWidth(p) : 0));
  const groupBars = panels.filter((p, i) => owners[i] && p.group).map(barWidth);
  const sharedBarsWidth = groupBars.reduce((sum, w) => sum + w + 10, 0);
  const layoutFor = (columns: number) => {
    const rowLabels = panels.map((p, i) => {
      const first = panels[i - (i % columns)];
      return (
        i % columns === 0 ||
        !sameLabels(p.rowLabels, first.rowLabels) ||
        !!p.yTitle !== !!first.yTitle
      );
    });
    const left = Math.max(...panels.map((p, i) => (i % columns === 0 ? rowLabelWidth(p) : 0)));
    const innerLeft = Math.max(
      8,
      ...panels.map((p, i) => (i % columns !== 0 && rowLabels[i] ? rowLabelWidth(p) : 0)),
    );
    const barSpace = Math.max(...ownBar);
    const fixed =
      16 + left + columns * barSpace + (columns - 1) * (GAP + innerLeft) + sharedBarsWidth + 12;
    const side = Math.min(count === 1 ? 340 : 300, (MAX_FIGURE_WIDTH - fixed) / columns);
    return { columns, rowLabels, left, innerLeft, barSpace, side };
  };
  // The fewest rows that leave the panels legible; the panels spread evenly over the rows.
  let chosen = layoutFor(1);
  for (let rows = 1; rows <= count; rows++) {
    const candidate = layoutFor(Math.ceil(count / rows));
    if (candidate.side >= MIN_SIDE || rows === count) {
      chosen = candidate;
      break;
    }
  }
  const { columns, rowLabels, left, innerLeft, barSpace } = chosen;
  const side = Math.max(120, Math.floor(chosen.side));
  const rows = Math.ceil(count / columns);
  const rotate = panels.map((p) => {
    const widest = Math.max(...p.colLabels.map((label) => textWidth(label, LABEL_SIZE)));
    return widest > side / p.colLabels.length - 6;
  });
  const colLabelHeight = Math.max(
    ...panels.map((p, i) =>
      rotate[i] ? Math.max(...p.colLabels.map((l) => textWidth(l, LABEL_SIZE))) * 0.72 + 16 : 26,
    ),
  );
  const xTitleHeight = panels.some((p) => p.xTitle) ? 26 : 0;
  const panelTitleHeight = panels.some((p) => p.title) ? 30 : 6;
  const rowHeight = panelTitleHeight + side + colLabelHeight + xTitleHeight + 14;
  const columnStride = side + barSpace + GAP + innerLeft;
  const gridRight = 16 + left + (columns - 1) * columnStride + side + barSpace;
  const width = Math.min(MAX_FIGURE_WIDTH, Math.ceil(gridRight + sharedBarsWidth + 12));
  const title = titleBlock(spec.title, Math.max(width, 480));
  const top = title.height;
  const boxes = panels.map((_, i) => ({
    x: 16 + left + (i % columns) * columnStride,
    y: top + Math.floor(i / columns) * rowHeight + panelTitleHeight,
    rowLabels: rowLabels[i],
    rotate: rotate[i],
  }));
  const bars: Bar[] = [];
  let sharedX = gridRight + 10;
  panels.forEach((panel, i) => {
    if (!owners[i]) return;
    if (panel.group) {
      const members = panels
        .map((p, j) => ({ p, j }))
        .filter(({ p }) => p.group === panel.group && !p.identical);
      const yTop = Math.min(...members.map(({ j }) => boxes[j].y));
      const yBottom = Math.max(...members.map(({ j }) => boxes[j].y)) + side;
      bars.push({ panel: i, x: sharedX, y: yTop, height: yBottom - yTop });
      sharedX += barWidth(panel) + 10;
    } else {
      bars.push({ panel: i, x: boxes[i].x + side + 10, y: boxes[i].y, height: side });
    }
  });
  const values =
    spec.showValues !== false &&
    panels.every((p) => p.identical || valuesFit(p, side, spec.digits));
  return {
    width: Math.max(width, 480),
    height: top + rows * rowHeight + 4,
    title,
    side,
    boxes,
    bars,
    values,
  };
}

function hoverTemplate(panel: PanelModel): string {
  const where = "row %{y}, column %{x}<br>value %{z:.4g}";
  return (panel.hover ? "%{text}<br>" : "") + where + "<extra></extra>";
}

/** The heatmap trace of panel `p` (subplot p+1), with its colour bar if it owns one. */
function panelTrace(spec: PanelsLayout, p: number, g: Geometry): PlotlyObject {
  const panel = spec.panels[p];
  const suffix = p === 0 ? "" : String(p + 1);
  const bar = g.bars.find((b) => b.panel === p);
  const ticks = colorBarTicks(panel.range);
  return {
    type: "heatmap",
    name: plotlyText(panel.title),
    z: panel.matrix,
    x: panel.colLabels.map(plotlyText),
    y: panel.rowLabels.map(plotlyText),
    ...(panel.hover ? { text: panel.hover.map((row) => row.map(plotlyText)) } : {}),
    hovertemplate: hoverTemplate(panel),
    ...(g.values ? { texttemplate: `%{z:.${spec.digits}g}`, textfont: { size: VALUE_SIZE } } : {}),
    colorscale: COLOR_SCALES[panel.scale],
    zauto: false,
    zmin: panel.range.zmin,
    zmax: panel.range.zmax,
    ...(panel.range.zmid === undefined ? {} : { zmid: panel.range.zmid }),
    ...(panel.group ? { meta: { compared: panel.group } } : {}),
    xgap: 1,
    ygap: 1,
    xaxis: `x${suffix}`,
    yaxis: `y${suffix}`,
    showscale: bar !== undefined,
    ...(bar
      ? {
          colorbar: {
            x: bar.x / g.width,
            xanchor: "left",
            xref: "paper",
            y: 1 - bar.y / g.height,
            yanchor: "top",
            yref: "paper",
            len: bar.height,
            lenmode: "pixels",
            thickness: COLORBAR_WIDTH,
            outlinewidth: 0.5,
            tickmode: "array",
            tickvals: ticks.values,
            ticktext: ticks.labels,
            tickfont: { size: LABEL_SIZE },
            title: {
              text: plotlyText(panel.zTitle ?? ""),
              side: "right",
              font: { size: LABEL_SIZE },
            },
          },
        }
      : {}),
  };
}

/** Layout: fixed size, one x/y axis pair per panel, panel titles as annotations. */
function panelsLayout(spec: PanelsLayout, g: Geometry): PlotlyObject {
  const fx = (v: number) => v / g.width;
  const fy = (v: number) => 1 - v / g.height;
  const annotations: PlotlyObject[] = [];
  const shapes: PlotlyObject[] = [];
  const layout: PlotlyObject = {
    ...baseLayout(g.title, g.height, g.width),
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
    annotations,
    shapes,
  };
  spec.panels.forEach((panel, p) => {
    const box = g.boxes[p];
    const suffix = p === 0 ? "" : String(p + 1);
    if (panel.title) {
      annotations.push({
        name: `panel title ${p + 1}`,
        text: `<b>${plotlyText(panel.title)}</b>`,
        xref: "paper",
        yref: "paper",
        x: fx(box.x + g.side / 2),
        y: fy(box.y - 6),
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: PANEL_TITLE_FONT_SIZE },
      });
    }
    const xDomain = [fx(box.x), fx(box.x + g.side)];
    const yDomain = [fy(box.y + g.side), fy(box.y)];
    if (panel.identical) {
      shapes.push({
        type: "rect",
        xref: "paper",
        yref: "paper",
        x0: xDomain[0],
        x1: xDomain[1],
        y0: yDomain[0],
        y1: yDomain[1],
        line: { color: "#888888", width: 1, dash: "dot" },
        fillcolor: "#f7f7f7",
      });
      annotations.push({
        name: `identical ${p + 1}`,
        text: identicalLines(panel.identical).map(plotlyText).join("<br>"),
        xref: "paper",
        yref: "paper",
        x: fx(box.x + g.side / 2),
        y: fy(box.y + g.side / 2),
        xanchor: "center",
        yanchor: "middle",
        showarrow: false,
        font: { size: LABEL_SIZE },
      });
      layout[`xaxis${suffix}`] = { domain: xDomain, anchor: `y${suffix}`, visible: false };
      layout[`yaxis${suffix}`] = { domain: yDomain, anchor: `x${suffix}`, visible: false };
      return;
    }
    layout[`xaxis${suffix}`] = {
      domain: xDomain,
      anchor: `y${suffix}`,
      type: "category",
      showgrid: false,
      zeroline: false,
      ticks: "",
      tickangle: box.rotate ? -45 : 0,
      tickfont: { size: LABEL_SIZE },
      ...(panel.xTitle
        ? { title: { text: plotlyText(panel.xTitle), font: { size: LABEL_SIZE }, standoff: 4 } }
        : {}),
    };
    layout[`yaxis${suffix}`] = {
      domain: yDomain,
      anchor: `x${suffix}`,
      type: "category",
      autorange: "reversed",
      showgrid: false,
      zeroline: false,
      ticks: "",
      tickfont: { size: LABEL_SIZE },
      showticklabels: box.rowLabels,
      ...(panel.yTitle && box.rowLabels
        ? { title: { text: plotlyText(panel.yTitle), font: { size: LABEL_SIZE }, standoff: 4 } }
        : {}),
    };
  });
  return layout;
}

export function panelsTraces(spec: PanelsLayout): { data: PlotlyObject[]; layout: PlotlyObject } {
  const g = geometry(spec);
  return {
    data: spec.panels.flatMap((panel, p) => (panel.identical ? [] : [panelTrace(spec, p, g)])),
    layout: panelsLayout(spec, g),
  };
}

function colorBarSvg(panel: PanelModel, bar: Bar, id: string) {
  const { x, y, height } = bar;
  const stops = COLOR_SCALES[panel.scale]
    .map(([pos, color]) => element("stop", { offset: 1 - pos, "stop-color": color }))
    .reverse()
    .join("");
  // Top of the bar is zmax: position 1 of the scale.
  const gradient = element("linearGradient", { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops);
  const ticks = colorBarTicks(panel.range);
  const tickY = (f: number) => y + height - f * height;
  const tickMarks = BAR_FRACTIONS.map((f) =>
    element("line", {
      x1: x + COLORBAR_WIDTH,
      y1: tickY(f),
      x2: x + COLORBAR_WIDTH + 4,
      y2: tickY(f),
    }),
  );
  const tickLabels = BAR_FRACTIONS.map((f, i) =>
    textElement(x + COLORBAR_WIDTH + 7, tickY(f), ticks.labels[i], {
      size: LABEL_SIZE,
      baseline: "middle",
    }),
  );
  const labelsWidth = Math.max(...ticks.labels.map((t) => textWidth(t, LABEL_SIZE)));
  const title = panel.zTitle
    ? textElement(x + COLORBAR_WIDTH + 16 + labelsWidth, y + height / 2, panel.zTitle, {
        size: LABEL_SIZE,
        anchor: "middle",
        rotate: 90,
      })
    : "";
  return (
    `<g class="colorbar"><defs>${gradient}</defs>` +
    element("rect", {
      x,
      y,
      width: COLORBAR_WIDTH,
      height,
      fill: `url(#${id})`,
      stroke: "#888888",
      "stroke-width": 0.5,
    }) +
    `<g stroke="#555555" stroke-width="1">${tickMarks.join("")}</g>` +
    tickLabels.join("") +
    title +
    `</g>`
  );
}

function panelSvg(spec: PanelsLayout, g: Geometry, p: number): string {
  const panel = spec.panels[p];
  const { x: x0, y: y0, rotate } = g.boxes[p];
  const side = g.side;
  const parts: string[] = [];
  if (panel.title) {
    parts.push(
      textElement(x0 + side / 2, y0 - 10, panel.title, {
        size: PANEL_TITLE_FONT_SIZE,
        anchor: "middle",
        weight: "bold",
      }),
    );
  }
  if (panel.identical) {
    parts.push(
      element("rect", {
        class: "identical",
        x: x0,
        y: y0,
        width: side,
        height: side,
        fill: "#f7f7f7",
        stroke: "#888888",
        "stroke-dasharray": "2 3",
      }),
    );
    const lines = wrapText(identicalText(panel.identical), LABEL_SIZE, side - 20);
    const first = y0 + side / 2 - ((lines.length - 1) * lineHeight(LABEL_SIZE)) / 2;
    lines.forEach((line, i) =>
      parts.push(
        textElement(x0 + side / 2, first + i * lineHeight(LABEL_SIZE), line, {
          size: LABEL_SIZE,
          anchor: "middle",
          baseline: "middle",
        }),
      ),
    );
    return `<g class="panel">${parts.join("")}</g>`;
  }
  const rows = panel.matrix.length;
  const cols = panel.matrix[0].length;
  const cw = side / cols;
  const ch = side / rows;
  const scale = COLOR_SCALES[panel.scale];
  const texts = cellTexts(panel, spec.digits);
  panel.matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      const fill = colorFor(value, panel.range, scale);
      parts.push(
        element("rect", {
          class: "cell",
          x: x0 + j * cw,
          y: y0 + i * ch,
          width: cw,
          height: ch,
          fill,
          stroke: "#ffffff",
          "stroke-width": 1,
        }),
      );
      if (g.values) {
        parts.push(
          textElement(x0 + (j + 0.5) * cw, y0 + (i + 0.5) * ch, texts[i][j], {
            size: VALUE_SIZE,
            anchor: "middle",
            baseline: "middle",
            fill: textColorOn(fill),
          }),
        );
      }
    }),
  );
  // Thin out labels when cells are too small to hold one each.
  const colStep = Math.max(1, Math.ceil((rotate ? 18 : 30) / cw));
  const rowStep = Math.max(1, Math.ceil(18 / ch));
  let labelsBottom = y0 + side + 26;
  panel.colLabels.forEach((label, j) => {
    if (j % colStep !== 0) return;
    const cx = x0 + (j + 0.5) * cw;
    if (rotate) {
      labelsBottom = Math.max(labelsBottom, y0 + side + 16 + textWidth(label, LABEL_SIZE) * 0.72);
    }
    parts.push(
      rotate
        ? textElement(cx + 4, y0 + side + 10, label, {
            size: LABEL_SIZE,
            anchor: "end",
            rotate: -45,
            baseline: "hanging",
          })
        : textElement(cx, y0 + side + 8, label, {
            size: LABEL_SIZE,
            anchor: "middle",
            baseline: "hanging",
          }),
    );
  });
  if (panel.xTitle) {
    parts.push(
      textElement(x0 + side / 2, labelsBottom + 4, panel.xTitle, {
        size: LABEL_SIZE,
        anchor: "middle",
        baseline: "hanging",
      }),
    );
  }
  if (g.boxes[p].rowLabels) {
    panel.rowLabels.forEach((label, i) => {
      if (i % rowStep !== 0) return;
      parts.push(
        textElement(x0 - 8, y0 + (i + 0.5) * ch, label, {
          size: LABEL_SIZE,
          anchor: "end",
          baseline: "middle",
        }),
      );
    });
    if (panel.yTitle) {
      const widest = Math.max(...panel.rowLabels.map((l) => textWidth(l, LABEL_SIZE)));
      parts.push(
        textElement(x0 - widest - 22, y0 + side / 2, panel.yTitle, {
          size: LABEL_SIZE,
          anchor: "middle",
          rotate: -90,
        }),
      );
    }
  }
  return `<g class="panel">${parts.join("")}</g>`;
}

/** The static SVG of the panels. */
export function panelsSvg(spec: PanelsLayout): string {
  const g = geometry(spec);
  const parts = [
    titleSvgLines(g.title, (y, line) =>
      textElement(16, y, line, { size: TITLE_FONT_SIZE, weight: "bold" }),
    ),
    ...spec.panels.map((_, p) => panelSvg(spec, g, p)),
    ...g.bars.map((bar, b) => colorBarSvg(spec.panels[bar.panel], bar, `colorbar-${b}`)),
  ];
  return svgDocument(g.width, g.height, spec.title, parts.join(""));
}
