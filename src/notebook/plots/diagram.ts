/**
 * Diagrams drawn in pixel coordinates (the unrolled network, the recap grid): each is described
 * once as a list of primitives, and each primitive is drawn here both ways, as a plotly
 * annotation, shape or trace over hidden pixel axes (`pixelLayout`), and as static SVG. Both
 * paint in list order, so what lies on top is the same live and static.
 */
import { PX, PlotlyObject, TitleBlock, pixelLayout, titleSvg } from "./figure";
import { plotlyText } from "./labels";
import { element, lineHeight, svgDocument, textElement } from "./svg";

export type Point = readonly [number, number];

/**
 * Lines of text, centred on `at` ("middle") or hanging from it; `hover` shows on pointing (live
 * only); `box` puts a white box of that size behind a centred line, outlined in `stroke`.
 */
export interface DiagramText {
  kind: "text";
  name: string;
  at: Point;
  lines: string[];
  size: number;
  anchor: "start" | "middle";
  baseline: "middle" | "hanging";
  color?: string;
  bold?: boolean;
  hover?: string;
  box?: { width: number; height: number; stroke?: string };
}

/**
 * A line; with `gap` = [start, end] an arrow stopping that many px short of its ends (drawn live
 * as an annotation), without it a plain line (live, a trace named `name`: a legend line names
 * the series its colour stands for).
 */
export interface DiagramLine {
  kind: "line";
  name: string;
  from: Point;
  to: Point;
  color: string;
  width: number;
  gap?: Point;
  className?: string;
}

export interface DiagramRect {
  kind: "rect";
  name: string;
  corner: Point;
  size: Point;
  radius: number;
  fill: string;
  stroke: string;
  width: number;
  className?: string;
}

/** Circles with a centred label each; live, one marker trace named `name`. */
export interface DiagramCircles {
  kind: "circles";
  name: string;
  radius: number;
  fill: string;
  stroke: string;
  labelColor: string;
  circles: { at: Point; label: string; hover: string }[];
}

export type Primitive = DiagramText | DiagramLine | DiagramRect | DiagramCircles;

interface Drawn {
  svg: string;
  annotation?: PlotlyObject;
  shape?: PlotlyObject;
  trace?: PlotlyObject;
}

function drawText(t: DiagramText): Drawn {
  const [[x, y], box] = [t.at, t.box];
  const align = t.anchor === "middle" ? "center" : "left";
  const lines = t.lines.map((line) => (t.bold ? `<b>${plotlyText(line)}</b>` : plotlyText(line)));
  const at = { name: t.name, x, y, ...PX, xanchor: align, align, showarrow: false };
  const yanchor = t.baseline === "middle" ? "middle" : "top";
  const font = { size: t.size, color: t.color ?? "#222222" };
  const hover = t.hover === undefined ? {} : { hovertext: plotlyText(t.hover) };
  const border = { bordercolor: box?.stroke ?? "rgba(0,0,0,0)", borderpad: 2 };
  const boxed = box ? { bgcolor: "rgba(255,255,255,0.92)", ...border } : {};
  const look = { size: t.size, anchor: t.anchor, baseline: t.baseline, fill: t.color } as const;
  const weight = t.bold ? "bold" : "normal";
  const svg = t.lines.map((line, i) =>
    textElement(x, y + i * lineHeight(t.size), line, { ...look, weight }),
  );
  if (box) {
    const corner = { x: x - box.width / 2, y: y - box.height / 2, rx: 3 };
    const paint = { fill: "#ffffff", "fill-opacity": 0.92, stroke: box.stroke ?? "none" };
    svg.unshift(element("rect", { ...corner, width: box.width, height: box.height, ...paint }));
  }
  const text = lines.join("<br>");
  return { annotation: { ...at, yanchor, text, font, ...hover, ...boxed }, svg: svg.join("") };
}

/** The id of the SVG arrowhead of `color`. */
const headId = (color: string) => `arrow-${color.replace(/[^\w]/g, "")}`;

function drawLine(l: DiagramLine): Drawn {
  const [[x1, y1], [x2, y2]] = [l.from, l.to];
  const stroke = { stroke: l.color, "stroke-width": l.width };
  if (!l.gap) {
    const look = { line: { color: l.color, width: l.width }, hoverinfo: "skip" };
    const trace = { type: "scatter", mode: "lines", name: plotlyText(l.name), ...look };
    return {
      trace: { ...trace, x: [x1, x2], y: [y1, y2] },
      svg: element("line", { x1, y1, x2, y2, ...stroke }),
    };
  }
  const [start, end] = l.gap;
  const length = Math.hypot(x2 - x1, y2 - y1);
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const ends = { x1: x1 + ux * start, y1: y1 + uy * start, x2: x2 - ux * end, y2: y2 - uy * end };
  const at = { name: l.name, x: x2, y: y2, ax: x1, ay: y1, ...PX, axref: "x", ayref: "y" };
  const head = { text: "", showarrow: true, arrowhead: 2, arrowsize: l.width > 2 ? 0.8 : 1.2 };
  const look = { arrowwidth: l.width, arrowcolor: l.color, standoff: end, startstandoff: start };
  const svg = element("line", {
    class: l.className,
    ...ends,
    ...stroke,
    "marker-end": `url(#${headId(l.color)})`,
  });
  return { annotation: { ...at, ...head, ...look }, svg };
}

function drawRect(r: DiagramRect): Drawn {
  const [[x, y], [width, height]] = [r.corner, r.size];
  const look = { line: { color: r.stroke, width: r.width }, fillcolor: r.fill, layer: "below" };
  const shape = { type: "rect", name: r.name, ...PX, x0: x, x1: x + width, y0: y, y1: y + height };
  const paint = { fill: r.fill, stroke: r.stroke, "stroke-width": r.width };
  const svg = element("rect", { class: r.className, x, y, width, height, rx: r.radius, ...paint });
  return { shape: { ...shape, ...look }, svg };
}

function drawCircles(c: DiagramCircles): Drawn {
  const label = { fill: c.labelColor, anchor: "middle", baseline: "middle" } as const;
  const paint = { r: c.radius, fill: c.fill, stroke: c.stroke, "stroke-width": 2 };
  const svg = c.circles.map(
    ({ at: [cx, cy], label: text }) =>
      element("circle", { cx, cy, ...paint }) + textElement(cx, cy, text, label),
  );
  const marker = { size: 2 * c.radius, color: c.fill, line: { color: c.stroke, width: 2 } };
  const text = { textposition: "middle center", textfont: { color: c.labelColor }, marker };
  const points = {
    x: c.circles.map((circle) => circle.at[0]),
    y: c.circles.map((circle) => circle.at[1]),
    text: c.circles.map((circle) => plotlyText(circle.label)),
    hovertext: c.circles.map((circle) => plotlyText(circle.hover)),
  };
  const trace = { type: "scatter", mode: "markers+text", name: c.name, ...points, ...text };
  return { trace: { ...trace, hoverinfo: "text", cliponaxis: false }, svg: svg.join("") };
}

/** A diagram of `items` under its title block, `size` = [width, height] px, live and static. */
export function renderDiagram(title: string, block: TitleBlock, size: Point, items: Primitive[]) {
  const [width, height] = size;
  const colors = [...new Set(items.flatMap((i) => (i.kind === "line" && i.gap ? [i.color] : [])))];
  const drawn = items.map((item) =>
    item.kind === "text"
      ? drawText(item)
      : item.kind === "line"
        ? drawLine(item)
        : item.kind === "rect"
          ? drawRect(item)
          : drawCircles(item),
  );
  const data: PlotlyObject[] = drawn.flatMap((d) =>
    d.trace ? [{ ...d.trace, showlegend: false }] : [],
  );
  // Without a trace plotly would not set up the axes the shapes and annotations refer to.
  if (data.length === 0) {
    const hidden = { marker: { opacity: 0 }, hoverinfo: "skip", showlegend: false };
    data.push({ type: "scatter", mode: "markers", x: [0], y: [0], ...hidden });
  }
  const annotations = drawn.flatMap((d) => (d.annotation ? [d.annotation] : []));
  const shapes = drawn.flatMap((d) => (d.shape ? [d.shape] : []));
  const layout = {
    ...pixelLayout(block, height, width),
    hovermode: "closest",
    annotations,
    shapes,
  };
  const head = { viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7 };
  const markers = colors.map((color) => {
    const attrs = { id: headId(color), ...head, markerUnits: "userSpaceOnUse", orient: "auto" };
    return element("marker", attrs, element("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
  });
  const defs = markers.length ? `<defs>${markers.join("")}</defs>` : "";
  const body = titleSvg(block) + defs + drawn.map((d) => d.svg).join("");
  return { data, layout, staticSvg: svgDocument(width, height, title, body) };
}
