/**
 * The recap of the argument (CrossValidated answer 369441 on eq. (5) of Pascanu, Mikolov &
 * Bengio 2013): a 2×2 grid, matrix W D or Wᵀ D (D = diag(σ′(x⁽ⁱ⁻¹⁾))) × layout numerator or
 * denominator, each cell showing what that matrix, read in that layout, says the example entry
 * ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ is, and whether that is correct, the wrong edge, the wrong neuron, or both.
 *
 * Nothing in a cell is typed in: each cell is derived from the library's definitions, the very
 * ones `describeEntry` reads: where a layout stores ∂x_j/∂x_k (`layoutPosition`), the entry a
 * matrix holds there (`formEntry`), and what it gets wrong about the true derivative W_jk σ′(x_k)
 * (`entryErrors`, eq. (2) and the chain rule).
 */
import {
  FORM_INFO,
  LAYOUTS,
  Layout,
  READINGS,
  READING_INFO,
  Reading,
  entryErrors,
  formEntry,
  layoutPosition,
} from "../../core/forms";
import { Matrix, Vector, assertIndex, assertSquare, assertVector } from "../../shared/validate";
import { DiagramText, Point, Primitive, renderDiagram } from "./diagram";
import { Figure, assertOptions, assertIntegerOption, finishFigure, titleBlock } from "./figure";
import { partialLabel, weightTimesSigmaPrime } from "./labels";
import { MAX_FIGURE_WIDTH, MEANING_COLORS, MIN_FONT_SIZE, PANEL_TITLE_FONT_SIZE } from "./style";
import { lineHeight, wrapText } from "./svg";

const RECAP_FORMS = ["numerator", "paper"] as const;

export type RecapVerdict =
  | "correct"
  | "wrong edge"
  | "wrong neuron"
  | "wrong edge and wrong neuron";

/** What one cell of the recap says. Indices are 0-based. */
export interface RecapCell {
  form: (typeof RECAP_FORMS)[number];
  layout: Layout;
  /** The library reading this cell is, if any (the fourth cell is no one's reading). */
  reading?: Reading;
  /** Where ∂x_j/∂x_k sits in a matrix read in this layout: [row, col]. */
  position: [number, number];
  weight: { row: number; col: number };
  sigmaPrimeOf: number;
  verdict: RecapVerdict;
  /** "W₂₁ σ′(x₂⁽¹⁾)" */
  entry: string;
  /** The value, when weights and σ′ were given. */
  value?: number;
}

export interface ReadingsRecapOptions {
  /** W_rec and σ′(x⁽¹⁾) of two neurons: when given, each cell also shows the value it gives. */
  weights?: Matrix;
  sigmaPrime?: Vector;
  id?: string;
}

const ROW_MEANING = { numerator: "output neuron j", denominator: "input neuron k" };
/** The note under each row's matrix (its name is the form's, `FORM_INFO[form].text`). */
const FORM_NOTE = { numerator: "W diag(σ′)", paper: "as printed in eq. (5)" };

/**
 * The cells of the recap grid for ∂x_j⁽ˢᵗᵉᵖ⁾/∂x_k⁽ˢᵗᵉᵖ⁻¹⁾ of n neurons (0-based j, k), derived as
 * described in the module comment.
 */
export function readingsRecapCells(
  j = 0,
  k = 1,
  n = 2,
  step = 2,
  weights?: Matrix,
  sigmaPrime?: Vector,
): RecapCell[] {
  assertIntegerOption("n", n, 2, 4);
  assertIndex("j", j, n);
  assertIndex("k", k, n);
  if (j === k) {
    throw new RangeError(`j and k must differ (on the diagonal every reading agrees), got ${j}`);
  }
  assertIntegerOption("step", step, 1);
  if ((weights === undefined) !== (sigmaPrime === undefined)) {
    throw new TypeError("weights and sigmaPrime must be given together");
  }
  if (weights !== undefined) {
    const size = assertSquare("weights", weights);
    if (size !== n) throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    assertVector("sigmaPrime", sigmaPrime, n);
  }
  return RECAP_FORMS.flatMap((form) =>
    LAYOUTS.map((layout) => {
      const position = layoutPosition(layout, j, k);
      const { row, col, neuron } = formEntry(form, ...position);
      // The true derivative is W_jk σ′(x_k): which of the two does this entry get wrong?
      const { wrongEdge, wrongNeuron } = entryErrors({ row, col, neuron }, j, k);
      const wrong = [wrongEdge ? "wrong edge" : "", wrongNeuron ? "wrong neuron" : ""];
      const verdict = (wrong.filter(Boolean).join(" and ") || "correct") as RecapVerdict;
      const info = (r: Reading) => READING_INFO[r];
      const reading = READINGS.find((r) => info(r).form === form && info(r).layout === layout);
      return {
        form,
        layout,
        ...(reading ? { reading } : {}),
        position,
        weight: { row, col },
        sigmaPrimeOf: neuron,
        verdict,
        entry: weightTimesSigmaPrime(row + 1, col + 1, neuron + 1, step - 1).text,
        ...(weights && sigmaPrime ? { value: weights[row][col] * sigmaPrime[neuron] } : {}),
      };
    }),
  );
}

function explain(cell: RecapCell, j: number, k: number): string {
  const edge = `takes the weight of the edge ${cell.weight.col + 1} → ${cell.weight.row + 1}`;
  const neuron = `takes σ′ of neuron ${cell.sigmaPrimeOf + 1}`;
  switch (cell.verdict) {
    case "correct":
      return `edge ${k + 1} → ${j + 1} and σ′ of neuron ${k + 1}, as the chain rule gives`;
    case "wrong edge":
      return `${edge}, not ${k + 1} → ${j + 1}`;
    case "wrong neuron":
      return `${neuron}, not of input neuron ${k + 1}`;
    default:
      return `${edge} and ${neuron}`;
  }
}

const WIDTH = MAX_FIGURE_WIDTH;
const ROW_HEADER = 150;
const CELL_GAP = 12;
const SIZE = MIN_FONT_SIZE;
const BIG = PANEL_TITLE_FONT_SIZE;

/**
 * The 2×2 recap: matrix (W D, Wᵀ D) × layout (numerator, denominator), each cell with what it
 * says the example entry is and its verdict, coloured correct (blue) or wrong (vermilion).
 */
export function readingsRecapFigure(options: ReadingsRecapOptions = {}): Figure {
  assertOptions("options", options);
  // The answer's example: ∂x₁⁽²⁾/∂x₂⁽¹⁾ of two neurons.
  const [j, k, step] = [0, 1, 2];
  const cells = readingsRecapCells(j, k, 2, step, options.weights, options.sigmaPrime);
  const derivative = `${partialLabel(j + 1, String(step))}/${partialLabel(k + 1, String(step - 1))}`;
  const title = `Recap: what each matrix, read in each layout, says ${derivative} is`;
  const block = titleBlock(title, WIDTH);
  const headerTop = block.height + 4;
  const cellTop = headerTop + 2 * lineHeight(SIZE) + 10;
  const cellWidth = (WIDTH - ROW_HEADER - 32 - CELL_GAP) / 2;
  const wrap = (text: string, size = SIZE) => wrapText(text, size, cellWidth - 24);
  const lines = cells.map((cell) => {
    const value = cell.value === undefined ? "" : ` = ${cell.value.toFixed(4).replace(/^-/, "−")}`;
    const reading = cell.reading
      ? READING_INFO[cell.reading].title
      : `${FORM_INFO[cell.form].text} read in ${cell.layout} layout`;
    return {
      verdict: wrap(`${cell.verdict === "correct" ? "✓" : "✗"} ${cell.verdict}`, BIG),
      body: [
        ...wrap(`${derivative} = ${cell.entry}${value}`),
        ...wrap(explain(cell, j, k)),
        ...wrap(`(${reading})`),
      ],
    };
  });
  const verdictLines = Math.max(...lines.map((l) => l.verdict.length));
  const cellHeight =
    Math.max(...lines.map((l) => l.body.length)) * lineHeight(SIZE) +
    verdictLines * lineHeight(BIG) +
    28;
  const height = cellTop + 2 * cellHeight + CELL_GAP + 16;
  const cellX = (c: number) => ROW_HEADER + 16 + c * (cellWidth + CELL_GAP);
  const cellY = (r: number) => cellTop + r * (cellHeight + CELL_GAP);
  /** Lines of text hanging from (x, y), at the left or centred. */
  const text = (name: string, at: Point, lines: string[], size: number, more = {}): DiagramText => {
    const look = { size, anchor: "start", baseline: "hanging", bold: true } as const;
    return { kind: "text", name, at, lines, ...look, ...more };
  };
  const items: Primitive[] = [
    ...LAYOUTS.map((layout, c) => {
      const header = [`${layout} layout`, `row = ${ROW_MEANING[layout]}`];
      const at: Point = [cellX(c) + cellWidth / 2, headerTop];
      return text(`column ${layout}`, at, header, SIZE, { anchor: "middle" });
    }),
    ...RECAP_FORMS.map((form, r) => {
      const header = [FORM_INFO[form].text, ...wrapText(FORM_NOTE[form], BIG, ROW_HEADER - 8)];
      return text(`row ${form}`, [16, cellY(r) + cellHeight / 2 - lineHeight(BIG)], header, BIG);
    }),
    ...cells.flatMap((cell, i): Primitive[] => {
      const correct = cell.verdict === "correct";
      const color = correct ? MEANING_COLORS.correct : MEANING_COLORS.printed;
      const [x, y] = [cellX(i % 2), cellY(Math.floor(i / 2))]; // forms by row, layouts by column
      const className = `recap-cell ${correct ? "correct" : "wrong"}`;
      const box = { corner: [x, y], size: [cellWidth, cellHeight], radius: 6, width: 3 } as const;
      const fill = correct ? "#e8f1f8" : "#fbeee6";
      const bodyTop = y + 16 + verdictLines * lineHeight(BIG);
      return [
        { kind: "rect", name: `cell ${cell.verdict}`, ...box, fill, stroke: color, className },
        text(`verdict ${i}`, [x + 12, y + 10], lines[i].verdict, BIG, { color }),
        text(`entry ${i}`, [x + 12, bodyTop], lines[i].body, SIZE, { bold: false }),
      ];
    }),
  ];
  const parts = renderDiagram(title, block, [WIDTH, height], items);
  return finishFigure("readingsRecap", options.id, title, parts, [cells]);
}
