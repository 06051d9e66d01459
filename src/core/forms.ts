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
 * neuron. The four named readings are forms paired with layouts.
 */
import { getActivation } from "./activations";
import { transpose } from "./linalg";
import { RNN, checkRNN } from "./model";
import {
  Matrix,
  Vector,
  assertFiniteResult,
  assertOneOf,
  assertSquare,
  assertLengthN,
  assertVector,
} from "../shared/validate";

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

/** The four readings: a form and the layout it is read in. */
export const READINGS = ["numerator", "denominator", "paperNumerator", "paperDenominator"] as const;
export type Reading = (typeof READINGS)[number];

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

/** A reading, or "paper" for the printed matrix in eq. (4)'s order (= "paperNumerator"). */
export type ReadingName = Reading | "paper";
const READING_NAMES: readonly ReadingName[] = [...READINGS, "paper"];

/** Checks a reading name (the argument called `argument`) and resolves the alias "paper". */
export function toReading(name: unknown, argument = "reading"): Reading {
  assertOneOf(argument, name, READING_NAMES);
  return name === "paper" ? "paperNumerator" : name;
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
 * eq. (4) multiplies it, row vector on the left: (g M)_c s_c, or ((g ⊙ s) Mᵀ)_c. Unchecked.
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

/** Checks a square W_rec and s = σ′(x⁽ⁱ⁻¹⁾) of the same size; returns n. */
export function checkWeightsAndDerivative(wRec: unknown, sigmaPrime: unknown): number {
  const n = assertSquare("wRec", wRec);
  assertLengthN("sigmaPrime", sigmaPrime, n);
  return n;
}

/** The one-step matrix of `form` from W and s, entry by entry: W[row][col] · s[neuron]. */
export function jacobianForm(form: JacobianForm, wRec: Matrix, sigmaPrime: Vector): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  checkWeightsAndDerivative(wRec, sigmaPrime);
  const matrix = formMatrix(form, wRec, sigmaPrime);
  assertFiniteResult(`the ${form} form`, matrix, "float64", "the weights or σ′ are too large");
  return matrix;
}

/** `jacobianForm` without the checks. */
export function formMatrix(form: JacobianForm, w: Matrix, s: Vector): Matrix {
  return w.map((_, r) =>
    w.map((__, c) => {
      const e = formEntry(form, r, c);
      return w[e.row][e.col] * s[e.neuron];
    }),
  );
}

/** s = σ′(x) of every state x in `states`: the slopes of the one-step Jacobians along a run. Unchecked. */
export function sigmaPrimeAlong(rnn: RNN, states: Matrix): Matrix {
  const derivative = getActivation(rnn.activation).derivative;
  return states.map((x) => x.map(derivative));
}

/** s = σ′(x⁽ⁱ⁻¹⁾) for the network's activation, in float64. */
export function sigmaPrimeAt(rnn: RNN, xPrevious: Vector): Vector {
  checkRNN(rnn);
  assertVector("xPrevious", xPrevious, rnn.n);
  return sigmaPrimeAlong(rnn, [xPrevious])[0];
}

/** ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of `rnn` at the state x⁽ⁱ⁻¹⁾ = xPrevious, in the given form (float64). */
export function stepJacobian(rnn: RNN, xPrevious: Vector, form: JacobianForm): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const sigmaPrime = sigmaPrimeAt(rnn, xPrevious); // checks rnn and xPrevious first
  return formMatrix(form, rnn.wRec, sigmaPrime);
}

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
 * and whether that is the true derivative (`entryErrors`). Unchecked; `describeEntry`
 * (symbolic.ts) checks and names it.
 */
export function readingEntry(reading: Reading, j: number, k: number) {
  const { form, layout } = READING_INFO[reading];
  const matrixEntry = layoutPosition(layout, j, k);
  const entry = formEntry(form, ...matrixEntry);
  return { ...entry, matrixEntry, correct: entryErrors(entry, j, k).correct };
}

/** Whether a reading gives the true derivative W_jk σ′(x_k) at every entry (checked at j ≠ k). */
export function isCorrectReading(reading: ReadingName): boolean {
  return readingEntry(toReading(reading), 0, 1).correct;
}
