/**
 * The unrolled network of the CrossValidated answer: neurons 1..n at consecutive steps, every
 * connection from neuron k at one step to neuron j at the next drawn as an arrow labelled W_jk
 * (eq. (2): x_j⁽ᵗ⁾ = Σ_k W_jk σ(x_k⁽ᵗ⁻¹⁾) + …). Highlighted edges show which weight a formula
 * uses: W₁₂ for ∂x₁⁽²⁾/∂x₂⁽¹⁾ (correct), W₂₁ for the paper's form read in numerator layout.
 *
 * Live and static pictures share one pixel geometry: the plotly axes are set so that data
 * coordinates are the SVG's pixel coordinates, and edge labels are placed once, greedily, where
 * their boxes do not overlap.
 */
import { Matrix, assertIndex, assertSquare } from "../validate";
import {
  Figure,
  PlotlyObject,
  TitleBlock,
  assertOptionalText,
  assertOptions,
  assertText,
  checkInteger,
  checkOneOf,
  finishFigure,
  PX,
  pixelLayout,
  titleBlock,
  titleSvg,
} from "./figure";
import { plotlyText, toSubscript, toSuperscript } from "./labels";
import { MAX_FIGURE_WIDTH, MEANINGS, MEANING_COLORS, MIN_FONT_SIZE, Meaning } from "./style";
import { element, lineHeight, svgDocument, textElement, textWidth, wrapText } from "./svg";

export interface EdgeHighlight {
  /** The source neuron k (0-based) at the first step column. */
  from: number;
  /** The target neuron j (0-based) at the second step column. */
  to: number;
  /** What the highlighted edge stands for; sets its colour (default "printed"). */
  meaning?: Meaning;
  /** Explanation shown in the legend under the diagram, e.g. "∂x₁⁽²⁾/∂x₂⁽¹⁾ uses W₁₂". */
  label?: string;
  /**
   * The neuron (0-based, at the source step) whose σ′ the formula takes: its σ node is outlined
   * in the highlight's colour. The true derivative takes σ′ of `from`; the paper's form read in
   * denominator layout takes σ′ of `to`.
   */
  sigmaOf?: number;
}

export interface NetworkDiagramOptions {
  title: string;
  /**
   * Neurons per step. Up to 6 every neuron and edge is drawn; beyond, the diagram draws the first
   * two and the last neuron plus those the highlights name, only the highlighted edges, and says
   * how many it leaves out.
   */
  n: number;
  /** Step columns, 2 to 4 (default 2); highlights mark edges between the first two. */
  steps?: number;
  /** The number of the first step column (default 1: columns t = 1, t = 2, …). */
  firstStep?: number;
  /** n×n recurrent weights; when given, each label also shows the value, "W₁₂ = 0.53". */
  weights?: Matrix;
  highlight?: EdgeHighlight[];
  id?: string;
}

/** Up to this many neurons per step are all drawn, with all n² edges per transition. */
export const MAX_DRAWN_NEURONS = 6;

const COLUMN_GAP = 360;
const ROW_GAP = 120;
const SIDE = 110;
const RADIUS = 24;
const LEGEND_ROW = 24;
const SIZE = MIN_FONT_SIZE;
const EDGE_COLOR = "#8a94a6";
const NODE_STROKE = "#4a5a70";
const INK = "#1b2a41";
const SIGMA_DX = 82;
const SIGMA_SIZE: [number, number] = [34, 30];

type Point = [number, number];

interface Edge {
  step: number;
  label: string;
  hover: string;
  /** Set for a highlighted edge: its colour. */
  highlight?: string;
  tail: Point;
  head: Point;
  /** Where the label box is centred, chosen by `placeLabels`. */
  at: Point;
  box: Point;
}

interface Highlight {
  from: number;
  to: number;
  color: string;
  label?: string;
  sigmaOf?: number;
}

function checkHighlights(highlight: unknown, n: number): Highlight[] {
  if (highlight === undefined) return [];
  if (!Array.isArray(highlight)) {
    throw new TypeError(`highlight must be an array of edges, got ${typeof highlight}`);
  }
  return highlight.map((h: EdgeHighlight, i) => {
    const name = `highlight[${i}]`;
    assertOptions(name, h);
    assertIndex(`${name}.from`, h.from, n);
    assertIndex(`${name}.to`, h.to, n);
    const meaning = checkOneOf(`${name}.meaning`, h.meaning, MEANINGS) ?? "printed";
    if (h.sigmaOf !== undefined) assertIndex(`${name}.sigmaOf`, h.sigmaOf, n);
    assertOptionalText(`${name}.label`, h.label);
    const { from, to, label, sigmaOf } = h;
    return { from, to, color: MEANING_COLORS[meaning], label, sigmaOf };
  });
}

/**
 * Puts each label on its own edge at a fraction of the way from source to target, choosing per
 * edge the candidate fraction whose box overlaps the already placed boxes and the neurons least.
 * Highlighted edges go first, so their labels get the best places. Where arrows cross (W₁₂ and
 * W₂₁), their labels end up at different fractions and so do not cover each other.
 */
function placeLabels(edges: Edge[], nodes: Point[]): void {
  const fractions = [0.3, 0.7, 0.22, 0.78, 0.4, 0.6, 0.16, 0.84, 0.5];
  const obstacles = nodes.map((at) => ({ at, box: [2 * RADIUS + 6, 2 * RADIUS + 6] as Point }));
  const overlap = (a: Edge, b: { at: Point; box: Point }) => {
    const dx = (a.box[0] + b.box[0]) / 2 - Math.abs(a.at[0] - b.at[0]);
    const dy = (a.box[1] + b.box[1]) / 2 - Math.abs(a.at[1] - b.at[1]);
    return dx > 0 && dy > 0 ? dx * dy : 0;
  };
  const along = (edge: Edge, f: number): Point => [
    edge.tail[0] + f * (edge.head[0] - edge.tail[0]),
    edge.tail[1] + f * (edge.head[1] - edge.tail[1]),
  ];
  const placed: Edge[] = [];
  for (const edge of [...edges].sort((a, b) => Number(!!b.highlight) - Number(!!a.highlight))) {
    let best = fractions[0];
    let bestCost = Infinity;
    for (const f of fractions) {
      edge.at = along(edge, f);
      const cost =
        [...placed, ...obstacles].reduce((sum, other) => sum + overlap(edge, other), 0) +
        Math.abs(f - 0.3); // a slight preference for the source end, where arrows fan out
      if (cost < bestCost) [best, bestCost] = [f, cost];
    }
    edge.at = along(edge, best);
    placed.push(edge);
  }
}

interface SigmaNode {
  at: Point;
  /** The neuron's own node, where the arrow into σ starts. */
  node: Point;
  neuron: number;
  hover: string;
  /** Outline colour when a highlight takes this neuron's σ′. */
  highlight?: string;
}

interface Diagram {
  width: number;
  height: number;
  title: TitleBlock;
  nodes: { at: Point; text: string; hover: string }[];
  sigmas: SigmaNode[];
  /** "⋮" marks between neurons that are not drawn (large n). */
  gaps: Point[];
  columns: { x: number; y: number; text: string }[];
  edges: Edge[];
  legend: { color: string; text: string; y: number }[];
  notes: { text: string; y: number }[];
}

/** The neurons drawn for `n`: all up to MAX_DRAWN_NEURONS, else the first two, the last, and
 * those the highlights name (at most MAX_DRAWN_NEURONS in all). */
function shownNeurons(n: number, highlights: Highlight[]): number[] {
  if (n <= MAX_DRAWN_NEURONS) return Array.from({ length: n }, (_, i) => i);
  const named = highlights.flatMap((h) => [h.from, h.to, h.sigmaOf ?? h.from]);
  const picked = [...new Set([...named, 0, 1, n - 1])].slice(0, MAX_DRAWN_NEURONS);
  return picked.sort((a, b) => a - b);
}

function diagram(options: NetworkDiagramOptions, steps: number, firstStep: number): Diagram {
  const n = options.n;
  const highlights = checkHighlights(options.highlight, n);
  const shown = shownNeurons(n, highlights);
  const summary = shown.length < n;
  const columnGap = Math.min(COLUMN_GAP, (MAX_FIGURE_WIDTH - 2 * SIDE) / (steps - 1));
  const innerWidth = Math.max(2 * SIDE + (steps - 1) * columnGap, 520);
  const title = titleBlock(options.title, innerWidth);
  const top = title.height + 56;
  // Row of each drawn neuron; a skipped range of neurons takes half a row for its "⋮".
  const rowY = new Map<number, number>();
  const gapY: number[] = [];
  let y = top;
  shown.forEach((neuron, i) => {
    if (i > 0 && neuron - shown[i - 1] > 1) {
      gapY.push(y - ROW_GAP / 4);
      y += ROW_GAP / 2;
    }
    rowY.set(neuron, y);
    y += ROW_GAP;
  });
  const columnX = (s: number) => SIDE + s * columnGap;
  const nodeAt = (s: number, neuron: number): Point => [columnX(s), rowY.get(neuron) as number];
  const sigmaAt = (s: number, neuron: number): Point => [
    columnX(s) + SIGMA_DX,
    nodeAt(s, neuron)[1],
  ];
  const state = (neuron: number, s: number) =>
    `x${toSubscript(String(neuron + 1))}⁽${toSuperscript(String(firstStep + s))}⁾`;
  const stepIndices = Array.from({ length: steps }, (_, s) => s);
  const transitions = stepIndices.slice(0, -1);
  const nodes = stepIndices.flatMap((s) =>
    shown.map((neuron) => ({
      at: nodeAt(s, neuron),
      text: state(neuron, s),
      hover: `neuron ${neuron + 1} at t = ${firstStep + s}: ${state(neuron, s)}`,
    })),
  );
  const sigmas = transitions.flatMap((s) =>
    shown.map((neuron) => {
      const [x, a] = [state(neuron, s), `a${state(neuron, s).slice(1)}`];
      return {
        at: sigmaAt(s, neuron),
        node: nodeAt(s, neuron),
        neuron,
        hover: `σ: ${a} = σ(${x}); its slope σ′(${x}) scales every edge leaving here`,
        highlight: highlights.find((h) => s === 0 && h.sigmaOf === neuron)?.color,
      };
    }),
  );
  const edges: Edge[] = [];
  for (const s of transitions) {
    for (const j of shown) {
      for (const k of shown) {
        const h = highlights.find((e) => s === 0 && e.from === k && e.to === j);
        if (summary && !h) continue;
        // 1-based subscripts, with a comma once an index has two digits (as describeEntry does).
        const comma = j + 1 >= 10 || k + 1 >= 10 ? "," : "";
        const symbol = `W${toSubscript(String(j + 1))}${comma}${toSubscript(String(k + 1))}`;
        const w = options.weights?.[j][k];
        const value = w
          ?.toFixed(2)
          .replace(/^-0\.00$/, "0.00")
          .replace(/^-/, "−");
        const label = w === undefined ? symbol : `${symbol} = ${value}`;
        edges.push({
          step: s,
          label,
          hover: `${label}: weight of σ(${state(k, s)}) in ${state(j, s + 1)}`,
          highlight: h?.color,
          tail: sigmaAt(s, k),
          head: nodeAt(s + 1, j),
          at: [0, 0],
          box: [textWidth(label, SIZE) + 10, SIZE + 9],
        });
      }
    }
  }
  placeLabels(edges, [...nodes.map((node) => node.at), ...sigmas.map((sigma) => sigma.at)]);
  const legendTop = y - ROW_GAP + RADIUS + 36;
  const legend = highlights
    .filter((h) => h.label)
    .map((h, i) => ({ color: h.color, text: h.label as string, y: legendTop + i * LEGEND_ROW }));
  const noteTexts = [
    "x_k → σ → a_k = σ(x_k) → W_jk → x_j: σ′(x_k) scales every edge leaving neuron k's σ.",
  ];
  if (summary) {
    const total = n * n * (steps - 1);
    noteTexts.push(
      `n = ${n} is too many to draw: neurons ${shown.map((i) => i + 1).join(", ")} are shown, ` +
        `and ${edges.length === 0 ? "no" : "only the highlighted"} edges; the other ` +
        `${total - edges.length} of the ${total} edges W_jk are left out.`,
    );
  }
  const notesTop = legendTop + legend.length * LEGEND_ROW + (legend.length ? 8 : -10);
  const notes = noteTexts
    .flatMap((text) => wrapText(text, SIZE, innerWidth - 40))
    .map((text, i) => ({ text, y: notesTop + i * lineHeight(SIZE) }));
  const legendWidth = Math.max(0, ...legend.map((l) => textWidth(l.text, SIZE) + 60));
  return {
    width: Math.min(MAX_FIGURE_WIDTH, Math.max(innerWidth, legendWidth + 40)),
    height: notesTop + notes.length * lineHeight(SIZE) + 8,
    title,
    nodes,
    sigmas,
    gaps: stepIndices.flatMap((s) => gapY.map((gy): Point => [columnX(s), gy])),
    columns: stepIndices.map((s) => ({
      x: columnX(s),
      y: top - RADIUS - 24,
      text: `t = ${firstStep + s}`,
    })),
    edges,
    legend,
    notes,
  };
}

function edgeStyle(edge: Edge) {
  return edge.highlight
    ? { color: edge.highlight, width: 4, font: edge.highlight }
    : { color: EDGE_COLOR, width: 1.5, font: "#333333" };
}

/**
 * An arrow from `tail` to `head` (pixels) stopping [end, start] px short of its ends: the plotly
 * annotation, and the SVG line ending in `marker`, the arrowhead of its colour.
 */
function arrow(
  name: string,
  [tail, head]: [Point, Point],
  [end, start]: [number, number],
  [color, width, marker]: [string, number, string],
  cls?: string,
) {
  const at = { name, x: head[0], y: head[1], ax: tail[0], ay: tail[1], ...PX };
  const shown = { axref: "x", ayref: "y", text: "", showarrow: true, arrowhead: 2 };
  const look = { arrowsize: width > 2 ? 0.8 : 1.2, arrowwidth: width, arrowcolor: color };
  const length = Math.hypot(head[0] - tail[0], head[1] - tail[1]);
  const [ux, uy] = [(head[0] - tail[0]) / length, (head[1] - tail[1]) / length];
  const line = {
    class: cls,
    x1: tail[0] + ux * start,
    y1: tail[1] + uy * start,
    x2: head[0] - ux * end,
    y2: head[1] - uy * end,
  };
  const style = { stroke: color, "stroke-width": width, "marker-end": marker };
  return {
    annotation: { ...at, ...shown, ...look, standoff: end, startstandoff: start },
    svg: element("line", { ...line, ...style }),
  };
}

/** The plotly data, annotations and shapes and the static SVG of a diagram. */
function render(title: string, d: Diagram) {
  const colors = [...new Set([...d.edges.map((e) => edgeStyle(e).color), NODE_STROKE])];
  const marker = (color: string) => `url(#arrow-${colors.indexOf(color)})`;
  const head = { viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7 };
  const markers = colors.map((color, i) => {
    const attrs = { id: `arrow-${i}`, ...head, markerUnits: "userSpaceOnUse", orient: "auto" };
    return element("marker", attrs, element("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
  });
  const textAt = (name: string, [x, y]: Point, content: string, anchor = "left") => {
    const text = { xanchor: anchor, text: plotlyText(content), showarrow: false };
    return { name, x, y, ...PX, ...text, font: { size: SIZE, color: "#222222" } };
  };
  const middle = { anchor: "middle", baseline: "middle" } as const;
  const [w, h] = SIGMA_SIZE;
  const sigmas = d.sigmas.map((sigma) => {
    const [x, y] = sigma.at;
    const box = { x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
    const outline = { color: sigma.highlight ?? NODE_STROKE, width: sigma.highlight ? 4 : 1.5 };
    const into = arrow(
      `to σ ${sigma.neuron + 1}`,
      [sigma.node, sigma.at],
      [w / 2 + 1, RADIUS + 1],
      [NODE_STROKE, 1.5, marker(NODE_STROKE)],
    );
    const cls = sigma.highlight ? "sigma highlighted" : "sigma";
    const rect = { class: cls, x: box.x0, y: box.y0, width: w, height: h, rx: 5 };
    const paint = { fill: "#fff8e6", stroke: outline.color, "stroke-width": outline.width };
    return {
      arrow: into.annotation,
      text: {
        ...textAt(`σ ${sigma.neuron + 1}`, sigma.at, "σ", "center"),
        hovertext: plotlyText(sigma.hover),
        font: { size: 16, color: INK },
      },
      shape: { type: "rect", ...PX, ...box, line: outline, fillcolor: "#fff8e6", layer: "below" },
      svg:
        into.svg +
        element("rect", { ...rect, ...paint }) +
        textElement(x, y, "σ", { size: 16, ...middle, fill: INK }),
    };
  });
  const edges = d.edges.map((edge) => {
    const { color, width, font } = edgeStyle(edge);
    const name = `${edge.label.split(" ")[0]} step ${edge.step}`;
    const line = arrow(
      `edge ${name}`,
      [edge.tail, edge.head],
      [RADIUS + 2, w / 2 + 2],
      [color, width, marker(color)],
      edge.highlight ? "edge highlighted" : "edge",
    );
    const [x, y] = edge.at;
    const [bw, bh] = edge.box;
    const rect = { x: x - bw / 2, y: y - bh / 2, width: bw, height: bh, rx: 3, fill: "#ffffff" };
    const weight = edge.highlight ? "bold" : "normal";
    const text = edge.highlight ? `<b>${plotlyText(edge.label)}</b>` : plotlyText(edge.label);
    const at = { name: `label ${name}`, x, y, ...PX, text };
    const hover = { hovertext: plotlyText(edge.hover), showarrow: false };
    const border = { bordercolor: edge.highlight ?? "rgba(0,0,0,0)", borderpad: 2 };
    const box = { font: { size: SIZE, color: font }, bgcolor: "rgba(255,255,255,0.92)" };
    return {
      highlighted: !!edge.highlight,
      arrow: line,
      label: { ...at, ...hover, ...box, ...border },
      labelSvg:
        element("rect", { ...rect, "fill-opacity": 0.92, stroke: edge.highlight ?? "none" }) +
        textElement(x, y, edge.label, { ...middle, fill: font, weight }),
    };
  });
  const annotations = [
    ...sigmas.map((sigma) => sigma.arrow),
    ...edges.map((edge) => edge.arrow.annotation),
    ...edges.map((edge) => edge.label),
    ...sigmas.map((sigma) => sigma.text),
    ...d.columns.map(({ x, y, text }) => {
      const bold = { text: `<b>${plotlyText(text)}</b>`, showarrow: false, font: { size: 16 } };
      return { name: `column ${text}`, x, y, ...PX, ...bold };
    }),
    ...d.legend.map((l) => textAt("legend text", [70, l.y], l.text)),
    ...d.notes.map((note) => textAt("note", [24, note.y], note.text)),
    ...d.gaps.map((at) => ({ ...textAt("more neurons", at, "⋮", "center"), font: { size: 22 } })),
  ];
  const data: PlotlyObject[] = [
    {
      type: "scatter",
      mode: "markers+text",
      name: "neurons",
      x: d.nodes.map((node) => node.at[0]),
      y: d.nodes.map((node) => node.at[1]),
      text: d.nodes.map((node) => plotlyText(node.text)),
      hovertext: d.nodes.map((node) => plotlyText(node.hover)),
      hoverinfo: "text",
      textposition: "middle center",
      textfont: { size: SIZE, color: INK },
      marker: { size: 2 * RADIUS, color: "#eef3fb", line: { color: NODE_STROKE, width: 2 } },
      showlegend: false,
      cliponaxis: false,
    },
    ...d.legend.map((l) => {
      const line = { x: [24, 60], y: [l.y, l.y], line: { color: l.color, width: 4 } };
      const quiet = { hoverinfo: "skip", showlegend: false };
      return { type: "scatter", mode: "lines", name: plotlyText(l.text), ...line, ...quiet };
    }),
  ];
  // The SVG: plain edges first, highlighted ones on top.
  const ordered = [...edges].sort((a, b) => Number(a.highlighted) - Number(b.highlighted));
  const circle = { r: RADIUS, fill: "#eef3fb", stroke: NODE_STROKE, "stroke-width": 2 };
  const nodeSvg = d.nodes.map(
    ({ at: [cx, cy], text }) =>
      element("circle", { cx, cy, ...circle }) +
      textElement(cx, cy, text, { ...middle, fill: INK }),
  );
  const svg = [
    `<defs>${markers.join("")}</defs>`,
    titleSvg(d.title),
    ...d.columns.map((c) =>
      textElement(c.x, c.y, c.text, { size: 16, anchor: "middle", weight: "bold" }),
    ),
    `<g class="sigmas">${sigmas.map((sigma) => sigma.svg).join("")}</g>`,
    `<g class="edges">${ordered.map((edge) => edge.arrow.svg).join("")}</g>`,
    `<g class="edge-labels">${ordered.map((edge) => edge.labelSvg).join("")}</g>`,
    `<g class="neurons">${nodeSvg.join("")}</g>`,
    ...d.gaps.map(([x, y]) => textElement(x, y, "⋮", { size: 22, ...middle })),
    ...d.legend.map(
      (l) =>
        element("line", { x1: 24, y1: l.y, x2: 60, y2: l.y, stroke: l.color, "stroke-width": 4 }) +
        textElement(70, l.y, l.text, { baseline: "middle" }),
    ),
    ...d.notes.map((note) => textElement(24, note.y, note.text, { baseline: "middle" })),
  ];
  const shapes = sigmas.map((sigma) => sigma.shape);
  return { data, annotations, shapes, svg: svgDocument(d.width, d.height, title, svg.join("")) };
}

/**
 * The network unrolled over `steps` columns with every connection W_jk drawn and labelled, σ
 * drawn where it acts (between x_k and the edges leaving it), and the `highlight`ed edges (and
 * the σ whose slope a formula takes) drawn thick and coloured by meaning. For n above
 * MAX_DRAWN_NEURONS it draws a summary instead: a few neurons, the highlighted edges, and a
 * sentence saying what is left out.
 */
export function networkDiagramFigure(options: NetworkDiagramOptions): Figure {
  assertOptions("options", options);
  assertText("title", options.title);
  const n = checkInteger("n", options.n, 1);
  const steps = checkInteger("steps", options.steps, 2, 4, 2);
  const firstStep = checkInteger("firstStep", options.firstStep, 0, undefined, 1);
  if (options.weights !== undefined) {
    const size = assertSquare("weights", options.weights);
    if (size !== n) {
      throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    }
  }
  const d = diagram(options, steps, firstStep);
  const { data, annotations, shapes, svg } = render(options.title, d);
  const layout: PlotlyObject = {
    ...pixelLayout(d.title, d.height, d.width),
    hovermode: "closest",
    annotations,
    shapes,
  };
  return finishFigure("networkDiagram", options.id, options.title, {
    data,
    layout,
    staticSvg: svg,
  });
}
