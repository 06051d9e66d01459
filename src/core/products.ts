/**
 * The products of eq. (5) along a run: ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ = J_t J_{t−1} ⋯ J_{k+1} for every k < t, with
 * J_i = ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ in the chosen form (forms.ts). Every form is M D or (M D)ᵀ, so every chain is
 * the chain of M D_{i−1} in eq. (5)'s order, transposed at the end for a transposed form:
 *
 *   numerator, paper:  P_k = (M D_{t−1}) ⋯ (M D_k)
 *   denominator:       P_k = J_{k+1} ⋯ J_t = ((W D_{t−1}) ⋯ (W D_k))ᵀ
 *
 * One function, two paths chosen by size: plain float64 loops (readable), or the fast path of
 * src/fast/products.ts for large n·T (tfjs-wasm, float32). A unit test checks them against each
 * other.
 */
import { getActivation } from "./activations";
import { FORM_INFO, JACOBIAN_FORMS, JacobianForm, factorMatrix } from "./forms";
import { RNN, checkTrajectory } from "./model";
import { assertFiniteResult } from "../shared/validate";
import {
  ProductNorms,
  preferFastProducts,
  suffixProductNormsOfFactors,
  suffixProductsOfFactors,
} from "../fast/products";
import { Matrix, Vector, assertFitsInMemory, assertOneOf } from "../shared/validate";

/**
 * Above this much work (n³·t multiply-adds, n ≥ 32) the fast path is used where it is faster on
 * the active backend: below it the float64 loops take well under a second.
 */
export const FAST_PRODUCTS_WORK = 2e7;

/** The run's t (default T) and its slopes s_k = σ′(x⁽ᵏ⁾), k = 0 … t−1, checked. */
function slopesAlong(rnn: RNN, states: Matrix, form: JacobianForm, t?: number) {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const last = checkTrajectory(rnn, states, t);
  const derivative = getActivation(rnn.activation).derivative;
  return { last, s: states.slice(0, last).map((x) => x.map(derivative)) };
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for k = 0 … t−1 (index k of the result) in the layout of `form`, along the run
 * `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] (from `forward`); t defaults to T. Each product extends the previous
 * one by one factor, so all t of them cost t matrix products, not t²/2.
 */
export function productsOverTime(
  rnn: RNN,
  states: Matrix,
  form: JacobianForm,
  t?: number,
): Matrix[] {
  const { last, s } = slopesAlong(rnn, states, form, t);
  const n = rnn.n;
  assertFitsInMemory(`productsOverTime with n = ${n}, t = ${last}`, last * n * n);
  const fast = n >= 32 && n ** 3 * last >= FAST_PRODUCTS_WORK && preferFastProducts();
  const products = (fast ? fastSuffixProducts : readableSuffixProducts)(form, rnn.wRec, s);
  products.forEach((p, k) => assertFiniteResult(`∂x⁽${last}⁾/∂x⁽${k}⁾`, p.flat()));
  return products;
}

/**
 * ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖₂ for k = 0 … t−1 along the run, with their log₁₀ kept in float64 so that
 * products far beyond float64's range still have a norm. Norms do not see a transpose, so only
 * the factor M of the form matters. Computed by src/fast/products.ts.
 */
export function suffixProductNorms(
  rnn: RNN,
  states: Matrix,
  form: JacobianForm,
  t?: number,
): ProductNorms {
  const { s } = slopesAlong(rnn, states, form, t);
  return suffixProductNormsOfFactors(factorMatrix(FORM_INFO[form].factor, rnn.wRec), s);
}

/** Plain float64 loops, the chain of eq. (5) exactly as written above. */
export function readableSuffixProducts(form: JacobianForm, w: Matrix, s: Matrix): Matrix[] {
  const { factor, transposed } = FORM_INFO[form];
  const m = factorMatrix(factor, w);
  const t = s.length;
  const out: Matrix[] = new Array(t);
  let p = scaleColumns(m, s[t - 1]); // ∂x⁽ᵗ⁾/∂x⁽ᵗ⁻¹⁾ = M D_{t−1}
  out[t - 1] = p;
  for (let k = t - 2; k >= 0; k--) {
    p = scaleColumns(multiply(p, m), s[k]); // P_k = P_{k+1} · M D_k
    out[k] = p;
  }
  return transposed ? out.map(transpose) : out;
}

/** The same products by src/fast/products.ts (tfjs, float32): the chain of M D, as the form says. */
export function fastSuffixProducts(form: JacobianForm, w: Matrix, s: Matrix): Matrix[] {
  const { factor, transposed } = FORM_INFO[form];
  return suffixProductsOfFactors(factorMatrix(factor, w), s, transposed);
}

/** A diag(s): column c scaled by s_c. */
function scaleColumns(a: Matrix, s: Vector): Matrix {
  return a.map((row) => row.map((value, c) => value * s[c]));
}

/** A B for n×n matrices. */
function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      const left = a[r][i];
      if (left === 0) continue;
      for (let c = 0; c < n; c++) out[r][c] += left * b[i][c];
    }
  }
  return out;
}

function transpose(a: Matrix): Matrix {
  return a[0].map((_, c) => a.map((row) => row[c]));
}
