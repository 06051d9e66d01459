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
import { Matrix, assertIndex, assertSquare } from "../../shared/validate";
import { DiagramLine, DiagramText, Point, Primitive, renderDiagram } from "./diagram";
import {
  Figure,
  assertOptionalText,
  assertOptions,
  assertText,
  assertIntegerOption,
  assertOptionalOneOf,
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

function assertHighlights(highlight: unknown, n: number) {
  if (highlight === undefined) return [];
  if (!Array.isArray(highlight)) {
    throw new TypeError(`highlight must be an array of edges, got ${typeof highlight}`);
  }
  return highlight.map((h: EdgeHighlight, i) => {
    const name = `highlight[${i}]`;
    assertOptions(name, h);
    assertIndex(`${name}.from`, h.from, n);
    assertIndex(`${name}.to`, h.to, n);
    const meaning = assertOptionalOneOf(`${name}.meaning`, h.meaning, MEANINGS) ?? "printed";
    if (h.sigmaOf !== undefined) assertIndex(`${name}.sigmaOf`, h.sigmaOf, n);
    assertOptionalText(`${name}.label`, h.label);
    const { from, to, label, sigmaOf } = h;
    return { from, to, color: MEANING_COLORS[meaning], label, sigmaOf };
  });
}

type Highlight = ReturnType<typeof assertHighlights>[number];

/** An edge W_jk: its arrow, and its label with the box `placeLabels` keeps clear. */
interface Edge {
  arrow: DiagramLine;
  label: DiagramText & { box: { width: number; height: number } };
}

/**
 * Puts each label on its own edge at a fraction of the way from source to target, choosing per
 * edge the candidate fraction whose box overlaps the already placed boxes and the neurons least.
 * Highlighted (bold) labels go first, so they get the best places. Where arrows cross (W₁₂ and
 * W₂₁), their labels end up at different fractions and so do not cover each other.
 */
function placeLabels(edges: Edge[], nodes: Point[]): void {
  const fractions = [0.3, 0.7, 0.22, 0.78, 0.4, 0.6, 0.16, 0.84, 0.5];
  const node = { width: 2 * RADIUS + 6, height: 2 * RADIUS + 6 };
  type Box = { at: Point; width: number; height: number };
  const placed: Box[] = nodes.map((at) => ({ at, ...node }));
  const overlap = (a: Box, b: Box) => {
    const dx = (a.width + b.width) / 2 - Math.abs(a.at[0] - b.at[0]);
    const dy = (a.height + b.height) / 2 - Math.abs(a.at[1] - b.at[1]);
    return dx > 0 && dy > 0 ? dx * dy : 0;
  };
  for (const { arrow, label } of [...edges].sort((a, b) => +!!b.label.bold - +!!a.label.bold)) {
    const [[x1, y1], [x2, y2]] = [arrow.from, arrow.to];
    const along = (f: number): Point => [x1 + f * (x2 - x1), y1 + f * (y2 - y1)];
    // A slight preference for the source end, where arrows fan out.
    const cost = (f: number) =>
      placed.reduce((sum, box) => sum + overlap({ at: along(f), ...label.box }, box), 0) +
      Math.abs(f - 0.3);
    label.at = along(fractions.reduce((best, f) => (cost(f) < cost(best) ? f : best)));
    placed.push({ at: label.at, ...label.box });
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

/** Text centred on `at` at the diagram's font size, or as `more` says. */
function text(name: string, at: Point, content: string, more: Partial<DiagramText> = {}) {
  const look = { size: SIZE, anchor: "middle", baseline: "middle" } as const;
  return { kind: "text", name, at, lines: [content], ...look, ...more } as DiagramText;
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
  const n = assertIntegerOption("n", options.n, 1);
  const steps = assertIntegerOption("steps", options.steps, 2, 4, 2);
  const firstStep = assertIntegerOption("firstStep", options.firstStep, 0, undefined, 1);
  if (options.weights !== undefined) {
    const size = assertSquare("weights", options.weights);
    if (size !== n) {
      throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    }
  }
  const highlights = assertHighlights(options.highlight, n);
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
  const [w, h] = SIGMA_SIZE;
  // σ where it acts, x_k → σ → a_k; its box is outlined when a highlight takes its σ′.
  const sigmas = transitions.flatMap((s) =>
    shown.flatMap((neuron): Primitive[] => {
      const [at, x] = [sigmaAt(s, neuron), state(neuron, s)];
      const outline = highlights.find((hl) => s === 0 && hl.sigmaOf === neuron)?.color;
      const into = { from: nodeAt(s, neuron), to: at, gap: [RADIUS + 1, w / 2 + 1] } as const;
      const look = { fill: "#fff8e6", stroke: outline ?? NODE_STROKE, width: outline ? 4 : 1.5 };
      const className = outline ? "sigma highlighted" : "sigma";
      const box = { corner: [at[0] - w / 2, at[1] - h / 2], size: SIGMA_SIZE, radius: 5 } as const;
      const hover = `σ: a${x.slice(1)} = σ(${x}); its slope σ′(${x}) scales every edge leaving here`;
      return [
        { kind: "line", name: `to σ ${neuron + 1}`, ...into, color: NODE_STROKE, width: 1.5 },
        { kind: "rect", name: `σ box ${neuron + 1}`, ...box, ...look, className },
        text(`σ ${neuron + 1}`, at, "σ", { size: 16, color: INK, hover }),
      ];
    }),
  );
  const edges: Edge[] = [];
  for (const s of transitions) {
    for (const j of shown) {
      for (const k of shown) {
        const color = highlights.find((e) => s === 0 && e.from === k && e.to === j)?.color;
        if (summary && !color) continue;
        // 1-based subscripts, with a comma once an index has two digits (as describeEntry does).
        const comma = j + 1 >= 10 || k + 1 >= 10 ? "," : "";
        const symbol = `W${toSubscript(String(j + 1))}${comma}${toSubscript(String(k + 1))}`;
        const weight = options.weights?.[j][k];
        const value = weight
          ?.toFixed(2)
          .replace(/^-0\.00$/, "0.00")
          .replace(/^-/, "−");
        const label = weight === undefined ? symbol : `${symbol} = ${value}`;
        const hover = `${label}: weight of σ(${state(k, s)}) in ${state(j, s + 1)}`;
        const box = { width: textWidth(label, SIZE) + 10, height: SIZE + 9, stroke: color };
        const ends = {
          from: sigmaAt(s, k),
          to: nodeAt(s + 1, j),
          gap: [w / 2 + 2, RADIUS + 2],
        } as const;
        const look = { color: color ?? EDGE_COLOR, width: color ? 4 : 1.5 };
        const className = color ? "edge highlighted" : "edge";
        edges.push({
          arrow: { kind: "line", name: `edge ${symbol} step ${s}`, ...ends, ...look, className },
          label: {
            ...text(`label ${symbol} step ${s}`, [0, 0], label, { color: color ?? "#333333" }),
            ...{ bold: !!color, hover, box },
          },
        });
      }
    }
  }
  const nodes = stepIndices.flatMap((s) => shown.map((neuron) => nodeAt(s, neuron)));
  placeLabels(edges, [...nodes, ...transitions.flatMap((s) => shown.map((k) => sigmaAt(s, k)))]);
  // Plain edges first, highlighted ones (thick, coloured by meaning) on top; labels above both.
  edges.sort((a, b) => +!!a.label.bold - +!!b.label.bold);
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
    ...stepIndices.map((s) => {
      const [at, column] = [[columnX(s), top - RADIUS - 24] as const, `t = ${firstStep + s}`];
      return text(`column ${column}`, at, column, { size: 16, bold: true });
    }),
    ...sigmas,
    ...edges.map((edge) => edge.arrow),
    ...edges.map((edge) => edge.label),
    {
      ...{ kind: "circles", name: "neurons", radius: RADIUS, fill: "#eef3fb" },
      ...{ stroke: NODE_STROKE, labelColor: INK },
      circles: stepIndices.flatMap((s) =>
        shown.map((neuron) => ({
          at: nodeAt(s, neuron),
          label: state(neuron, s),
          hover: `neuron ${neuron + 1} at t = ${firstStep + s}: ${state(neuron, s)}`,
        })),
      ),
    },
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
  const parts = renderDiagram(options.title, title, [width, height], items);
  return finishFigure("networkDiagram", options.id, options.title, parts);
}
