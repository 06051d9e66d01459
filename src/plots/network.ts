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
  baseLayout,
  figureId,
} from "./figure";
import { plotlyText, toSubscript, toSuperscript } from "./labels";
import { element, svgDocument, textElement, textWidth } from "./svg";

export interface EdgeHighlight {
  /** The source neuron k (0-based) at the earlier step. */
  from: number;
  /** The target neuron j (0-based) at the later step. */
  to: number;
  /** Which transition, 0-based: 0 is from the first step column to the second (default 0). */
  step?: number;
  /** "#rrggbb" (default red). */
  color?: string;
  /** Explanation shown in the legend under the diagram, e.g. "∂x₁⁽²⁾/∂x₂⁽¹⁾ uses W₁₂". */
  label?: string;
}

export interface NetworkDiagramOptions {
  title: string;
  /** Neurons per step, 1 to 6 (the notebooks use 2 and 3). */
  n: number;
  /** Step columns, 2 to 4 (default 2). */
  steps?: number;
  /** The number of the first step column (default 1: columns t = 1, t = 2, …). */
  firstStep?: number;
  /** n×n recurrent weights; when given, each label also shows the value, "W₁₂ = 0.53". */
  weights?: Matrix;
  highlight?: EdgeHighlight[];
  id?: string;
}

const COLUMN_GAP = 360;
const ROW_GAP = 120;
const SIDE = 110;
const TOP = 100;
const RADIUS = 24;
const LEGEND_ROW = 24;
const LABEL_SIZE = 13;
const EDGE_COLOR = "#8a94a6";
const DEFAULT_HIGHLIGHT = "#d62728";

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
    assertOptionalText(`${name}.label`, h.label);
    return { from: h.from, to: h.to, step, color: h.color ?? DEFAULT_HIGHLIGHT, label: h.label };
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

interface Diagram {
  width: number;
  height: number;
  nodes: { at: [number, number]; text: string; hover: string }[];
  columns: { x: number; text: string }[];
  edges: Edge[];
  legend: { color: string; text: string; y: number }[];
}

function diagram(options: NetworkDiagramOptions): Diagram {
  const n = options.n;
  const steps = options.steps ?? 2;
  const firstStep = options.firstStep ?? 1;
  const highlights = checkHighlights(options.highlight, n, steps);
  const width = 2 * SIDE + (steps - 1) * COLUMN_GAP;
  const nodeAt = (s: number, neuron: number): [number, number] => [
    SIDE + s * COLUMN_GAP,
    TOP + neuron * ROW_GAP,
  ];
  const nodes = Array.from({ length: steps }, (_, s) =>
    Array.from({ length: n }, (_, neuron) => ({
      at: nodeAt(s, neuron),
      text: stateSymbol(neuron + 1, firstStep + s),
      hover: `neuron ${neuron + 1} at t = ${firstStep + s}: ${stateSymbol(neuron + 1, firstStep + s)}`,
    })),
  ).flat();
  const edges: Edge[] = [];
  for (let s = 0; s + 1 < steps; s++) {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) {
        const symbol = weightSymbol(j + 1, k + 1);
        const w = options.weights?.[j][k];
        const label = w === undefined ? symbol : `${symbol} = ${formatWeight(w)}`;
        const h = highlights.find((e) => e.from === k && e.to === j && e.step === s);
        const from = stateSymbol(k + 1, firstStep + s);
        const to = stateSymbol(j + 1, firstStep + s + 1);
        edges.push({
          from: k,
          to: j,
          step: s,
          label,
          hover: `${label}: weight of σ(${from}) in ${to}`,
          highlight: h ? { color: h.color, label: h.label } : undefined,
          tail: nodeAt(s, k),
          head: nodeAt(s + 1, j),
          at: [0, 0],
          box: [textWidth(label, LABEL_SIZE) + 10, LABEL_SIZE + 9],
        });
      }
    }
  }
  placeLabels(
    edges,
    nodes.map((node) => node.at),
  );
  const legendTop = TOP + (n - 1) * ROW_GAP + RADIUS + 36;
  const legend = highlights
    .filter((h) => h.label)
    .map((h, i) => ({ color: h.color, text: h.label as string, y: legendTop + i * LEGEND_ROW }));
  const legendWidth = Math.max(0, ...legend.map((l) => textWidth(l.text, LABEL_SIZE) + 60));
  return {
    width: Math.max(width, legendWidth + 40, textWidth(options.title, 16) + 40),
    height: legendTop + legend.length * LEGEND_ROW + (legend.length ? 4 : -12),
    nodes,
    columns: Array.from({ length: steps }, (_, s) => ({
      x: nodeAt(s, 0)[0],
      text: `t = ${firstStep + s}`,
    })),
    edges,
    legend,
  };
}

function edgeStyle(edge: Edge) {
  return edge.highlight
    ? { color: edge.highlight.color, width: 4, font: edge.highlight.color }
    : { color: EDGE_COLOR, width: 1.5, font: "#333333" };
}

function plotlyParts(d: Diagram): { data: PlotlyObject[]; annotations: PlotlyObject[] } {
  const arrows = d.edges.map((edge) => {
    const style = edgeStyle(edge);
    return {
      name: `edge ${edge.label.split(" ")[0]} step ${edge.step}`,
      x: edge.head[0],
      y: edge.head[1],
      ax: edge.tail[0],
      ay: edge.tail[1],
      xref: "x",
      yref: "y",
      axref: "x",
      ayref: "y",
      text: "",
      showarrow: true,
      arrowhead: 2,
      arrowsize: edge.highlight ? 0.8 : 1.2,
      arrowwidth: style.width,
      arrowcolor: style.color,
      standoff: RADIUS + 2,
      startstandoff: RADIUS + 2,
    };
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
    y: TOP - RADIUS - 26,
    xref: "x",
    yref: "y",
    text: `<b>${plotlyText(c.text)}</b>`,
    showarrow: false,
    font: { size: 14 },
  }));
  const legend = d.legend.flatMap((l) => [
    {
      name: "legend text",
      x: 70,
      y: l.y,
      xref: "x",
      yref: "y",
      xanchor: "left",
      text: plotlyText(l.text),
      showarrow: false,
      font: { size: LABEL_SIZE, color: "#222222" },
    },
  ]);
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
    textfont: { size: 14, color: "#1b2a41" },
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
    annotations: [...arrows, ...labels, ...columns, ...legend],
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

function networkSvg(title: string, d: Diagram): string {
  const colors = [...new Set(d.edges.map((e) => edgeStyle(e).color))];
  const markerId = (color: string) => `arrow-${colors.indexOf(color)}`;
  const defs = colors.map((c) => arrowMarker(markerId(c), c)).join("");
  const shorten = (edge: Edge) => {
    const [x0, y0] = edge.tail;
    const [x1, y1] = edge.head;
    const length = Math.hypot(x1 - x0, y1 - y0);
    const ux = (x1 - x0) / length;
    const uy = (y1 - y0) / length;
    const gap = RADIUS + 2;
    return { x1: x0 + ux * gap, y1: y0 + uy * gap, x2: x1 - ux * gap, y2: y1 - uy * gap };
  };
  // Plain edges first, highlighted ones on top.
  const ordered = [...d.edges].sort((a, b) => Number(!!a.highlight) - Number(!!b.highlight));
  const lines = ordered.map((edge) => {
    const style = edgeStyle(edge);
    return element("line", {
      class: edge.highlight ? "edge highlighted" : "edge",
      ...shorten(edge),
      stroke: style.color,
      "stroke-width": style.width,
      "marker-end": `url(#${markerId(style.color)})`,
    });
  });
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
        size: 14,
        anchor: "middle",
        baseline: "middle",
        fill: "#1b2a41",
      }),
  );
  const columns = d.columns.map((c) =>
    textElement(c.x, TOP - RADIUS - 26, c.text, { size: 14, anchor: "middle", weight: "bold" }),
  );
  const legend = d.legend.map(
    (l) =>
      element("line", { x1: 24, y1: l.y, x2: 60, y2: l.y, stroke: l.color, "stroke-width": 4 }) +
      textElement(70, l.y, l.text, { size: LABEL_SIZE, baseline: "middle" }),
  );
  return svgDocument(
    d.width,
    d.height,
    title,
    `<defs>${defs}</defs>` +
      textElement(16, 28, title, { size: 16, weight: "bold" }) +
      columns.join("") +
      `<g class="edges">${lines.join("")}</g>` +
      `<g class="edge-labels">${labels.join("")}</g>` +
      `<g class="neurons">${nodes.join("")}</g>` +
      legend.join(""),
  );
}

/**
 * The network unrolled over `steps` columns with every connection W_jk drawn and labelled, and
 * the `highlight`ed edges drawn thick and coloured.
 */
export function networkDiagramFigure(options: NetworkDiagramOptions): Figure {
  assertOptions("options", options);
  assertText("title", options.title);
  const { n } = options;
  if (!Number.isInteger(n) || n < 1 || n > 6) {
    throw new RangeError(`n must be an integer in [1, 6], got ${JSON.stringify(n)}`);
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
  if (options.weights !== undefined) {
    const size = assertSquare("weights", options.weights);
    if (size !== n) {
      throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    }
  }
  const d = diagram({ ...options, steps, firstStep });
  const { data, annotations } = plotlyParts(d);
  // Data coordinates are pixel coordinates: x from the left edge, y downwards from the top.
  const hidden = { visible: false, fixedrange: true };
  const layout: PlotlyObject = {
    ...baseLayout(plotlyText(options.title), d.height, d.width),
    title: {
      text: plotlyText(options.title),
      font: { size: 16 },
      x: 16 / d.width,
      xanchor: "left",
      y: 1 - 28 / d.height,
      yanchor: "middle",
    },
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
    xaxis: { ...hidden, range: [0, d.width], domain: [0, 1] },
    yaxis: { ...hidden, range: [d.height, 0], domain: [0, 1] },
    showlegend: false,
    hovermode: "closest",
    annotations,
  };
  return {
    id: figureId(options.id, "networkDiagram", options.title, [data, layout]),
    kind: "networkDiagram",
    title: options.title,
    data,
    layout,
    staticSvg: networkSvg(options.title, d),
  };
}
