/**
 * The products of eq. (5) along a run: ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ = J_t J_{t−1} ⋯ J_{k+1} for every k < t, with
 * J_i = ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ in the chosen form (forms.ts). Every form is M D or (M D)ᵀ, so every chain is
 * the chain of M D_{i−1} in eq. (5)'s order, transposed at the end for a transposed form:
 *
 *   numerator, paper:  P_k = (M D_{t−1}) ⋯ (M D_k)
 *   denominator:       P_k = J_{k+1} ⋯ J_t = ((W D_{t−1}) ⋯ (W D_k))ᵀ
 *
 * Plain float64 loops, readable. The public `productsOverTime` (src/fast/products.ts) calls these
 * or, for large n·T, a float32 fast path; a unit test checks the two against each other.
 */
import { FORM_INFO, JacobianForm, factorMatrix } from "./forms";
import { multiply, scaleColumns, transpose } from "./linalg";
import { Matrix } from "../shared/matrix";

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, k = 0 … t−1, from W and the slopes s_k: the chain of eq. (5) exactly as written
 * above. Each product extends the previous one by one factor, so all t of them cost t matrix
 * products, not t²/2.
 */
export function readableSuffixProducts(w: Matrix, s: Matrix, form: JacobianForm): Matrix[] {
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
