/**
 * The one-step Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of eq. (2) in every form this project compares, and the
 * products over time of eq. (5).
 *
 * With s = σ′(x⁽ⁱ⁻¹⁾) and D = diag(s), element-wise ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ = W_jk σ′(x_k⁽ⁱ⁻¹⁾)
 * (CrossValidated answer 369441). So:
 *
 *   numerator layout   (row = output, column = input):  W D      entry (r, c) = W_rc s_c
 *   denominator layout (row = input, column = output):  D Wᵀ     entry (r, c) = W_cr s_r
 *   the paper's eq. (5), as printed:                     Wᵀ D     entry (r, c) = W_cr s_c
 *
 * Read in numerator layout, Wᵀ D gives ∂x_j/∂x_k the weight W_kj (wrong edge); read in
 * denominator layout it gives σ′(x_j) (wrong neuron). The matrices are computed in float32 with
 * tfjs; `reference.ts` has them in float64.
 */
import * as tf from "@tensorflow/tfjs";
import { getActivation } from "./activations";
import { RNN, checkTrajectory } from "./rnn";
import { Matrix, Vector, assertIndex, assertOneOf, assertSquare, assertVector } from "./validate";

/** The three distinct matrices. */
export const JACOBIAN_FORMS = ["numerator", "denominator", "paper"] as const;
export type JacobianForm = (typeof JACOBIAN_FORMS)[number];

/**
 * The four readings of DESIGN.md §1: a matrix plus the layout it is read in. `paperNumerator` and
 * `paperDenominator` are the same matrix Wᵀ D, read two ways.
 */
export const READINGS = ["numerator", "denominator", "paperNumerator", "paperDenominator"] as const;
export type Reading = (typeof READINGS)[number];

/** Which matrix a reading uses and which layout it reads the matrix in. */
export const READING_INFO: Record<
  Reading,
  { form: JacobianForm; layout: "numerator" | "denominator"; title: string; tex: string }
> = {
  numerator: {
    form: "numerator",
    layout: "numerator",
    title: "correct, numerator layout",
    tex: "W\\,\\mathrm{diag}(\\sigma')",
  },
  denominator: {
    form: "denominator",
    layout: "denominator",
    title: "correct, denominator layout",
    tex: "\\mathrm{diag}(\\sigma')\\,W^\\top",
  },
  paperNumerator: {
    form: "paper",
    layout: "numerator",
    title: "paper's eq. (5), numerator layout",
    tex: "W^\\top\\mathrm{diag}(\\sigma')",
  },
  paperDenominator: {
    form: "paper",
    layout: "denominator",
    title: "paper's eq. (5), denominator layout",
    tex: "W^\\top\\mathrm{diag}(\\sigma')",
  },
};

/** Checks a square W_rec and s = σ′(x⁽ⁱ⁻¹⁾) of the same size; returns n. */
export function checkWeightsAndDerivative(wRec: unknown, sigmaPrime: unknown): number {
  const n = assertSquare("wRec", wRec);
  assertVector("sigmaPrime", sigmaPrime);
  if (sigmaPrime.length !== n) {
    throw new RangeError(
      `sigmaPrime must have length n = ${n} to match wRec (${n}×${n}), got ${sigmaPrime.length}`,
    );
  }
  return n;
}

/**
 * All T one-step Jacobians of `form` at once, as a T×n×n tensor: slice i−1 is ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾
 * built from row i−1 of `sigmaPrime` (T×n). Unchecked; the array functions below check.
 */
export function stepJacobiansTensor(
  wRec: tf.Tensor2D,
  sigmaPrime: tf.Tensor2D,
  form: JacobianForm,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [steps, n] = sigmaPrime.shape;
    // s as a row (scales columns) or as a column (scales rows), broadcast over the T slices.
    const asRow = tf.reshape(sigmaPrime, [steps, 1, n]);
    const asColumn = tf.reshape(sigmaPrime, [steps, n, 1]);
    const w = tf.reshape(wRec, [1, n, n]);
    const wT = tf.reshape(tf.transpose(wRec), [1, n, n]);
    switch (form) {
      case "numerator":
        return tf.mul(w, asRow) as tf.Tensor3D; // W D: column c scaled by s_c
      case "denominator":
        return tf.mul(asColumn, wT) as tf.Tensor3D; // D Wᵀ: row r scaled by s_r
      case "paper":
        return tf.mul(wT, asRow) as tf.Tensor3D; // Wᵀ D: column c scaled by s_c
    }
  });
}

function oneStep(wRec: Matrix, sigmaPrime: Vector, form: JacobianForm): Matrix {
  checkWeightsAndDerivative(wRec, sigmaPrime);
  const result = tf.tidy(() =>
    stepJacobiansTensor(tf.tensor2d(wRec), tf.tensor2d([sigmaPrime]), form).squeeze([0]),
  );
  const values = result.arraySync() as Matrix;
  result.dispose();
  return values;
}

/** Correct, numerator layout: W·diag(s), entry (j, k) = ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ = W_jk s_k. */
export function jacobianNumerator(wRec: Matrix, sigmaPrime: Vector): Matrix {
  return oneStep(wRec, sigmaPrime, "numerator");
}

/** Correct, denominator layout: diag(s)·Wᵀ, entry (k, j) = ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ = W_jk s_k. */
export function jacobianDenominator(wRec: Matrix, sigmaPrime: Vector): Matrix {
  return oneStep(wRec, sigmaPrime, "denominator");
}

/** The paper's eq. (5) as printed: Wᵀ·diag(s), entry (r, c) = W_cr s_c. */
export function jacobianPaper(wRec: Matrix, sigmaPrime: Vector): Matrix {
  return oneStep(wRec, sigmaPrime, "paper");
}

/** The Jacobian form named `form`. */
export function jacobianForm(form: JacobianForm, wRec: Matrix, sigmaPrime: Vector): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  return oneStep(wRec, sigmaPrime, form);
}

/** s = σ′(x⁽ⁱ⁻¹⁾) for the network's activation, in float32. */
export function sigmaPrimeAt(rnn: RNN, xPrevious: Vector): Vector {
  assertVector("xPrevious", xPrevious, rnn.n);
  const result = tf.tidy(() =>
    getActivation(rnn.activation).derivativeTensor(tf.tensor1d(xPrevious)),
  );
  const values = Array.from(result.dataSync());
  result.dispose();
  return values;
}

/** ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of `rnn` at the state x⁽ⁱ⁻¹⁾ = xPrevious, in the given form. */
export function stepJacobian(rnn: RNN, xPrevious: Vector, form: JacobianForm): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  return oneStep(rnn.wRec, sigmaPrimeAt(rnn, xPrevious), form);
}

/**
 * The products of eq. (5) along a trajectory: for every k in [0, t), ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ built from the
 * one-step matrices of `form`. `states` is [x⁽⁰⁾ … x⁽ᵀ⁾] as returned by `forward`; t defaults to T.
 * Returns the matrices ordered by k (index k holds ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾).
 *
 * Each product extends the previous one by one matrix (suffix products), so all t of them cost
 * t matrix products, not t²/2. The order of the factors follows the layout:
 *   numerator, paper:  P_k = J_t J_{t−1} ⋯ J_{k+1}           (eq. 5 as printed, left to right)
 *   denominator:       P_k = J_{k+1} ⋯ J_{t−1} J_t           (the transpose of the numerator chain)
 */
export function productsOverTime(
  rnn: RNN,
  states: Matrix,
  form: JacobianForm,
  t?: number,
): Matrix[] {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const last = checkTrajectory(rnn, states, t);
  const products = tf.tidy(() => {
    const act = getActivation(rnn.activation);
    const sigmaPrime = act.derivativeTensor(tf.tensor2d(states.slice(0, last))) as tf.Tensor2D;
    return suffixProductsTensor(stepJacobiansTensor(tf.tensor2d(rnn.wRec), sigmaPrime, form), form);
  });
  const values = products.arraySync() as Matrix[];
  products.dispose();
  return values;
}

/**
 * Given the one-step Jacobians J (T×n×n, slice i−1 = J_i), returns the T×n×n tensor whose slice
 * k is ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾, multiplied in the order `productsOverTime` documents.
 */
export function suffixProductsTensor(jacobians: tf.Tensor3D, form: JacobianForm): tf.Tensor3D {
  return tf.tidy(() => {
    const slices = tf.unstack(jacobians) as tf.Tensor2D[];
    const out: tf.Tensor2D[] = new Array(slices.length);
    let product = slices[slices.length - 1];
    out[slices.length - 1] = product;
    for (let k = slices.length - 2; k >= 0; k--) {
      product =
        form === "denominator" ? tf.matMul(slices[k], product) : tf.matMul(product, slices[k]);
      out[k] = product;
    }
    return tf.stack(out) as tf.Tensor3D;
  });
}

/** What one reading says ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ is. Indices are 0-based; text and TeX are 1-based. */
export interface EntryDescription {
  reading: Reading;
  /** The derivative asked about: output neuron j at step i, input neuron k at step i−1. */
  j: number;
  k: number;
  /** The weight the reading multiplies: W[row][col]. */
  weight: { row: number; col: number };
  /** The neuron whose σ′ the reading multiplies. */
  sigmaPrimeOf: number;
  /** Where the reading stores ∂x_j/∂x_k in its matrix: [row, col]. */
  matrixEntry: [number, number];
  /** Whether this is the true derivative W_jk σ′(x_k). */
  correct: boolean;
  /** e.g. "W₁₂ σ′(x₂⁽¹⁾)" */
  text: string;
  /** e.g. "W_{12}\,\sigma'(x_2^{(1)})" */
  tex: string;
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

function toScript(value: string, digits: string, minus: string): string {
  return [...value]
    .map((ch) =>
      ch >= "0" && ch <= "9" ? digits[Number(ch)] : ch === "-" || ch === "−" ? minus : ch,
    )
    .join("");
}

/** Subscript indices: "₁₂" for (1, 2), "₁,₁₀" once an index has two digits. */
function subscriptPair(a: number, b: number): { text: string; tex: string } {
  const separator = a >= 10 || b >= 10 ? "," : "";
  return {
    text: toScript(`${a}${separator}${b}`, SUBSCRIPT_DIGITS, "₋"),
    tex: `${a}${separator}${b}`,
  };
}

/**
 * The symbol W_ab σ′(x_c⁽ᵗⁱᵐᵉ⁾) with 1-based indices a, b, c. `time` labels the state σ′ is taken
 * at: a number, or text such as "i-1".
 */
export function weightTimesSigmaPrime(
  row: number,
  col: number,
  neuron: number,
  time: number | string,
): { text: string; tex: string } {
  const w = subscriptPair(row, col);
  const timeText = toScript(String(time), SUPERSCRIPT_DIGITS, "⁻").replace(/i/g, "ⁱ");
  const neuronText = toScript(String(neuron), SUBSCRIPT_DIGITS, "₋");
  return {
    text: `W${w.text} σ′(x${neuronText}⁽${timeText}⁾)`,
    tex: `W_{${w.tex}}\\,\\sigma'(x_{${neuron}}^{(${time})})`,
  };
}

/**
 * Which weight and which σ′ the given reading multiplies for ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ (0-based j, k):
 *   numerator, denominator:  W_jk σ′(x_k)   (the true derivative)
 *   paperNumerator:          W_kj σ′(x_k)   (entry (j, k) of Wᵀ D: the wrong weight)
 *   paperDenominator:        W_jk σ′(x_j)   (entry (k, j) of Wᵀ D: σ′ of the wrong neuron)
 * `time` is the label of step i−1 in the text (default "i-1"), e.g. 1 for the seed's example.
 */
export function describeEntry(
  reading: Reading,
  j: number,
  k: number,
  n: number,
  time: number | string = "i-1",
): EntryDescription {
  assertOneOf("reading", reading, READINGS);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  assertIndex("j", j, n);
  assertIndex("k", k, n);
  let weight: { row: number; col: number };
  let sigmaPrimeOf: number;
  let matrixEntry: [number, number];
  switch (reading) {
    case "numerator":
      [weight, sigmaPrimeOf, matrixEntry] = [{ row: j, col: k }, k, [j, k]];
      break;
    case "denominator":
      [weight, sigmaPrimeOf, matrixEntry] = [{ row: j, col: k }, k, [k, j]];
      break;
    case "paperNumerator":
      [weight, sigmaPrimeOf, matrixEntry] = [{ row: k, col: j }, k, [j, k]];
      break;
    case "paperDenominator":
      [weight, sigmaPrimeOf, matrixEntry] = [{ row: j, col: k }, j, [k, j]];
      break;
  }
  const symbol = weightTimesSigmaPrime(weight.row + 1, weight.col + 1, sigmaPrimeOf + 1, time);
  return {
    reading,
    j,
    k,
    weight,
    sigmaPrimeOf,
    matrixEntry,
    correct: weight.row === j && weight.col === k && sigmaPrimeOf === k,
    ...symbol,
  };
}

/** The value a reading gives ∂x_j/∂x_k, from W and s = σ′(x⁽ⁱ⁻¹⁾): W[row][col]·s[neuron]. */
export function entryValue(
  description: EntryDescription,
  wRec: Matrix,
  sigmaPrime: Vector,
): number {
  checkWeightsAndDerivative(wRec, sigmaPrime);
  return (
    wRec[description.weight.row][description.weight.col] * sigmaPrime[description.sigmaPrimeOf]
  );
}
