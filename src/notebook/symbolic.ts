/**
 * The forms of `core/forms.ts` written out as symbols: one entry of a reading as text and TeX
 * (`describeEntry`, e.g. W₁₂ σ′(x₂⁽¹⁾)), and symbolic matrices as LaTeX for any n: the Jacobian
 * ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ entry by entry in both layouts, and the element forms of each reading's matrix
 * (W·diag(σ′), diag(σ′)·Wᵀ and the paper's Wᵀ·diag(σ′) of eq. (5)). The TeX functions return the
 * bare TeX of one expression (no $), for `showLatex`, as an amsmath bmatrix, which MathJax and
 * KaTeX render.
 */
import { LAYOUTS, Layout, READINGS, Reading, layoutPosition, readingEntry } from "../core/forms";
import { assertWeightsAndDerivative } from "../checked/jacobians";
import { StepLabel, previousStep, weightTimesSigmaPrime } from "./plots/labels";
import {
  Matrix,
  Vector,
  assertIndex,
  assertIntegerIn,
  assertMatrix,
  assertOneOf,
  assertPositiveInteger,
  shapeOf,
} from "../shared/validate";

/** Which derivative ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ of n neurons to describe (0-based j, k) in which reading. */
export interface EntryQuestion {
  reading: Reading;
  j: number;
  k: number;
  n: number;
  /** How step i−1 is labelled in the text: a number (e.g. 1) or text; default "i-1". */
  previousStep?: number | string;
}

/**
 * What one reading says ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ is: the reading stores the derivative at (j, k) in
 * numerator layout, at (k, j) in denominator layout, and `formEntry` says which weight
 * W[row][col] and which σ′ its matrix holds there. Indices are 0-based; text and TeX 1-based.
 * One argument of named options:
 * `describeEntry({ reading: "paperNumerator", j: 0, k: 1, n: 2, previousStep: 1 })`.
 */
export function describeEntry(question: EntryQuestion) {
  if (typeof question !== "object" || question === null) {
    throw new TypeError(
      `question must be an object { reading, j, k, n, previousStep? }, got ${String(question)}`,
    );
  }
  const { reading, j, k, n, previousStep } = question;
  assertOneOf("reading", reading, READINGS);
  assertPositiveInteger("n", n);
  assertIndex("j", j, n);
  assertIndex("k", k, n);
  const { matrixEntry, correct, ...e } = readingEntry(reading, j, k);
  return {
    reading,
    j,
    k,
    /** The weight the reading multiplies, W[row][col], and the neuron whose σ′ it takes. */
    weight: { row: e.row, col: e.col },
    sigmaPrimeOf: e.neuron,
    /** Where the reading stores ∂x_j/∂x_k in its matrix: [row, col]. */
    matrixEntry,
    /** Whether this is the true derivative W_jk σ′(x_k). */
    correct,
    /** e.g. "W₁₂ σ′(x₂⁽¹⁾)" and "W_{12}\,\sigma'(x_2^{(1)})" */
    ...weightTimesSigmaPrime(e.row + 1, e.col + 1, e.neuron + 1, previousStep ?? "i-1"),
  };
}

export type EntryDescription = ReturnType<typeof describeEntry>;

/** The value a reading gives ∂x_j/∂x_k, from W and s = σ′(x⁽ⁱ⁻¹⁾): W[row][col]·s[neuron]. */
export function entryValue(
  description: EntryDescription,
  wRec: Matrix,
  sigmaPrime: Vector,
): number {
  const n = assertWeightsAndDerivative(wRec, sigmaPrime);
  const { weight, sigmaPrimeOf } = description;
  const indices = { "weight.row": weight.row, "weight.col": weight.col, sigmaPrimeOf };
  for (const [name, index] of Object.entries(indices)) {
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(
        `description.${name} = ${index} lies outside wRec (${shapeOf(wRec)}): describe the entry with n = ${n}`,
      );
    }
  }
  return wRec[weight.row][weight.col] * sigmaPrime[sigmaPrimeOf];
}

/** TeX matrices stop being readable (and MathJax slows down) long before this size. */
const MAX_TEX_N = 20;
/** Hover text is one string per cell; a figure with 500² cells is already unusable. */
const MAX_TEXT_N = 500;

function grid<T>(n: number, entry: (row: number, col: number) => T): T[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => entry(r, c)));
}

/** A bmatrix around entries that are already TeX: rows split by \\, cells by &. */
function texMatrix(entries: string[][]): string {
  return `\\begin{bmatrix}\n${entries.map((row) => row.join(" & ")).join(" \\\\\n")}\n\\end{bmatrix}`;
}

const stateTex = (neuron: number, step: string) => `x_{${neuron}}^{(${step})}`;

/**
 * The Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ as a matrix of partial derivatives. Numerator layout: entry (j, k) is
 * ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ (a row per output). Denominator layout: the transpose, entry (k, j) is the same
 * derivative (a row per input). `step` is i: "i" or a number (2 gives x⁽²⁾ over x⁽¹⁾).
 */
export function jacobianSymbolsTex(n: number, layout: Layout, step: StepLabel = "i"): string {
  assertIntegerIn("n", n, 1, MAX_TEX_N);
  assertOneOf("layout", layout, LAYOUTS);
  const derivative = (j: number, k: number) =>
    `\\frac{\\partial ${stateTex(j + 1, String(step))}}{\\partial ${stateTex(k + 1, previousStep(step))}}`;
  return texMatrix(grid(n, (r, c) => derivative(...layoutPosition(layout, r, c))));
}

/** For each matrix position (r, c) of `reading`'s matrix, the entry `describeEntry` puts there. */
function formEntries(n: number, reading: Reading, step: StepLabel, max: number) {
  assertIntegerIn("n", n, 1, max);
  assertOneOf("reading", reading, READINGS);
  const before = previousStep(step);
  const time = typeof step === "number" ? step - 1 : before;
  const cells: { tex: string; text: string }[][] = grid(n, () => ({ tex: "", text: "" }));
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) {
      const entry = describeEntry({ reading, j, k, n, previousStep: time });
      const [r, c] = entry.matrixEntry;
      cells[r][c] = { tex: entry.tex, text: entry.text };
    }
  }
  return cells;
}

/**
 * The element form of each entry of the matrix a reading uses, e.g. for "numerator" (W·diag(σ′))
 * entry (j, k) is W_{jk}σ′(x_k⁽ⁱ⁻¹⁾); for "paperNumerator" (Wᵀ·diag(σ′)) it is W_{kj}σ′(x_k⁽ⁱ⁻¹⁾).
 * The two paper readings are the same matrix and give the same TeX.
 */
export function formEntriesTex(n: number, reading: Reading, step: StepLabel = "i"): string {
  return texMatrix(formEntries(n, reading, step, MAX_TEX_N).map((row) => row.map((e) => e.tex)));
}

/**
 * The same entries as Unicode text ("W₂₁ σ′(x₂⁽¹⁾)"), as hover text for a heatmap of the matrix;
 * for any n a heatmap can show (up to 500), not only the sizes a TeX matrix suits.
 */
export function formEntriesText(n: number, reading: Reading, step: StepLabel = "i"): string[][] {
  return formEntries(n, reading, step, MAX_TEXT_N).map((row) => row.map((e) => e.text));
}

/**
 * A numeric matrix with `digits` decimals (default 3), e.g. for the values of W·diag(σ′) next to
 * its symbolic form. "-0.000" is written as "0.000".
 */
export function matrixTex(values: Matrix, digits = 3): string {
  assertMatrix("values", values);
  assertIntegerIn("digits", digits, 0, 12);
  const cell = (value: number) => {
    const text = value.toFixed(digits);
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  };
  return texMatrix(values.map((row) => row.map(cell)));
}
