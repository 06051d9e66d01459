/**
 * The one-step Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of eq. (2) in every form this project compares: the one
 * place that says what a form is. Everything else (products over time, BPTT, Ω, gains, verify,
 * the entries written as symbols in symbolic.ts) derives from `FORM_INFO` and `formEntry`.
 *
 * With s = σ′(x⁽ⁱ⁻¹⁾) and D = diag(s), element-wise ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ = W_jk σ′(x_k⁽ⁱ⁻¹⁾)
 * (CrossValidated answer 369441). A form is a matrix built from one factor M ∈ {W, Wᵀ} times D,
 * possibly transposed; a layout says how a matrix is read:
 *
 *   form          matrix          entry (r, c)    reading it in numerator layout (row = output)
 *   numerator     W D             W_rc s_c        the Jacobian
 *   denominator   (W D)ᵀ = D Wᵀ   W_cr s_r        — (its denominator reading is the Jacobian)
 *   paper         Wᵀ D            W_cr s_c        eq. (5) as printed: the weight W_kj of the reverse edge
 *
 * Read in denominator layout (row = input), Wᵀ D gives ∂x_j/∂x_k as W_jk σ′(x_j): σ′ of the wrong
 * neuron. The four named readings are forms paired with layouts. No argument checks here: the
 * public functions of src/checked/ check, then call these.
 */
import { ACTIVATIONS } from "./activations";
import { transpose } from "./linalg";
import { RNN } from "./model";
import { Matrix, Vector } from "../shared/matrix";

/** The three distinct matrices. */
export const JACOBIAN_FORMS = ["numerator", "denominator", "paper"] as const;
export type JacobianForm = (typeof JACOBIAN_FORMS)[number];
/** How a matrix is read: a row per output (numerator layout) or a row per input (denominator). */
export const LAYOUTS = ["numerator", "denominator"] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Where a matrix read in `layout` stores ∂x_j/∂x_k: at (j, k) in numerator layout, (k, j) in denominator. */
export function layoutPosition(layout: Layout, j: number, k: number): [number, number] {
  return layout === "numerator" ? [j, k] : [k, j];
}

/** What a form is: J = M D with M = W or Wᵀ, or the transpose (M D)ᵀ. The definition. */
export const FORM_INFO: Record<
  JacobianForm,
  { factor: "W" | "Wᵀ"; transposed: boolean; text: string; tex: string }
> = {
  numerator: { factor: "W", transposed: false, text: "W D", tex: "W\\,\\mathrm{diag}(\\sigma')" },
  denominator: {
    factor: "W",
    transposed: true,
    text: "D Wᵀ",
    tex: "\\mathrm{diag}(\\sigma')\\,W^\\top",
  },
  paper: { factor: "Wᵀ", transposed: false, text: "Wᵀ D", tex: "W^\\top\\mathrm{diag}(\\sigma')" },
};

/**
 * Which weight and which slope entry (r, c) of `form` multiplies: W[row][col] · s[neuron].
 * (M D)_ab = M_ab s_b, and M_ab is W_ab or W_ba; a transposed form reads (M D) at (c, r).
 */
export function formEntry(form: JacobianForm, r: number, c: number) {
  const { factor, transposed } = FORM_INFO[form];
  const [a, b] = transposed ? [c, r] : [r, c];
  return factor === "W" ? { row: a, col: b, neuron: b } : { row: b, col: a, neuron: b };
}

/** The one-step matrix of `form` from W and s, entry by entry: W[row][col] · s[neuron]. */
export function formMatrix(w: Matrix, s: Vector, form: JacobianForm): Matrix {
  return w.map((_, r) =>
    w.map((__, c) => {
      const e = formEntry(form, r, c);
      return w[e.row][e.col] * s[e.neuron];
    }),
  );
}

/**
 * The four readings: a form and the layout it is read in. One word, three roles: "numerator" and
 * "denominator" name a form (W D, D Wᵀ), a layout (a row per output, a row per input) and the
 * reading that pairs the form with the layout of its name, the two correct readings; the printed
 * form is "paper", read in either layout ("paperNumerator", "paperDenominator"). As a reading,
 * "paper" alone means "paperNumerator" (eq. (4)'s order). In every API a reading is a `Reading`
 * or `ReadingName`, a form a `JacobianForm`, a layout a `Layout`.
 */
export const READINGS = ["numerator", "denominator", "paperNumerator", "paperDenominator"] as const;
export type Reading = (typeof READINGS)[number];
export type ReadingName = Reading | "paper";
export const READING_NAMES: readonly ReadingName[] = [...READINGS, "paper"];

const reading = (form: JacobianForm, layout: Layout, title: string) => ({
  form,
  layout,
  title,
  tex: FORM_INFO[form].tex,
});
export const READING_INFO: Record<Reading, ReturnType<typeof reading>> = {
  numerator: reading("numerator", "numerator", "correct, numerator layout"),
  denominator: reading("denominator", "denominator", "correct, denominator layout"),
  paperNumerator: reading("paper", "numerator", "paper's eq. (5), numerator layout"),
  paperDenominator: reading("paper", "denominator", "paper's eq. (5), denominator layout"),
};

/**
 * What a matrix entry W[row][col]·s[neuron] gets wrong about ∂x_j/∂x_k = W_jk σ′(x_k) (eq. (2) and
 * the chain rule): the weight of another edge, σ′ of another neuron, both or neither. The one
 * test of correctness every reading, description and recap cell uses.
 */
export function entryErrors(
  entry: { row: number; col: number; neuron: number },
  j: number,
  k: number,
): { wrongEdge: boolean; wrongNeuron: boolean; correct: boolean } {
  const wrongEdge = entry.row !== j || entry.col !== k;
  const wrongNeuron = entry.neuron !== k;
  return { wrongEdge, wrongNeuron, correct: !wrongEdge && !wrongNeuron };
}

/**
 * Where a reading stores ∂x_j/∂x_k (`layoutPosition`), what its matrix holds there (`formEntry`)
 * and whether that is the true derivative (`entryErrors`).
 */
export function readingEntry(reading: Reading, j: number, k: number) {
  const { form, layout } = READING_INFO[reading];
  const matrixEntry = layoutPosition(layout, j, k);
  const entry = formEntry(form, ...matrixEntry);
  return { ...entry, matrixEntry, correct: entryErrors(entry, j, k).correct };
}

/**
 * The numerator-layout Jacobian a reading claims, as M D (false) or (M D)ᵀ (true): a denominator
 * reading transposes the form's matrix once more. Used by the VJP and by the products.
 */
export function claimedFactor(reading: Reading): { factor: "W" | "Wᵀ"; transposed: boolean } {
  const { form, layout } = READING_INFO[reading];
  const { factor, transposed } = FORM_INFO[form];
  return { factor, transposed: transposed !== (layout === "denominator") };
}

/** M (W or Wᵀ) as a new matrix. */
export function factorMatrix(factor: "W" | "Wᵀ", w: Matrix): Matrix {
  return factor === "W" ? w.map((row) => [...row]) : transpose(w);
}

/**
 * The vector–Jacobian product g·A for the numerator-layout matrix A = M D (or (M D)ᵀ), as BPTT's
 * eq. (4) multiplies it, row vector on the left: (g M)_c s_c, or ((g ⊙ s) Mᵀ)_c.
 */
export function vjp(m: Matrix, transposed: boolean, g: Vector, s: Vector): Vector {
  const n = g.length;
  const out = new Array<number>(n).fill(0);
  if (transposed) {
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += g[r] * s[r] * m[c][r];
      out[c] = sum;
    }
    return out;
  }
  for (let r = 0; r < n; r++) {
    const gr = g[r];
    if (gr === 0) continue;
    for (let c = 0; c < n; c++) out[c] += gr * m[r][c];
  }
  for (let c = 0; c < n; c++) out[c] *= s[c];
  return out;
}

/** s = σ′(x) of every state x in `states`: the slopes of the one-step Jacobians along a run. */
export function sigmaPrimeAlong(rnn: RNN, states: Matrix): Matrix {
  const derivative = ACTIVATIONS[rnn.activation].derivative;
  return states.map((x) => x.map(derivative));
}
