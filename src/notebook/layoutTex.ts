/**
 * The Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ written out as TeX for notebooks 2 and 3: entry by entry in symbols
 * for up to `SYMBOLIC_MAX_NEURONS` neurons, and with dots (the corners and the general entry)
 * for more, where a matrix of n² fractions would not fit on a slide.
 */
import { Layout } from "../core/forms";
import { formEntriesTex, jacobianSymbolsTex } from "./symbolic";

/** Up to this many neurons the matrices are written out entry by entry. */
export const SYMBOLIC_MAX_NEURONS = 4;

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
}

/** The matrix of partials ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ in `layout`: row j (numerator) or row k (denominator). */
export function layoutPartialsTex(n: number, layout: Layout): string {
  checkSize(n);
  if (n <= SYMBOLIC_MAX_NEURONS) return jacobianSymbolsTex(n, layout);
  const d = (j: string, k: string) =>
    `\\frac{\\partial x_{${j}}^{(i)}}{\\partial x_{${k}}^{(i-1)}}`;
  const at = (r: string, c: string) => (layout === "numerator" ? d(r, c) : d(c, r));
  const last = String(n);
  return (
    `\\begin{bmatrix} ${at("1", "1")} & \\cdots & ${at("1", last)} \\\\ \\vdots & \\ddots` +
    ` & \\vdots \\\\ ${at(last, "1")} & \\cdots & ${at(last, last)} \\end{bmatrix}`
  );
}

/** The true Jacobian's entries W_jk σ′(x_k⁽ⁱ⁻¹⁾) in numerator layout: symbols, or the general entry. */
export function numeratorEntriesTex(n: number): string {
  checkSize(n);
  return n <= SYMBOLIC_MAX_NEURONS
    ? formEntriesTex(n, "numerator")
    : "\\Big[\\,W_{jk}\\,\\sigma'(x_k^{(i-1)})\\,\\Big]_{j,k=1}^{" + n + "}";
}
