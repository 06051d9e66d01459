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
  assertOptionalText,
  assertOptions,
  assertText,
  TitleBlock,
  baseLayout,
  figureId,
  finishFigure,
  titleBlock,
  titleSvgLines,
} from "./figure";
import { plotlyText, toSubscript, toSuperscript } from "./labels";
import {
  MAX_FIGURE_WIDTH,
  MEANINGS,
  MEANING_COLORS,
  MIN_FONT_SIZE,
  Meaning,
  TITLE_FONT_SIZE,
  lineHeight,
  wrapText,
} from "./style";
import { element, svgDocument, textElement, textWidth } from "./svg";

export interface EdgeHighlight {
  /** The source neuron k (0-based) at the earlier step. */
  from: number;
  /** The target neuron j (0-based) at the later step. */
  to: number;
  /** Which transition, 0-based: 0 is from the first step column to the second (default 0). */
  step?: number;
  /** What the highlighted edge stands for; sets its colour (default "printed"). */
  meaning?: Meaning;
  /** "#rrggbb"; default: the meaning's colour. */
  color?: string;
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
  /** Step columns, 2 to 4 (default 2). */
  steps?: number;
  /** The number of the first step column (default 1: columns t = 1, t = 2, …). */
  firstStep?: number;
  /** n×n recurrent weights; when given, each label also shows the value, "W₁₂ = 0.53". */
  weights?: Matrix;
  highlight?: EdgeHighlight[];
  /**
   * Draw σ between a neuron and its outgoing edges (default true): x_k → σ → a_k = σ(x_k) → W_jk →
   * x_j, which is where σ′(x_k) enters ∂x_j/∂x_k.
   */
  sigma?: boolean;
  id?: string;
}

/** Up to this many neurons per step are all drawn, with all n² edges per transition. */
export const MAX_DRAWN_NEURONS = 6;

const COLUMN_GAP = 360;
const ROW_GAP = 120;
const SIDE = 110;
const RADIUS = 24;
const LEGEND_ROW = 24;
const LABEL_SIZE = MIN_FONT_SIZE;
const EDGE_COLOR = "#8a94a6";
const SIGMA_DX = 82;
const SIGMA_SIZE: [number, number] = [34, 30];

interface Edge {
  from: number;
  to: number;
  step: number;
  label: string;
  hover: string;
  highlight?: { color: string; label?: string };
  tail: [number, number];
  head: [number, number];
  /** Where the label box is centred, chosen by `placeLabels`. */
  at: [number, number];
  box: [number, number];
}

function weightSymbol(j: number, k: number): string {
  // 1-based subscripts, with a comma once an index has two digits (as describeEntry writes them).
  const separator = j >= 10 || k >= 10 ? "," : "";
  return `W${toSubscript(String(j))}${separator}${toSubscript(String(k))}`;
}

function stateSymbol(neuron: number, step: number): string {
  return `x${toSubscript(String(neuron))}⁽${toSuperscript(String(step))}⁾`;
}

function formatWeight(value: number): string {
  const text = value.toFixed(2);
  return text === "-0.00" ? "0.00" : text.replace(/^-/, "−");
}

interface CheckedHighlight {
  from: number;
  to: number;
  step: number;
  color: string;
  label?: string;
  sigmaOf?: number;
}

function checkHighlights(highlight: unknown, n: number, steps: number): CheckedHighlight[] {
  if (highlight === undefined) return [];
  if (!Array.isArray(highlight)) {
    throw new TypeError(`highlight must be an array of edges, got ${typeof highlight}`);
  }
  return highlight.map((h: EdgeHighlight, i) => {
    const name = `highlight[${i}]`;
    assertOptions(name, h);
    assertIndex(`${name}.from`, h.from, n);
    assertIndex(`${name}.to`, h.to, n);
    const step = h.step ?? 0;
    assertIndex(`${name}.step`, step, steps - 1);
    if (h.color !== undefined && !/^#[0-9a-fA-F]{6}$/.test(h.color)) {
      throw new RangeError(`${name}.color must be "#rrggbb", got ${JSON.stringify(h.color)}`);
    }
    if (h.meaning !== undefined && !(MEANINGS as readonly unknown[]).includes(h.meaning)) {
      throw new RangeError(
        `${name}.meaning must be one of ${MEANINGS.join(", ")}, got ${JSON.stringify(h.meaning)}`,
      );
    }
    if (h.sigmaOf !== undefined) assertIndex(`${name}.sigmaOf`, h.sigmaOf, n);
    assertOptionalText(`${name}.label`, h.label);
    return {
      from: h.from,
      to: h.to,
      step,
      color: h.color ?? MEANING_COLORS[h.meaning ?? "printed"],
      label: h.label,
      sigmaOf: h.sigmaOf,
    };
  });
}

function overlap(a: Edge, b: { at: [number, number]; box: [number, number] }): number {
  const dx = (a.box[0] + b.box[0]) / 2 - Math.abs(a.at[0] - b.at[0]);
  const dy = (a.box[1] + b.box[1]) / 2 - Math.abs(a.at[1] - b.at[1]);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}

/**
 * Puts each label on its own edge at a fraction of the way from source to target, choosing per
 * edge the candidate fraction whose box overlaps the already placed boxes and the neurons least.
 * Highlighted edges go first, so their labels get the best places. Where arrows cross (W₁₂ and
 * W₂₁), their labels end up at different fractions and so do not cover each other.
 */
function placeLabels(edges: Edge[], nodes: [number, number][]): void {
  const fractions = [0.3, 0.7, 0.22, 0.78, 0.4, 0.6, 0.16, 0.84, 0.5];
  const obstacles = nodes.map((at) => ({
    at,
    box: [2 * RADIUS + 6, 2 * RADIUS + 6] as [number, number],
  }));
  const placed: Edge[] = [];
  const order = [...edges].sort((a, b) => Number(!!b.highlight) - Number(!!a.highlight));
  for (const edge of order) {
    let best = fractions[0];
    let bestCost = Infinity;
    for (const f of fractions) {
      edge.at = [
        edge.tail[0] + f * (edge.head[0] - edge.tail[0]),
        edge.tail[1] + f * (edge.head[1] - edge.tail[1]),
      ];
      const cost =
        [...placed, ...obstacles].reduce((sum, other) => sum + overlap(edge, other), 0) +
        Math.abs(f - 0.3); // a slight preference for the source end, where arrows fan out
      if (cost < bestCost) [best, bestCost] = [f, cost];
    }
    edge.at = [
      edge.tail[0] + best * (edge.head[0] - edge.tail[0]),
      edge.tail[1] + best * (edge.head[1] - edge.tail[1]),
    ];
    placed.push(edge);
  }
}

interface SigmaNode {
  at: [number, number];
  neuron: number;
  step: number;
  hover: string;
  /** Outline colour when a highlight takes this neuron's σ′. */
  highlight?: string;
}

interface Diagram {
  width: number;
  height: number;
  title: TitleBlock;
  nodes: { at: [number, number]; text: string; hover: string }[];
  sigmas: SigmaNode[];
  /** "⋮" marks between neurons that are not drawn (large n). */
  gaps: [number, number][];
  columns: { x: number; y: number; text: string }[];
  edges: Edge[];
  legend: { color: string; text: string; y: number }[];
  notes: { text: string; y: number }[];
}

/** The neurons drawn for `n`: all up to MAX_DRAWN_NEURONS, else the first two, the last, and
 * those the highlights name (at most MAX_DRAWN_NEURONS in all). */
function shownNeurons(n: number, highlights: CheckedHighlight[]): number[] {
  if (n <= MAX_DRAWN_NEURONS) return Array.from({ length: n }, (_, i) => i);
  const named = highlights.flatMap((h) => [
    h.from,
    h.to,
    ...(h.sigmaOf === undefined ? [] : [h.sigmaOf]),
  ]);
  const picked = [...new Set([...named, 0, 1, n - 1])].slice(0, MAX_DRAWN_NEURONS);
  return picked.sort((a, b) => a - b);
}

function diagram(options: NetworkDiagramOptions): Diagram {
  const n = options.n;
  const steps = options.steps ?? 2;
  const firstStep = options.firstStep ?? 1;
  const withSigma = options.sigma ?? true;
  const highlights = checkHighlights(options.highlight, n, steps);
  const shown = shownNeurons(n, highlights);
  const summary = shown.length < n;
  const columnGap = Math.min(COLUMN_GAP, (MAX_FIGURE_WIDTH - 2 * SIDE) / (steps - 1));
  const width0 = 2 * SIDE + (steps - 1) * columnGap;
  const title = titleBlock(options.title, Math.max(width0, 520));
  const top = title.height + 56;
  // Row of each drawn neuron; a skipped range of neurons takes half a row for its "⋮".
  const rowY = new Map<number, number>();
  const gaps: [number, number][] = [];
  let y = top;
  shown.forEach((neuron, i) => {
    if (i > 0 && neuron - shown[i - 1] > 1) {
      gaps.push([0, y - ROW_GAP / 4]);
      y += ROW_GAP / 2;
    }
    rowY.set(neuron, y);
    y += ROW_GAP;
  });
  const lastRowY = y - ROW_GAP;
  const nodeAt = (s: number, neuron: number): [number, number] => [
    SIDE + s * columnGap,
    rowY.get(neuron) as number,
  ];
  const sigmaAt = (s: number, neuron: number): [number, number] => [
    nodeAt(s, neuron)[0] + SIGMA_DX,
    rowY.get(neuron) as number,
  ];
  const gapMarks = Array.from({ length: steps }, (_, s) =>
    gaps.map(([, gy]) => [SIDE + s * columnGap, gy] as [number, number]),
  ).flat();
  const nodes = Array.from({ length: steps }, (_, s) =>
    shown.map((neuron) => ({
      at: nodeAt(s, neuron),
      text: stateSymbol(neuron + 1, firstStep + s),
      hover: `neuron ${neuron + 1} at t = ${firstStep + s}: ${stateSymbol(neuron + 1, firstStep + s)}`,
    })),
  ).flat();
  const sigmas: SigmaNode[] = [];
  if (withSigma) {
    for (let s = 0; s + 1 < steps; s++) {
      for (const neuron of shown) {
        const x = stateSymbol(neuron + 1, firstStep + s);
        const a = `a${toSubscript(String(neuron + 1))}⁽${toSuperscript(String(firstStep + s))}⁾`;
        const h = highlights.find((e) => e.step === s && e.sigmaOf === neuron);
        sigmas.push({
          at: sigmaAt(s, neuron),
          neuron,
          step: s,
          hover: `σ: ${a} = σ(${x}); its slope σ′(${x}) scales every edge leaving here`,
          highlight: h?.color,
        });
      }
    }
  }
  const edges: Edge[] = [];
  for (let s = 0; s + 1 < steps; s++) {
    for (const j of shown) {
      for (const k of shown) {
        const h = highlights.find((e) => e.from === k && e.to === j && e.step === s);
        if (summary && !h) continue;
        const symbol = weightSymbol(j + 1, k + 1);
        const w = options.weights?.[j][k];
        const label = w === undefined ? symbol : `${symbol} = ${formatWeight(w)}`;
        const from = stateSymbol(k + 1, firstStep + s);
        const to = stateSymbol(j + 1, firstStep + s + 1);
        const tail = withSigma ? sigmaAt(s, k) : nodeAt(s, k);
        edges.push({
          from: k,
          to: j,
          step: s,
          label,
          hover: `${label}: weight of σ(${from}) in ${to}`,
          highlight: h ? { color: h.color, label: h.label } : undefined,
          tail,
          head: nodeAt(s + 1, j),
          at: [0, 0],
          box: [textWidth(label, LABEL_SIZE) + 10, LABEL_SIZE + 9],
        });
      }
    }
  }
  placeLabels(edges, [...nodes.map((node) => node.at), ...sigmas.map((sigma) => sigma.at)]);
  const legendTop = lastRowY + RADIUS + 36;
  const legend = highlights
    .filter((h) => h.label)
    .map((h, i) => ({ color: h.color, text: h.label as string, y: legendTop + i * LEGEND_ROW }));
  const noteTexts: string[] = [];
  if (withSigma) {
    noteTexts.push(
      "x_k → σ → a_k = σ(x_k) → W_jk → x_j: σ′(x_k) scales every edge leaving neuron k's σ.",
    );
  }
  if (summary) {
    const drawnEdges = edges.length;
    const total = n * n * (steps - 1);
    noteTexts.push(
      `n = ${n} is too many to draw: neurons ${shown.map((i) => i + 1).join(", ")} are shown, ` +
        `and ${drawnEdges === 0 ? "no" : "only the highlighted"} edges; the other ` +
        `${total - drawnEdges} of the ${total} edges W_jk are left out.`,
    );
  }
  const noteWidth = Math.max(width0, 520) - 40;
  let noteY = legendTop + legend.length * LEGEND_ROW + (legend.length ? 8 : -10);
  const notes: { text: string; y: number }[] = [];
  for (const text of noteTexts) {
    for (const line of wrapText(text, LABEL_SIZE, noteWidth)) {
      notes.push({ text: line, y: noteY });
      noteY += lineHeight(LABEL_SIZE);
    }
  }
  const legendWidth = Math.max(0, ...legend.map((l) => textWidth(l.text, LABEL_SIZE) + 60));
  return {
    width: Math.min(MAX_FIGURE_WIDTH, Math.max(width0, legendWidth + 40, 520)),
    height: noteY + 8,
    title,
    nodes,
    sigmas,
    gaps: gapMarks,
    columns: Array.from({ length: steps }, (_, s) => ({
      x: SIDE + s * columnGap,
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
    ? { color: edge.highlight.color, width: 4, font: edge.highlight.color }
    : { color: EDGE_COLOR, width: 1.5, font: "#333333" };
}

function plotlyParts(d: Diagram): {
  data: PlotlyObject[];
  annotations: PlotlyObject[];
  shapes: PlotlyObject[];
} {
  const arrow = (
    name: string,
    head: [number, number],
    tail: [number, number],
    color: string,
    width: number,
    standoff: number,
    startstandoff: number,
  ) => ({
    name,
    x: head[0],
    y: head[1],
    ax: tail[0],
    ay: tail[1],
    xref: "x",
    yref: "y",
    axref: "x",
    ayref: "y",
    text: "",
    showarrow: true,
    arrowhead: 2,
    arrowsize: width > 2 ? 0.8 : 1.2,
    arrowwidth: width,
    arrowcolor: color,
    standoff,
    startstandoff,
  });
  const tailGap = () => (d.sigmas.length ? SIGMA_SIZE[0] / 2 + 2 : RADIUS + 2);
  const arrows = d.edges.map((edge) => {
    const style = edgeStyle(edge);
    return arrow(
      `edge ${edge.label.split(" ")[0]} step ${edge.step}`,
      edge.head,
      edge.tail,
      style.color,
      style.width,
      RADIUS + 2,
      tailGap(),
    );
  });
  const sigmaArrows = d.sigmas.map((sigma) => {
    const node = d.nodes.find(
      (nd) => nd.at[1] === sigma.at[1] && Math.abs(nd.at[0] + SIGMA_DX - sigma.at[0]) < 1e-9,
    );
    return arrow(
      `to σ ${sigma.neuron + 1}`,
      sigma.at,
      node ? node.at : [sigma.at[0] - SIGMA_DX, sigma.at[1]],
      "#4a5a70",
      1.5,
      SIGMA_SIZE[0] / 2 + 1,
      RADIUS + 1,
    );
  });
  const labels = d.edges.map((edge) => {
    const style = edgeStyle(edge);
    return {
      name: `label ${edge.label.split(" ")[0]} step ${edge.step}`,
      x: edge.at[0],
      y: edge.at[1],
      xref: "x",
      yref: "y",
      text: edge.highlight ? `<b>${plotlyText(edge.label)}</b>` : plotlyText(edge.label),
      hovertext: plotlyText(edge.hover),
      showarrow: false,
      font: { size: LABEL_SIZE, color: style.font },
      bgcolor: "rgba(255,255,255,0.92)",
      bordercolor: edge.highlight ? style.color : "rgba(0,0,0,0)",
      borderpad: 2,
    };
  });
  const columns = d.columns.map((c) => ({
    name: `column ${c.text}`,
    x: c.x,
    y: c.y,
    xref: "x",
    yref: "y",
    text: `<b>${plotlyText(c.text)}</b>`,
    showarrow: false,
    font: { size: 16 },
  }));
  const textAt = (name: string, x: number, y: number, text: string, anchor = "left") => ({
    name,
    x,
    y,
    xref: "x",
    yref: "y",
    xanchor: anchor,
    text: plotlyText(text),
    showarrow: false,
    font: { size: LABEL_SIZE, color: "#222222" },
  });
  const legend = d.legend.map((l) => textAt("legend text", 70, l.y, l.text));
  const notes = d.notes.map((note) => textAt("note", 24, note.y, note.text));
  const gaps = d.gaps.map(([x, y]) => ({
    ...textAt("more neurons", x, y, "⋮", "center"),
    font: { size: 22 },
  }));
  const sigmaLabels = d.sigmas.map((sigma) => ({
    ...textAt(`σ ${sigma.neuron + 1}`, sigma.at[0], sigma.at[1], "σ", "center"),
    hovertext: plotlyText(sigma.hover),
    font: { size: 16, color: "#1b2a41" },
  }));
  const shapes = d.sigmas.map((sigma) => ({
    type: "rect",
    xref: "x",
    yref: "y",
    x0: sigma.at[0] - SIGMA_SIZE[0] / 2,
    x1: sigma.at[0] + SIGMA_SIZE[0] / 2,
    y0: sigma.at[1] - SIGMA_SIZE[1] / 2,
    y1: sigma.at[1] + SIGMA_SIZE[1] / 2,
    line: { color: sigma.highlight ?? "#4a5a70", width: sigma.highlight ? 4 : 1.5 },
    fillcolor: "#fff8e6",
    layer: "below",
  }));
  const nodes = {
    type: "scatter",
    mode: "markers+text",
    name: "neurons",
    x: d.nodes.map((node) => node.at[0]),
    y: d.nodes.map((node) => node.at[1]),
    text: d.nodes.map((node) => plotlyText(node.text)),
    hovertext: d.nodes.map((node) => plotlyText(node.hover)),
    hoverinfo: "text",
    textposition: "middle center",
    textfont: { size: LABEL_SIZE, color: "#1b2a41" },
    marker: { size: 2 * RADIUS, color: "#eef3fb", line: { color: "#4a5a70", width: 2 } },
    showlegend: false,
    cliponaxis: false,
  };
  const legendLines = d.legend.map((l) => ({
    type: "scatter",
    mode: "lines",
    name: plotlyText(l.text),
    x: [24, 60],
    y: [l.y, l.y],
    line: { color: l.color, width: 4 },
    hoverinfo: "skip",
    showlegend: false,
  }));
  return {
    data: [nodes, ...legendLines],
    annotations: [
      ...sigmaArrows,
      ...arrows,
      ...labels,
      ...sigmaLabels,
      ...columns,
      ...legend,
      ...notes,
      ...gaps,
    ],
    shapes,
  };
}

function arrowMarker(id: string, color: string): string {
  return element(
    "marker",
    {
      id,
      viewBox: "0 0 10 10",
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      markerUnits: "userSpaceOnUse",
      orient: "auto",
    },
    element("path", { d: "M0,0 L10,5 L0,10 z", fill: color }),
  );
}

function shortened(tail: [number, number], head: [number, number], start: number, end: number) {
  const [x0, y0] = tail;
  const [x1, y1] = head;
  const length = Math.hypot(x1 - x0, y1 - y0);
  const ux = (x1 - x0) / length;
  const uy = (y1 - y0) / length;
  return { x1: x0 + ux * start, y1: y0 + uy * start, x2: x1 - ux * end, y2: y1 - uy * end };
}

function networkSvg(title: string, d: Diagram): string {
  const colors = [...new Set([...d.edges.map((e) => edgeStyle(e).color), "#4a5a70"])];
  const markerId = (color: string) => `arrow-${colors.indexOf(color)}`;
  const defs = colors.map((c) => arrowMarker(markerId(c), c)).join("");
  const tailGap = d.sigmas.length ? SIGMA_SIZE[0] / 2 + 2 : RADIUS + 2;
  // Plain edges first, highlighted ones on top.
  const ordered = [...d.edges].sort((a, b) => Number(!!a.highlight) - Number(!!b.highlight));
  const lines = ordered.map((edge) => {
    const style = edgeStyle(edge);
    return element("line", {
      class: edge.highlight ? "edge highlighted" : "edge",
      ...shortened(edge.tail, edge.head, tailGap, RADIUS + 2),
      stroke: style.color,
      "stroke-width": style.width,
      "marker-end": `url(#${markerId(style.color)})`,
    });
  });
  const sigmaParts = d.sigmas.map(
    (sigma) =>
      element("line", {
        ...shortened(
          [sigma.at[0] - SIGMA_DX, sigma.at[1]],
          sigma.at,
          RADIUS + 1,
          SIGMA_SIZE[0] / 2 + 1,
        ),
        stroke: "#4a5a70",
        "stroke-width": 1.5,
        "marker-end": `url(#${markerId("#4a5a70")})`,
      }) +
      element("rect", {
        class: sigma.highlight ? "sigma highlighted" : "sigma",
        x: sigma.at[0] - SIGMA_SIZE[0] / 2,
        y: sigma.at[1] - SIGMA_SIZE[1] / 2,
        width: SIGMA_SIZE[0],
        height: SIGMA_SIZE[1],
        rx: 5,
        fill: "#fff8e6",
        stroke: sigma.highlight ?? "#4a5a70",
        "stroke-width": sigma.highlight ? 4 : 1.5,
      }) +
      textElement(sigma.at[0], sigma.at[1], "σ", {
        size: 16,
        anchor: "middle",
        baseline: "middle",
        fill: "#1b2a41",
      }),
  );
  const labels = ordered.map((edge) => {
    const style = edgeStyle(edge);
    const [w, h] = edge.box;
    return (
      element("rect", {
        x: edge.at[0] - w / 2,
        y: edge.at[1] - h / 2,
        width: w,
        height: h,
        rx: 3,
        fill: "#ffffff",
        "fill-opacity": 0.92,
        stroke: edge.highlight ? style.color : "none",
      }) +
      textElement(edge.at[0], edge.at[1], edge.label, {
        size: LABEL_SIZE,
        anchor: "middle",
        baseline: "middle",
        fill: style.font,
        weight: edge.highlight ? "bold" : "normal",
      })
    );
  });
  const nodes = d.nodes.map(
    (node) =>
      element("circle", {
        cx: node.at[0],
        cy: node.at[1],
        r: RADIUS,
        fill: "#eef3fb",
        stroke: "#4a5a70",
        "stroke-width": 2,
      }) +
      textElement(node.at[0], node.at[1], node.text, {
        size: LABEL_SIZE,
        anchor: "middle",
        baseline: "middle",
        fill: "#1b2a41",
      }),
  );
  const gaps = d.gaps.map(([x, y]) =>
    textElement(x, y, "⋮", { size: 22, anchor: "middle", baseline: "middle" }),
  );
  const columns = d.columns.map((c) =>
    textElement(c.x, c.y, c.text, { size: 16, anchor: "middle", weight: "bold" }),
  );
  const legend = d.legend.map(
    (l) =>
      element("line", { x1: 24, y1: l.y, x2: 60, y2: l.y, stroke: l.color, "stroke-width": 4 }) +
      textElement(70, l.y, l.text, { size: LABEL_SIZE, baseline: "middle" }),
  );
  const notes = d.notes.map((note) =>
    textElement(24, note.y, note.text, { size: LABEL_SIZE, baseline: "middle" }),
  );
  return svgDocument(
    d.width,
    d.height,
    title,
    `<defs>${defs}</defs>` +
      titleSvgLines(d.title, (y, line) =>
        textElement(16, y, line, { size: TITLE_FONT_SIZE, weight: "bold" }),
      ) +
      columns.join("") +
      `<g class="sigmas">${sigmaParts.join("")}</g>` +
      `<g class="edges">${lines.join("")}</g>` +
      `<g class="edge-labels">${labels.join("")}</g>` +
      `<g class="neurons">${nodes.join("")}</g>` +
      gaps.join("") +
      legend.join("") +
      notes.join(""),
  );
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
  const { n } = options;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`n must be a positive integer, got ${JSON.stringify(n)}`);
  }
  const steps = options.steps ?? 2;
  if (!Number.isInteger(steps) || steps < 2 || steps > 4) {
    throw new RangeError(`steps must be an integer in [2, 4], got ${JSON.stringify(steps)}`);
  }
  const firstStep = options.firstStep ?? 1;
  if (!Number.isInteger(firstStep) || firstStep < 0) {
    throw new RangeError(
      `firstStep must be a non-negative integer, got ${JSON.stringify(firstStep)}`,
    );
  }
  if (options.sigma !== undefined && typeof options.sigma !== "boolean") {
    throw new TypeError(`sigma must be true or false, got ${JSON.stringify(options.sigma)}`);
  }
  if (options.weights !== undefined) {
    const size = assertSquare("weights", options.weights);
    if (size !== n) {
      throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    }
  }
  const d = diagram({ ...options, steps, firstStep });
  const { data, annotations, shapes } = plotlyParts(d);
  // Data coordinates are pixel coordinates: x from the left edge, y downwards from the top.
  const hidden = { visible: false, fixedrange: true };
  const layout: PlotlyObject = {
    ...baseLayout(d.title, d.height, d.width),
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
    xaxis: { ...hidden, range: [0, d.width], domain: [0, 1] },
    yaxis: { ...hidden, range: [d.height, 0], domain: [0, 1] },
    showlegend: false,
    hovermode: "closest",
    annotations,
    shapes,
  };
  return finishFigure({
    id: figureId(options.id, "networkDiagram", options.title, [data, layout]),
    kind: "networkDiagram",
    title: options.title,
    data,
    layout,
    staticSvg: networkSvg(options.title, d),
  });
}
