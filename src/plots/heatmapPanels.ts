/**
 * The picture behind every heatmap figure: one or more matrices side by side, each with its own
 * colour bar. One geometry serves both outputs, so the plotly layout and the static SVG put the
 * panels in the same places.
 */
import { Matrix } from "../validate";
import { COLOR_SCALES, ColorRange, ColorScaleName, colorFor, textColorOn } from "./colors";
import { PlotlyObject, baseLayout } from "./figure";
import { formatValue, plotlyText } from "./labels";
import { element, svgDocument, textElement, textWidth } from "./svg";

/** One panel, fully resolved: labels filled in, colour range decided. */
export interface PanelModel {
  title: string;
  matrix: Matrix;
  hover?: string[][];
  rowLabels: string[];
  colLabels: string[];
  scale: ColorScaleName;
  range: ColorRange;
  zTitle?: string;
}

export interface PanelsLayout {
  title: string;
  panels: PanelModel[];
  xTitle?: string;
  yTitle?: string;
  /** Significant digits of the numbers written in cells. */
  digits: number;
  /** Write the value in each cell (the caller decides; the cells must also be large enough). */
  showValues: boolean;
}

const LABEL_SIZE = 12;
const TITLE_SIZE = 16;
const PANEL_TITLE_SIZE = 13;
const COLORBAR_WIDTH = 12;

/** Pixel geometry shared by the plotly layout and the SVG. */
interface Geometry {
  width: number;
  height: number;
  left: number;
  top: number;
  side: number;
  /** Horizontal space per panel for its colour bar, tick labels and the gap to the next panel. */
  barArea: number;
  /** Whether panel p draws its own row labels (the first always; others when labels differ). */
  rowLabelsShown: boolean[];
  rotateColLabels: boolean;
  bottom: number;
}

function sameLabels(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

function geometry(spec: PanelsLayout): Geometry {
  const count = spec.panels.length;
  const side = [320, 270, 210, 170][count - 1];
  const rowLabelsShown = spec.panels.map(
    (p, i) => i === 0 || !sameLabels(p.rowLabels, spec.panels[0].rowLabels),
  );
  const rowLabelWidth = (p: PanelModel) =>
    Math.max(...p.rowLabels.map((label) => textWidth(label, LABEL_SIZE))) + 10;
  const extraLabelWidth = Math.max(
    0,
    ...spec.panels.map((p, i) => (i > 0 && rowLabelsShown[i] ? rowLabelWidth(p) : 0)),
  );
  const hasZTitle = spec.panels.some((p) => p.zTitle);
  const barArea = COLORBAR_WIDTH + 58 + (hasZTitle ? 18 : 0) + 24 + extraLabelWidth;
  const left = rowLabelWidth(spec.panels[0]) + (spec.yTitle ? 26 : 0) + 14;
  const maxCols = Math.max(...spec.panels.map((p) => p.colLabels.length));
  const widestCol = Math.max(
    ...spec.panels.flatMap((p) => p.colLabels.map((label) => textWidth(label, LABEL_SIZE))),
  );
  const rotateColLabels = widestCol > side / maxCols - 6;
  const colLabelHeight = rotateColLabels ? widestCol * 0.72 + 14 : 22;
  const bottom = colLabelHeight + (spec.xTitle ? 26 : 0) + 12;
  const top = 44 + (spec.panels.some((p) => p.title) ? 28 : 0);
  const panelsWidth = count * (side + barArea) - 24 - extraLabelWidth;
  const titleWidth = textWidth(spec.title, TITLE_SIZE) + 40;
  return {
    width: Math.max(left + panelsWidth + 12, titleWidth),
    height: top + side + bottom,
    left,
    top,
    side,
    barArea,
    rowLabelsShown,
    rotateColLabels,
    bottom,
  };
}

function panelX(g: Geometry, p: number): number {
  return g.left + p * (g.side + g.barArea);
}

function hoverTemplate(panel: PanelModel): string {
  const where = "row %{y}, column %{x}<br>value %{z:.4g}";
  return (panel.hover ? "%{text}<br>" : "") + where + "<extra></extra>";
}

/** The heatmap trace of panel `p` (subplot p+1), with its colour bar placed right of it. */
function panelTrace(spec: PanelsLayout, p: number, g: Geometry): PlotlyObject {
  const panel = spec.panels[p];
  const suffix = p === 0 ? "" : String(p + 1);
  const plotWidth = g.width - g.left - 12;
  const barX = (panelX(g, p) + g.side + 10 - g.left) / plotWidth;
  return {
    type: "heatmap",
    name: plotlyText(panel.title),
    z: panel.matrix,
    x: panel.colLabels.map(plotlyText),
    y: panel.rowLabels.map(plotlyText),
    ...(panel.hover ? { text: panel.hover.map((row) => row.map(plotlyText)) } : {}),
    hovertemplate: hoverTemplate(panel),
    ...(spec.showValues
      ? { texttemplate: `%{z:.${spec.digits}g}`, textfont: { size: LABEL_SIZE } }
      : {}),
    colorscale: COLOR_SCALES[panel.scale],
    zauto: false,
    zmin: panel.range.zmin,
    zmax: panel.range.zmax,
    ...(panel.range.zmid === undefined ? {} : { zmid: panel.range.zmid }),
    xgap: 1,
    ygap: 1,
    xaxis: `x${suffix}`,
    yaxis: `y${suffix}`,
    colorbar: {
      x: barX,
      xanchor: "left",
      y: 0.5,
      len: 1,
      thickness: COLORBAR_WIDTH,
      tickformat: ".2g",
      ...(panel.zTitle ? { title: { text: plotlyText(panel.zTitle), side: "right" } } : {}),
    },
  };
}

/** Layout: fixed size, one x/y axis pair per panel, panel titles as annotations. */
function panelsLayout(spec: PanelsLayout, g: Geometry): PlotlyObject {
  const plotWidth = g.width - g.left - 12;
  const layout: PlotlyObject = {
    ...baseLayout(plotlyText(spec.title), Math.ceil(g.height), Math.ceil(g.width)),
    margin: { l: g.left, r: 12, t: g.top, b: g.bottom, pad: 0 },
    annotations: spec.panels.flatMap((panel, p) =>
      panel.title
        ? [
            {
              name: `panel title ${p + 1}`,
              text: `<b>${plotlyText(panel.title)}</b>`,
              xref: "paper",
              yref: "paper",
              x: (panelX(g, p) + g.side / 2 - g.left) / plotWidth,
              y: 1,
              yshift: 8,
              xanchor: "center",
              yanchor: "bottom",
              showarrow: false,
              font: { size: PANEL_TITLE_SIZE },
            },
          ]
        : [],
    ),
  };
  spec.panels.forEach((panel, p) => {
    const suffix = p === 0 ? "" : String(p + 1);
    const start = (panelX(g, p) - g.left) / plotWidth;
    layout[`xaxis${suffix}`] = {
      domain: [start, start + g.side / plotWidth],
      anchor: `y${suffix}`,
      type: "category",
      showgrid: false,
      zeroline: false,
      ticks: "",
      tickangle: g.rotateColLabels ? -45 : 0,
      ...(spec.xTitle ? { title: { text: plotlyText(spec.xTitle) } } : {}),
    };
    layout[`yaxis${suffix}`] = {
      domain: [0, 1],
      anchor: `x${suffix}`,
      type: "category",
      autorange: "reversed",
      showgrid: false,
      zeroline: false,
      ticks: "",
      showticklabels: g.rowLabelsShown[p],
      ...(spec.yTitle && p === 0 ? { title: { text: plotlyText(spec.yTitle) } } : {}),
    };
  });
  return layout;
}

export function panelsTraces(spec: PanelsLayout): { data: PlotlyObject[]; layout: PlotlyObject } {
  const g = geometry(spec);
  return {
    data: spec.panels.map((_, p) => panelTrace(spec, p, g)),
    layout: panelsLayout(spec, g),
  };
}

function colorBarSvg(panel: PanelModel, x: number, y: number, height: number, id: string) {
  const stops = COLOR_SCALES[panel.scale]
    .map(([pos, color]) => element("stop", { offset: 1 - pos, "stop-color": color }))
    .reverse()
    .join("");
  const gradient = element(
    "linearGradient",
    { id, x1: 0, y1: 0, x2: 0, y2: 1 },
    // Top of the bar is zmax: position 1 of the scale.
    stops,
  );
  const { zmin, zmax } = panel.range;
  const fractions = [0, 0.25, 0.5, 0.75, 1];
  const tickY = (f: number) => y + height - f * height;
  const tickMarks = fractions.map((f) =>
    element("line", {
      x1: x + COLORBAR_WIDTH,
      y1: tickY(f),
      x2: x + COLORBAR_WIDTH + 4,
      y2: tickY(f),
    }),
  );
  const tickLabels = fractions.map((f) => {
    const value = zmin + f * (zmax - zmin);
    // Rounding can leave 1e-17 where the diverging scale's zero is: write it as 0.
    const shown = Math.abs(value) < 1e-12 * Math.max(Math.abs(zmin), Math.abs(zmax)) ? 0 : value;
    return textElement(x + COLORBAR_WIDTH + 6, tickY(f), formatValue(shown, 2), {
      size: 11,
      baseline: "middle",
    });
  });
  const title = panel.zTitle
    ? textElement(x + COLORBAR_WIDTH + 66, y + height / 2, panel.zTitle, {
        size: 11,
        anchor: "middle",
        rotate: 90,
      })
    : "";
  return (
    `<defs>${gradient}</defs>` +
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
    title
  );
}

function panelSvg(spec: PanelsLayout, g: Geometry, p: number): string {
  const panel = spec.panels[p];
  const x0 = panelX(g, p);
  const y0 = g.top;
  const rows = panel.matrix.length;
  const cols = panel.matrix[0].length;
  const cw = g.side / cols;
  const ch = g.side / rows;
  const scale = COLOR_SCALES[panel.scale];
  const texts = panel.matrix.map((row) => row.map((value) => formatValue(value, spec.digits)));
  const longest = Math.max(...texts.flat().map((text) => textWidth(text, 1)));
  const valueSize = Math.min(LABEL_SIZE, (cw - 6) / longest, ch / 2);
  const writeValues = spec.showValues && valueSize >= 7;
  const parts: string[] = [];
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
      if (writeValues) {
        parts.push(
          textElement(x0 + (j + 0.5) * cw, y0 + (i + 0.5) * ch, texts[i][j], {
            size: valueSize,
            anchor: "middle",
            baseline: "middle",
            fill: textColorOn(fill),
          }),
        );
      }
    }),
  );
  // Thin out labels when cells are too small to hold one each.
  const colStep = Math.max(1, Math.ceil(14 / cw));
  const rowStep = Math.max(1, Math.ceil(14 / ch));
  panel.colLabels.forEach((label, j) => {
    if (j % colStep !== 0) return;
    const cx = x0 + (j + 0.5) * cw;
    parts.push(
      g.rotateColLabels
        ? textElement(cx + 4, y0 + g.side + 10, label, {
            size: LABEL_SIZE,
            anchor: "end",
            rotate: -45,
            baseline: "hanging",
          })
        : textElement(cx, y0 + g.side + 8, label, {
            size: LABEL_SIZE,
            anchor: "middle",
            baseline: "hanging",
          }),
    );
  });
  if (g.rowLabelsShown[p]) {
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
  }
  if (panel.title)
    parts.push(
      textElement(x0 + g.side / 2, y0 - 10, panel.title, {
        size: PANEL_TITLE_SIZE,
        anchor: "middle",
        weight: "bold",
      }),
    );
  parts.push(colorBarSvg(panel, x0 + g.side + 10, y0, g.side, `colorbar-${p}`));
  return `<g class="panel">${parts.join("")}</g>`;
}

/** The static SVG of the panels. */
export function panelsSvg(spec: PanelsLayout): string {
  const g = geometry(spec);
  const parts = [
    textElement(14, 28, spec.title, { size: TITLE_SIZE, weight: "bold" }),
    ...spec.panels.map((_, p) => panelSvg(spec, g, p)),
  ];
  if (spec.xTitle) {
    const lastRight = panelX(g, spec.panels.length - 1) + g.side;
    parts.push(
      textElement((g.left + lastRight) / 2, g.height - 12, spec.xTitle, {
        size: LABEL_SIZE,
        anchor: "middle",
      }),
    );
  }
  if (spec.yTitle) {
    parts.push(
      textElement(16, g.top + g.side / 2, spec.yTitle, {
        size: LABEL_SIZE,
        anchor: "middle",
        rotate: -90,
      }),
    );
  }
  return svgDocument(g.width, g.height, spec.title, parts.join(""));
}
