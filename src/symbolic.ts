/**
 * Symbolic matrices as LaTeX for any n: the Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ entry by entry in both
 * layouts, the element forms of each reading's matrix (from `describeEntry`: W·diag(σ′),
 * diag(σ′)·Wᵀ and the paper's Wᵀ·diag(σ′) of eq. (5)), and W, Wᵀ, diag(σ′) themselves.
 * Each function returns the bare TeX of one expression (no $), for `showLatex`; matrices use
 * amsmath's bmatrix or pmatrix, which MathJax and KaTeX render.
 */
import { READINGS, Reading, describeEntry } from "./core/forms";
import { StepLabel, previousStep } from "./plots/labels";
import { Matrix, assertIntegerIn, assertMatrix, assertOneOf } from "./validate";

export const MATRIX_ENVIRONMENTS = ["bmatrix", "pmatrix"] as const;
export type MatrixEnvironment = (typeof MATRIX_ENVIRONMENTS)[number];

/** TeX matrices stop being readable (and MathJax slows down) long before this size. */
const MAX_TEX_N = 20;
/** Hover text is one string per cell; a figure with 500² cells is already unusable. */
const MAX_TEXT_N = 500;

const checkN = (n: number, max = MAX_TEX_N) => assertIntegerIn("n", n, 1, max);

function grid<T>(n: number, entry: (row: number, col: number) => T): T[][] {
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => entry(r, c)));
}

/** A matrix environment around entries that are already TeX: rows split by \\, cells by &. */
export function texMatrix(entries: string[][], env: MatrixEnvironment = "bmatrix"): string {
  assertOneOf("env", env, MATRIX_ENVIRONMENTS);
  if (
    !Array.isArray(entries) ||
    entries.length === 0 ||
    !entries.every((row) => Array.isArray(row) && row.length === entries[0].length) ||
    entries[0].length === 0 ||
    !entries.flat().every((cell) => typeof cell === "string")
  ) {
    throw new TypeError("entries must be a non-empty rectangular array of TeX strings");
  }
  const rows = entries.map((row) => row.join(" & ")).join(" \\\\\n");
  return `\\begin{${env}}\n${rows}\n\\end{${env}}`;
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
  env: MatrixEnvironment = "bmatrix",
): string {
  checkN(n);
  assertOneOf("layout", layout, ["numerator", "denominator"] as const);
  const derivative = (j: number, k: number) =>
    `\\frac{\\partial ${stateTex(j + 1, String(step))}}{\\partial ${stateTex(k + 1, previousStep(step))}}`;
  return texMatrix(
    grid(n, (r, c) => (layout === "numerator" ? derivative(r, c) : derivative(c, r))),
    env,
  );
}

/** For each matrix position (r, c) of `reading`'s matrix, the entry `describeEntry` puts there. */
function formEntries(n: number, reading: Reading, step: StepLabel, max = MAX_TEX_N) {
  checkN(n, max);
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
export function formEntriesTex(
  n: number,
  reading: Reading,
  step: StepLabel = "i",
  env: MatrixEnvironment = "bmatrix",
): string {
  return texMatrix(
    formEntries(n, reading, step).map((row) => row.map((cell) => cell.tex)),
    env,
  );
}

/**
 * The same entries as Unicode text ("W₂₁ σ′(x₂⁽¹⁾)"), as hover text for a heatmap of the matrix;
 * for any n a heatmap can show (up to 500), not only the sizes a TeX matrix suits.
 */
export function formEntriesText(n: number, reading: Reading, step: StepLabel = "i"): string[][] {
  return formEntries(n, reading, step, MAX_TEXT_N).map((row) => row.map((cell) => cell.text));
}

/** W (entry (j, k) = W_{jk}) or, with `transposed`, Wᵀ (entry (r, c) = W_{cr}). */
export function weightMatrixTex(
  n: number,
  transposed = false,
  env: MatrixEnvironment = "bmatrix",
): string {
  checkN(n);
  const separator = n >= 10 ? "," : "";
  return texMatrix(
    grid(n, (r, c) =>
      transposed ? `W_{${c + 1}${separator}${r + 1}}` : `W_{${r + 1}${separator}${c + 1}}`,
    ),
    env,
  );
}

/** diag(σ′(x⁽ⁱ⁻¹⁾)): σ′(x_k⁽ⁱ⁻¹⁾) on the diagonal, 0 elsewhere. */
export function diagSigmaPrimeTex(
  n: number,
  step: StepLabel = "i",
  env: MatrixEnvironment = "bmatrix",
): string {
  checkN(n);
  return texMatrix(
    grid(n, (r, c) => (r === c ? `\\sigma'(${stateTex(r + 1, previousStep(step))})` : "0")),
    env,
  );
}

/**
 * A numeric matrix with `digits` decimals (default 3), e.g. for the values of W·diag(σ′) next to
 * its symbolic form. "-0.000" is written as "0.000".
 */
export function matrixTex(values: Matrix, digits = 3, env: MatrixEnvironment = "bmatrix"): string {
  assertMatrix("values", values);
  assertIntegerIn("digits", digits, 0, 12);
  const cell = (value: number) => {
    const text = value.toFixed(digits);
    return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
  };
  return texMatrix(
    values.map((row) => row.map(cell)),
    env,
  );
}
