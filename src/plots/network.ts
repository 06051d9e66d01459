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
  DiagramLine,
  DiagramCircle,
  DiagramText,
  Point,
  Primitive,
  renderDiagram,
} from "./diagram";
import {
  Figure,
  assertOptionalText,
  assertOptions,
  assertText,
  checkInteger,
  checkOneOf,
  finishFigure,
  titleBlock,
} from "./figure";
import { toSubscript, toSuperscript } from "./labels";
import { MAX_FIGURE_WIDTH, MEANINGS, MEANING_COLORS, MIN_FONT_SIZE, Meaning } from "./style";
import { lineHeight, textWidth, wrapText } from "./svg";

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

/** The neurons drawn for `n`: all up to MAX_DRAWN_NEURONS, else the first two, the last, and
 * those the highlights name (at most MAX_DRAWN_NEURONS in all). */
function shownNeurons(n: number, highlights: Highlight[]): number[] {
  if (n <= MAX_DRAWN_NEURONS) return Array.from({ length: n }, (_, i) => i);
  const named = highlights.flatMap((h) => [h.from, h.to, h.sigmaOf ?? h.from]);
  const picked = [...new Set([...named, 0, 1, n - 1])].slice(0, MAX_DRAWN_NEURONS);
  return picked.sort((a, b) => a - b);
}

/** Text centred on `at` at the diagram's font size, or left-aligned from it. */
function text(name: string, at: Point, content: string, more: Partial<DiagramText> = {}) {
  const look = { size: SIZE, anchor: "middle", baseline: "middle" } as const;
  return { kind: "text", name, at, lines: [content], ...look, ...more } as DiagramText;
}

/** The picture: columns, σ nodes, edges, labels, neurons, "⋮" gaps, legend and notes. */
function diagram(options: NetworkDiagramOptions, steps: number, firstStep: number) {
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
  const nodes = stepIndices.flatMap((s) => shown.map((neuron) => nodeAt(s, neuron)));
  const [w, h] = SIGMA_SIZE;
  // σ where it acts: x_k → σ → a_k, the box outlined when a highlight takes this σ′.
  const sigmas = transitions.flatMap((s) =>
    shown.flatMap((neuron): Primitive[] => {
      const at = sigmaAt(s, neuron);
      const [x, a] = [state(neuron, s), `a${state(neuron, s).slice(1)}`];
      const outline = highlights.find((hl) => s === 0 && hl.sigmaOf === neuron)?.color;
      const [sx, sy] = at;
      return [
        {
          ...{ kind: "line", name: `to σ ${neuron + 1}`, from: nodeAt(s, neuron), to: at },
          ...{ gap: [RADIUS + 1, w / 2 + 1], color: NODE_STROKE, width: 1.5 },
        },
        {
          ...{ kind: "rect", name: `σ box ${neuron + 1}`, corner: [sx - w / 2, sy - h / 2] },
          ...{ size: SIGMA_SIZE, radius: 5, fill: "#fff8e6", stroke: outline ?? NODE_STROKE },
          ...{ width: outline ? 4 : 1.5, className: outline ? "sigma highlighted" : "sigma" },
        },
        text(`σ ${neuron + 1}`, at, "σ", {
          size: 16,
          color: INK,
          hover: `σ: ${a} = σ(${x}); its slope σ′(${x}) scales every edge leaving here`,
        }),
      ];
    }),
  );
  const edges: Edge[] = [];
  for (const s of transitions) {
    for (const j of shown) {
      for (const k of shown) {
        const hl = highlights.find((e) => s === 0 && e.from === k && e.to === j);
        if (summary && !hl) continue;
        // 1-based subscripts, with a comma once an index has two digits (as describeEntry does).
        const comma = j + 1 >= 10 || k + 1 >= 10 ? "," : "";
        const symbol = `W${toSubscript(String(j + 1))}${comma}${toSubscript(String(k + 1))}`;
        const weight = options.weights?.[j][k];
        const value = weight
          ?.toFixed(2)
          .replace(/^-0\.00$/, "0.00")
          .replace(/^-/, "−");
        const label = weight === undefined ? symbol : `${symbol} = ${value}`;
        edges.push({
          step: s,
          label,
          hover: `${label}: weight of σ(${state(k, s)}) in ${state(j, s + 1)}`,
          highlight: hl?.color,
          tail: sigmaAt(s, k),
          head: nodeAt(s + 1, j),
          at: [0, 0],
          box: [textWidth(label, SIZE) + 10, SIZE + 9],
        });
      }
    }
  }
  placeLabels(edges, [...nodes, ...sigmas.flatMap((p) => (p.kind === "text" ? [p.at] : []))]);
  // Plain edges first, highlighted ones (thick, coloured by meaning) on top.
  edges.sort((a, b) => Number(!!a.highlight) - Number(!!b.highlight));
  const name = (edge: Edge) => `${edge.label.split(" ")[0]} step ${edge.step}`;
  const arrows = edges.map(
    (edge): DiagramLine => ({
      ...{ kind: "line", name: `edge ${name(edge)}`, from: edge.tail, to: edge.head },
      ...{ gap: [w / 2 + 2, RADIUS + 2], color: edge.highlight ?? EDGE_COLOR },
      ...{
        width: edge.highlight ? 4 : 1.5,
        className: edge.highlight ? "edge highlighted" : "edge",
      },
    }),
  );
  const labels = edges.map((edge) =>
    text(`label ${name(edge)}`, edge.at, edge.label, {
      color: edge.highlight ?? "#333333",
      bold: !!edge.highlight,
      hover: edge.hover,
      box: { width: edge.box[0], height: edge.box[1], stroke: edge.highlight },
    }),
  );
  const neurons = stepIndices.flatMap((s) =>
    shown.map(
      (neuron): DiagramCircle => ({
        ...{ kind: "circle", name: "neurons", at: nodeAt(s, neuron), radius: RADIUS },
        ...{ fill: "#eef3fb", stroke: NODE_STROKE, label: state(neuron, s) },
        labelColor: INK,
        hover: `neuron ${neuron + 1} at t = ${firstStep + s}: ${state(neuron, s)}`,
      }),
    ),
  );
  const legendTop = y - ROW_GAP + RADIUS + 36;
  const legend = highlights.filter((hl) => hl.label);
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
  const notes = noteTexts.flatMap((note) => wrapText(note, SIZE, innerWidth - 40));
  const legendWidth = Math.max(0, ...legend.map((l) => textWidth(l.label ?? "", SIZE) + 60));
  const left = { anchor: "start" } as const;
  const items: Primitive[] = [
    ...stepIndices.map((s) =>
      text(`column t = ${firstStep + s}`, [columnX(s), top - RADIUS - 24], `t = ${firstStep + s}`, {
        size: 16,
        bold: true,
      }),
    ),
    ...sigmas,
    ...arrows,
    ...labels,
    ...neurons,
    ...stepIndices.flatMap((s) =>
      gapY.map((gy) => text("more neurons", [columnX(s), gy], "⋮", { size: 22 })),
    ),
    ...legend.flatMap(({ color, label = "" }, i): Primitive[] => {
      const ly = legendTop + i * LEGEND_ROW;
      const line = { kind: "line", name: label, from: [24, ly], to: [60, ly] } as const;
      return [{ ...line, color, width: 4 }, text("legend text", [70, ly], label, left)];
    }),
    ...notes.map((note, i) => text("note", [24, notesTop + i * lineHeight(SIZE)], note, left)),
  ];
  const width = Math.min(MAX_FIGURE_WIDTH, Math.max(innerWidth, legendWidth + 40));
  const height = notesTop + notes.length * lineHeight(SIZE) + 8;
  return { title, size: [width, height] as Point, items };
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
  const { title, size, items } = diagram(options, steps, firstStep);
  const parts = renderDiagram(options.title, title, size, items);
  return finishFigure("networkDiagram", options.id, options.title, parts);
}
