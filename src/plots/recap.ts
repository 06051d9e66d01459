/**
 * The recap of the argument (CrossValidated answer 369441 on eq. (5) of Pascanu, Mikolov &
 * Bengio 2013): a 2×2 grid, matrix W D or Wᵀ D (D = diag(σ′(x⁽ⁱ⁻¹⁾))) × layout numerator or
 * denominator, each cell showing what that matrix, read in that layout, says the example entry
 * ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ is, and whether that is correct, the wrong edge, the wrong neuron, or both.
 *
 * Nothing in a cell is typed in: each cell is derived from the library's definitions
 * (READING_INFO, describeEntry). The entries of the matrix W D or Wᵀ D are named position by
 * position by a reading that uses it; the position where a layout stores ∂x_j/∂x_k comes from the
 * correct reading in that layout; the verdict compares the entry found there with the true
 * derivative W_jk σ′(x_k). Where the cell is itself one of the library's readings, the entry is
 * checked against `describeEntry` for that reading, so the figure cannot disagree with it.
 */
import {
  JacobianForm,
  READINGS,
  READING_INFO,
  Reading,
  describeEntry,
  weightTimesSigmaPrime,
} from "../jacobian";
import { Matrix, Vector, assertIndex, assertSquare, assertVector } from "../validate";
import {
  Figure,
  PlotlyObject,
  assertOptions,
  baseLayout,
  figureId,
  finishFigure,
  titleBlock,
  titleSvgLines,
} from "./figure";
import { partialLabel, plotlyText } from "./labels";
import {
  MAX_FIGURE_WIDTH,
  MEANING_COLORS,
  MIN_FONT_SIZE,
  PANEL_TITLE_FONT_SIZE,
  TITLE_FONT_SIZE,
  lineHeight,
  wrapText,
} from "./style";
import { element, svgDocument, textElement } from "./svg";

export type Layout = "numerator" | "denominator";
export const RECAP_FORMS = ["numerator", "paper"] as const;
export const RECAP_LAYOUTS = ["numerator", "denominator"] as const;

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
  /** Output neuron j and input neuron k (0-based; default the answer's example j = 0, k = 1). */
  j?: number;
  k?: number;
  /** Neurons (default 2, the answer's example; at most 4). */
  n?: number;
  /** The step i of ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ (default 2, as in the answer's ∂x₁⁽²⁾/∂x₂⁽¹⁾). */
  step?: number;
  /** W_rec and σ′(x⁽ⁱ⁻¹⁾): when given, each cell also shows the value it gives. */
  weights?: Matrix;
  sigmaPrime?: Vector;
  title?: string;
  id?: string;
}

const FORM_TEXT: Record<(typeof RECAP_FORMS)[number], { name: string; note: string }> = {
  numerator: { name: "W D", note: "W diag(σ′)" },
  paper: { name: "Wᵀ D", note: "as printed in eq. (5)" },
};

/**
 * Which W entry and which σ′ the matrix of `form` holds at each position, from the library's own
 * description of a reading that uses that matrix: such a reading puts ∂x_j/∂x_k (as it sees it)
 * at `matrixEntry`, so every position of the matrix is named once.
 */
function decodeForm(
  form: JacobianForm,
  n: number,
): { row: number; col: number; neuron: number }[][] {
  const reading = READINGS.find((r) => READING_INFO[r].form === form);
  if (!reading) throw new Error(`recap: no reading uses the form ${form}`);
  const held: { row: number; col: number; neuron: number }[][] = Array.from(
    { length: n },
    () => new Array(n),
  );
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const entry = describeEntry(reading, j, k, n);
      const [r, c] = entry.matrixEntry;
      held[r][c] = { row: entry.weight.row, col: entry.weight.col, neuron: entry.sigmaPrimeOf };
    }
  }
  return held;
}

/** The cells of the recap grid, derived as described in the module comment. */
export function readingsRecapCells(
  j = 0,
  k = 1,
  n = 2,
  step = 2,
  weights?: Matrix,
  sigmaPrime?: Vector,
): RecapCell[] {
  if (!Number.isInteger(n) || n < 2 || n > 4) {
    throw new RangeError(`n must be an integer in [2, 4], got ${JSON.stringify(n)}`);
  }
  assertIndex("j", j, n);
  assertIndex("k", k, n);
  if (j === k) {
    throw new RangeError(`j and k must differ (on the diagonal every reading agrees), got ${j}`);
  }
  if (!Number.isInteger(step) || step < 1) {
    throw new RangeError(`step must be a positive integer, got ${JSON.stringify(step)}`);
  }
  if ((weights === undefined) !== (sigmaPrime === undefined)) {
    throw new TypeError("weights and sigmaPrime must be given together");
  }
  if (weights !== undefined) {
    const size = assertSquare("weights", weights);
    if (size !== n) throw new RangeError(`weights must be n×n = ${n}×${n}, got ${size}×${size}`);
    assertVector("sigmaPrime", sigmaPrime, n);
  }
  const truth = describeEntry("numerator", j, k, n, step - 1);
  return RECAP_FORMS.flatMap((form) =>
    RECAP_LAYOUTS.map((layout) => {
      // Where a layout stores ∂x_j/∂x_k: from the library's correct reading in that layout.
      const correctReading = READINGS.find(
        (r) => READING_INFO[r].layout === layout && describeEntry(r, j, k, n).correct,
      ) as Reading;
      const position = describeEntry(correctReading, j, k, n).matrixEntry;
      const held = decodeForm(form, n)[position[0]][position[1]];
      const weight = { row: held.row, col: held.col };
      const edgeRight = weight.row === truth.weight.row && weight.col === truth.weight.col;
      const neuronRight = held.neuron === truth.sigmaPrimeOf;
      const verdict: RecapVerdict =
        edgeRight && neuronRight
          ? "correct"
          : !edgeRight && !neuronRight
            ? "wrong edge and wrong neuron"
            : edgeRight
              ? "wrong neuron"
              : "wrong edge";
      const reading = READINGS.find(
        (r) => READING_INFO[r].form === form && READING_INFO[r].layout === layout,
      );
      if (reading) {
        const defined = describeEntry(reading, j, k, n);
        if (
          defined.weight.row !== weight.row ||
          defined.weight.col !== weight.col ||
          defined.sigmaPrimeOf !== held.neuron
        ) {
          throw new Error(
            `recap: the ${reading} reading's matrix holds W[${weight.row}][${weight.col}]σ′[${held.neuron}] for ∂x_${j + 1}/∂x_${k + 1}, but describeEntry says W[${defined.weight.row}][${defined.weight.col}]σ′[${defined.sigmaPrimeOf}]`,
          );
        }
      }
      return {
        form,
        layout,
        ...(reading ? { reading } : {}),
        position,
        weight,
        sigmaPrimeOf: held.neuron,
        verdict,
        entry: weightTimesSigmaPrime(weight.row + 1, weight.col + 1, held.neuron + 1, step - 1)
          .text,
        ...(weights && sigmaPrime
          ? { value: weights[weight.row][weight.col] * sigmaPrime[held.neuron] }
          : {}),
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

function readingName(cell: RecapCell): string {
  return cell.reading
    ? READING_INFO[cell.reading].title
    : `${FORM_TEXT[cell.form].name} read in ${cell.layout} layout`;
}

const WIDTH = MAX_FIGURE_WIDTH;
const ROW_HEADER = 150;
const CELL_GAP = 12;

/**
 * The 2×2 recap: matrix (W D, Wᵀ D) × layout (numerator, denominator), each cell with what it
 * says the example entry is and its verdict, coloured correct (blue) or wrong (vermilion).
 */
export function readingsRecapFigure(options: ReadingsRecapOptions = {}): Figure {
  assertOptions("options", options);
  const j = options.j ?? 0;
  const k = options.k ?? 1;
  const n = options.n ?? 2;
  const step = options.step ?? 2;
  const cells = readingsRecapCells(j, k, n, step, options.weights, options.sigmaPrime);
  const derivative = `${partialLabel(j + 1, String(step))}/${partialLabel(k + 1, String(step - 1))}`;
  const title =
    options.title ?? `Recap: what each matrix, read in each layout, says ${derivative} is`;
  const block = titleBlock(title, WIDTH);
  const headerTop = block.height + 4;
  const cellTop = headerTop + 2 * lineHeight(MIN_FONT_SIZE) + 10;
  const cellWidth = (WIDTH - ROW_HEADER - 32 - CELL_GAP) / 2;
  const textWidthMax = cellWidth - 24;
  const lines = cells.map((cell) => {
    const value = cell.value === undefined ? "" : ` = ${cell.value.toFixed(4).replace(/^-/, "−")}`;
    return {
      verdict: wrapText(
        `${cell.verdict === "correct" ? "✓" : "✗"} ${cell.verdict}`,
        PANEL_TITLE_FONT_SIZE,
        textWidthMax,
      ),
      body: [
        ...wrapText(`${derivative} = ${cell.entry}${value}`, MIN_FONT_SIZE, textWidthMax),
        ...wrapText(explain(cell, j, k), MIN_FONT_SIZE, textWidthMax),
        ...wrapText(`(${readingName(cell)})`, MIN_FONT_SIZE, textWidthMax),
      ],
    };
  });
  const verdictLines = Math.max(...lines.map((l) => l.verdict.length));
  const cellHeight =
    Math.max(...lines.map((l) => l.body.length)) * lineHeight(MIN_FONT_SIZE) +
    verdictLines * lineHeight(PANEL_TITLE_FONT_SIZE) +
    28;
  const height = cellTop + 2 * cellHeight + CELL_GAP + 16;
  const cellX = (c: number) => ROW_HEADER + 16 + c * (cellWidth + CELL_GAP);
  const cellY = (r: number) => cellTop + r * (cellHeight + CELL_GAP);
  const svg: string[] = [
    titleSvgLines(block, (y, line) =>
      textElement(16, y, line, { size: TITLE_FONT_SIZE, weight: "bold" }),
    ),
  ];
  const annotations: PlotlyObject[] = [];
  const shapes: PlotlyObject[] = [];
  const text = (
    name: string,
    x: number,
    y: number,
    content: string[],
    size: number,
    anchor: "start" | "middle",
    bold = false,
    color = "#222222",
  ) => {
    content.forEach((line, i) =>
      svg.push(
        textElement(x, y + i * lineHeight(size), line, {
          size,
          anchor,
          baseline: "hanging",
          weight: bold ? "bold" : "normal",
          fill: color,
        }),
      ),
    );
    annotations.push({
      name,
      x,
      y,
      xref: "x",
      yref: "y",
      xanchor: anchor === "middle" ? "center" : "left",
      yanchor: "top",
      align: anchor === "middle" ? "center" : "left",
      text: content
        .map((line) => (bold ? `<b>${plotlyText(line)}</b>` : plotlyText(line)))
        .join("<br>"),
      showarrow: false,
      font: { size, color },
    });
  };
  RECAP_LAYOUTS.forEach((layout, c) => {
    const header = [
      `${layout} layout`,
      layout === "numerator" ? "row = output neuron j" : "row = input neuron k",
    ];
    text(
      `column ${layout}`,
      cellX(c) + cellWidth / 2,
      headerTop,
      header,
      MIN_FONT_SIZE,
      "middle",
      true,
    );
  });
  RECAP_FORMS.forEach((form, r) => {
    text(
      `row ${form}`,
      16,
      cellY(r) + cellHeight / 2 - lineHeight(PANEL_TITLE_FONT_SIZE),
      [
        FORM_TEXT[form].name,
        ...wrapText(FORM_TEXT[form].note, PANEL_TITLE_FONT_SIZE, ROW_HEADER - 8),
      ],
      PANEL_TITLE_FONT_SIZE,
      "start",
      true,
    );
  });
  cells.forEach((cell, i) => {
    const r = RECAP_FORMS.indexOf(cell.form);
    const c = RECAP_LAYOUTS.indexOf(cell.layout);
    const color = cell.verdict === "correct" ? MEANING_COLORS.correct : MEANING_COLORS.printed;
    const fill = cell.verdict === "correct" ? "#e8f1f8" : "#fbeee6";
    const [x, y] = [cellX(c), cellY(r)];
    svg.push(
      element("rect", {
        class: `recap-cell ${cell.verdict === "correct" ? "correct" : "wrong"}`,
        x,
        y,
        width: cellWidth,
        height: cellHeight,
        rx: 6,
        fill,
        stroke: color,
        "stroke-width": 3,
      }),
    );
    shapes.push({
      type: "rect",
      xref: "x",
      yref: "y",
      x0: x,
      x1: x + cellWidth,
      y0: y,
      y1: y + cellHeight,
      line: { color, width: 3 },
      fillcolor: fill,
      layer: "below",
      name: `cell ${cell.verdict}`,
    });
    text(
      `verdict ${i}`,
      x + 12,
      y + 10,
      lines[i].verdict,
      PANEL_TITLE_FONT_SIZE,
      "start",
      true,
      color,
    );
    text(
      `entry ${i}`,
      x + 12,
      y + 16 + verdictLines * lineHeight(PANEL_TITLE_FONT_SIZE),
      lines[i].body,
      MIN_FONT_SIZE,
      "start",
    );
  });
  const hidden = { visible: false, fixedrange: true };
  const layout: PlotlyObject = {
    ...baseLayout(block, height, WIDTH),
    margin: { l: 0, r: 0, t: 0, b: 0, pad: 0 },
    xaxis: { ...hidden, range: [0, WIDTH], domain: [0, 1] },
    yaxis: { ...hidden, range: [height, 0], domain: [0, 1] },
    showlegend: false,
    annotations,
    shapes,
  };
  // One invisible trace so plotly sets up the axes the shapes and annotations refer to.
  const data: PlotlyObject[] = [
    {
      type: "scatter",
      mode: "markers",
      x: [0],
      y: [0],
      marker: { opacity: 0 },
      hoverinfo: "skip",
      showlegend: false,
    },
  ];
  return finishFigure({
    id: figureId(options.id, "readingsRecap", title, [cells]),
    kind: "readingsRecap",
    title,
    data,
    layout,
    staticSvg: svgDocument(WIDTH, height, title, svg.join("")),
  });
}
