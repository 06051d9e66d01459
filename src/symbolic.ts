/**
 * Symbolic matrices as LaTeX for any n: the Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ entry by entry in both
 * layouts, and the element forms of each reading's matrix (from `describeEntry`: W·diag(σ′),
 * diag(σ′)·Wᵀ and the paper's Wᵀ·diag(σ′) of eq. (5)). Each function returns the bare TeX of one
 * expression (no $), for `showLatex`, as an amsmath bmatrix, which MathJax and KaTeX render.
 */
import { READINGS, Reading, describeEntry } from "./core/forms";
import { StepLabel, previousStep } from "./plots/labels";
import { Matrix, assertIntegerIn, assertMatrix, assertOneOf } from "./validate";

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
export function jacobianSymbolsTex(
  n: number,
  layout: "numerator" | "denominator",
  step: StepLabel = "i",
): string {
  assertIntegerIn("n", n, 1, MAX_TEX_N);
  assertOneOf("layout", layout, ["numerator", "denominator"] as const);
  const derivative = (j: number, k: number) =>
    `\\frac{\\partial ${stateTex(j + 1, String(step))}}{\\partial ${stateTex(k + 1, previousStep(step))}}`;
  return texMatrix(
    grid(n, (r, c) => (layout === "numerator" ? derivative(r, c) : derivative(c, r))),
  );
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
      const entry = describeEntry(reading, j, k, n, time);
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
