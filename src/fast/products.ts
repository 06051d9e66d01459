/**
 * The fast path of the products over time of eq. (5) (Pascanu, Mikolov & Bengio 2013), for large n
 * and T: every suffix product P_k = F_{T−1} F_{T−2} ⋯ F_k of the factors F_i = M diag(s_i), and
 * their norms. With M = W_rec and s_i = σ′(x⁽ⁱ⁾), P_k is ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in numerator layout; which M a
 * Jacobian form uses is the form's (core/forms.ts). `productsOverTime` below chooses between this
 * path and the readable float64 loops of core/products.ts by size; the unit tests check the two
 * against each other.
 *
 * tfjs-wasm, float32, one step per k: P_k = (P_{k+1} · M) ∘ s_k, a plain 2-D matMul and a
 * broadcasting multiply, P staying on the device; each product is read back once (a copy).
 * Why this formulation (bench/strategies.ts compares the alternatives): tfjs-wasm
 * multiplies with XNNPACK only plain 2-D operands without transpose flags, and caches the packed
 * right operand per tensor, so M is one tensor for all steps (a fresh M diag(s_k) per step measured
 * 1.3–1.6× slower); the broadcasting multiply beats scaling columns in JavaScript and uploading the
 * product again; one readback per step beats concatenating chunks of products on the device.
 *
 * Long products leave float32's range (1.5^1000 overflows, 0.5^200 underflows), so each product
 * is carried as e^{ℓ_k} P̃_k: when P̃'s largest entry leaves [1e-12, 1e12], the next step's s_k is
 * divided by it (no extra call) and its log added to ℓ. Norms come with their log₁₀ in float64.
 */
import * as tf from "@tensorflow/tfjs";
import { FORM_INFO, JacobianForm, factorMatrix } from "../core/forms";
import { spectralNorm } from "../checked/norms";
import { RNN } from "../core/model";
import { readableSuffixProducts } from "../core/products";
import { slopesAlong } from "../checked/jacobians";
import {
  Matrix,
  assertFiniteResult,
  assertFitsInMemory,
  assertMatrix,
  assertSquare,
  shapeOf,
} from "../shared/validate";

/**
 * Above this much work (n³·t multiply-adds, n ≥ 32) the fast path is used where it is faster on
 * the active backend: below it the float64 loops take well under a second.
 */
export const FAST_PRODUCTS_WORK = 2e7;

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for k = 0 … t−1 (index k of the result) in the layout of `form`, along the run
 * `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] (from `forward`); t defaults to T. The readable float64 loops of
 * core/products.ts, or for large n·T the float32 path below.
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
  const products = (fast ? fastSuffixProducts : readableSuffixProducts)(rnn.wRec, s, form);
  products.forEach((p, k) => assertFiniteResult(`∂x⁽${last}⁾/∂x⁽${k}⁾`, p.flat()));
  return products;
}

/**
 * ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖₂ for k = 0 … t−1 along the run, with their log₁₀ kept in float64 so that
 * products far beyond float64's range still have a norm. Norms do not see a transpose, so only
 * the factor M of the form matters.
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

/** The same products as `readableSuffixProducts` (tfjs, float32): the chain of M D, as the form says. */
export function fastSuffixProducts(w: Matrix, s: Matrix, form: JacobianForm): Matrix[] {
  const { factor, transposed } = FORM_INFO[form];
  return suffixProductsOfFactors(factorMatrix(factor, w), s, transposed);
}

/** Per-k spectral norms ‖∂x⁽ᵀ⁾/∂x⁽ᵏ⁾‖₂, ordered by k = 0 … T−1. */
export interface ProductNorms {
  /** T − k, the number of factors. */
  distance: number[];
  /** The norms in float64 (0 or Infinity where the value is beyond float64; see log10Norms). */
  norms: number[];
  /** log₁₀ of the norms, finite wherever the product is not exactly zero (then −Infinity). */
  log10Norms: number[];
  /** Whether every power-iteration estimate met its tolerance (true where SVDs were used). */
  converged: boolean;
}

/**
 * Receives P_k = e^{logScale} · (the matrix in `data`, row-major float32: the scanned rows of P_k,
 * n columns), for k = T−1 down to 0; `largest` is max |entry| of `data`. The array is the sink's.
 */
export type ProductSink = (
  k: number,
  data: Float32Array,
  logScale: number,
  largest: number,
) => void;

/** The factors M diag(s_i) of the scan, flat. */
export interface Factors {
  n: number;
  steps: number;
  /** M row-major. */
  m: Float32Array;
  /** s_i row-major, steps×n, in float64 (divided by a renormalisation before rounding). */
  s: Float64Array;
}

/** Checks M (n×n) and the slopes (T×n), by name. */
function assertFactors(m: unknown, slopes: unknown): Factors {
  const n = assertSquare("m", m);
  assertMatrix("slopes", slopes);
  if (slopes[0].length !== n) {
    throw new RangeError(
      `slopes must be T×n with n = ${n} (m is ${n}×${n}), got ${shapeOf(slopes)}`,
    );
  }
  return {
    n,
    steps: slopes.length,
    m: Float32Array.from((m as Matrix).flat()),
    s: Float64Array.from(slopes.flat()),
  };
}

/**
 * max |entry|; NaN if any entry is NaN (Math.max propagates it). Four running maxima, so that the
 * iterations overlap: 1.4× faster at n = 64 than one (measured), where this is a fifth of a step.
 */
function maxAbs(data: Float32Array): number {
  let [a, b, c, d] = [0, 0, 0, 0];
  let i = 0;
  for (; i + 3 < data.length; i += 4) {
    a = Math.max(a, Math.abs(data[i]));
    b = Math.max(b, Math.abs(data[i + 1]));
    c = Math.max(c, Math.abs(data[i + 2]));
    d = Math.max(d, Math.abs(data[i + 3]));
  }
  for (; i < data.length; i++) a = Math.max(a, Math.abs(data[i]));
  return Math.max(a, b, c, d);
}

/**
 * The scan: hands rows [first, end) (default all) of every P_k to `sink`, k = T−1 down to 0; row
 * block r of P_k is row block r of P_{k+1} times M diag(s_k), so blocks never need each other
 * (the benchmark's worker threads scan one block each). Throws a RangeError naming the product
 * when one step leaves float32's range (a factor too large for float32, not a long horizon).
 */
export function scanSuffixProducts(
  { n, steps, m, s }: Factors,
  sink: ProductSink,
  [first, end]: readonly [number, number] = [0, n],
): void {
  const right = tf.tensor2d(m, [n, n], "float32"); // one tensor: XNNPACK reuses its packing
  let p: tf.Tensor | undefined;
  try {
    let logScale = 0;
    let divisor = 1;
    for (let k = steps - 1; k >= 0; k--) {
      const sk = new Float32Array(n);
      for (let j = 0; j < n; j++) sk[j] = s[k * n + j] / divisor;
      const previous = p;
      p = tf.tidy(() => {
        const left = previous
          ? tf.matMul(previous, right)
          : right.slice([first, 0], [end - first, n]);
        return tf.mul(left, tf.tensor2d(sk, [1, n]));
      });
      previous?.dispose();
      const data = p.dataSync() as Float32Array;
      const largest = maxAbs(data);
      if (!Number.isFinite(largest)) {
        throw new RangeError(
          `∂x⁽${steps}⁾/∂x⁽${k}⁾ left float32's range while multiplying (max |entry| = ` +
            `${largest}); the weights are too large for float32 products`,
        );
      }
      sink(k, data, logScale, largest);
      divisor = largest > 0 && (largest > 1e12 || largest < 1e-12) ? largest : 1;
      logScale += Math.log(divisor);
    }
  } finally {
    p?.dispose();
    right.dispose();
  }
}

/**
 * Whether the tfjs path beats plain float64 loops on the active backend: on wasm (XNNPACK), for
 * the sizes core/products.ts sends it; never on the pure-JavaScript cpu backend, whose matMul is
 * slower than the loops at every size (bench/run.ts compares them).
 */
export function preferFastProducts(): boolean {
  return tf.getBackend() === "wasm";
}

/**
 * All suffix products of the factors F_i = M diag(s_i), i = 0 … T−1: element k is
 * P_k = F_{T−1} ⋯ F_k (or P_kᵀ with `transpose`), as float64 arrays, scaled back from the log
 * scale (so values beyond float32 but within float64 come out whole; beyond float64, Infinity).
 */
export function suffixProductsOfFactors(m: Matrix, slopes: Matrix, transpose = false): Matrix[] {
  const factors = assertFactors(m, slopes);
  const { n } = factors;
  const out = new Array<Matrix>(factors.steps);
  scanSuffixProducts(factors, (k, data, logScale) => {
    const scale = Math.exp(logScale);
    out[k] = Array.from({ length: n }, (_, r) =>
      Array.from({ length: n }, (_, c) => data[transpose ? c * n + r : r * n + c] * scale),
    );
  });
  return out;
}

/**
 * Per-k norms ‖P_k‖₂ of the suffix products of `suffixProductsOfFactors`, with their log₁₀ in
 * float64 (the products are renormalised as they are formed, so the norms never overflow).
 * Computed product by product, without holding them all: for n ≤ 16 by a float64 SVD of each
 * (exact), above by the warm-started power method (an SVD costs about 5 ms at n = 64, times T
 * products; the power method a few matrix-vector products).
 */
export function suffixProductNormsOfFactors(m: Matrix, slopes: Matrix): ProductNorms {
  const factors = assertFactors(m, slopes);
  const { n, steps: t } = factors;
  const log10Norms = new Array<number>(t);
  let converged = true;
  // The warm start carried from product to product (they arrive in descending k).
  const u = new Float64Array(n).fill(1 / Math.sqrt(n));
  scanSuffixProducts(factors, (k, data, logScale, largest) => {
    let value = 0;
    if (largest > 0 && n <= 16) {
      value = spectralNorm(
        Array.from({ length: n }, (_, r) => [...data.subarray(r * n, r * n + n)]),
      );
    } else if (largest > 0) {
      const result = powerNorm(data, n, largest, u);
      value = result.norm;
      converged &&= result.converged;
    }
    log10Norms[k] = value > 0 ? Math.log10(value) + logScale / Math.LN10 : -Infinity;
  });
  return {
    distance: Array.from({ length: t }, (_, k) => t - k),
    norms: log10Norms.map((value) => 10 ** value),
    log10Norms,
    converged,
  };
}

/**
 * ‖P‖₂ by power iteration in float64 on the n×n row-major P (max |entry| = largest > 0). `u` is
 * the start vector and receives the final left singular vector estimate: passing the previous
 * product's vector is a warm start, because the left singular vectors of ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ live at x⁽ᵀ⁾
 * and change little from one k to the next. Each iteration forms w = Pᵀu and P w; ‖P w‖/‖w‖ rises
 * to σ₁ from below. Stops when it changes by at most 1e-10 relatively, or after 1000 iterations.
 */
function powerNorm(
  data: Float32Array,
  n: number,
  largest: number,
  u: Float64Array,
): { norm: number; converged: boolean } {
  const [tolerance, maxIterations] = [1e-10, 1000];
  const w = new Float64Array(n);
  const pw = new Float64Array(n);
  // Work on P / max|P|: a product near 1e-12 would underflow when squared.
  const scale = 1 / largest;
  let estimate = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    w.fill(0);
    for (let r = 0; r < n; r++) {
      const sur = scale * u[r];
      if (sur === 0) continue;
      for (let c = 0; c < n; c++) w[c] += data[r * n + c] * sur;
    }
    let wNorm = 0;
    for (let c = 0; c < n; c++) wNorm += w[c] * w[c];
    wNorm = Math.sqrt(wNorm);
    if (wNorm === 0) {
      // u is orthogonal to the range of P (P ≠ 0 here): restart from a dense vector.
      u.fill(1 / Math.sqrt(n));
      continue;
    }
    let pwNorm = 0;
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let c = 0; c < n; c++) sum += data[r * n + c] * w[c];
      sum *= scale;
      pw[r] = sum;
      pwNorm += sum * sum;
    }
    pwNorm = Math.sqrt(pwNorm);
    const next = pwNorm / wNorm;
    for (let r = 0; r < n; r++) u[r] = pw[r] / pwNorm;
    if (Math.abs(next - estimate) <= tolerance * next) {
      return { norm: next * largest, converged: true };
    }
    estimate = next;
  }
  return { norm: estimate * largest, converged: false };
}
