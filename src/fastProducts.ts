/**
 * All suffix products ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, k = 0 … t−1, of eq. (5) (Pascanu, Mikolov & Bengio 2013), fast
 * enough for t up to 1000 and n up to 256, as one tensor or as per-k norms.
 *
 * Conventions are those of `productsOverTime` in jacobian.ts: slice k holds ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, built
 * from J_i = ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ (i = k+1 … t) of the chosen form, multiplied
 *   numerator, paper:  P_k = J_t J_{t−1} ⋯ J_{k+1},   J_i = W D_{i−1}  or  Wᵀ D_{i−1}
 *   denominator:       P_k = J_{k+1} ⋯ J_t,            J_i = D_{i−1} Wᵀ  (the transpose of numerator)
 * with D_i = diag(σ′(x⁽ⁱ⁾)). Every chain is computed as the numerator-order chain of
 * M diag(s) with M = W (numerator, denominator) or M = Wᵀ (paper); the denominator products are
 * the transposes of the numerator ones.
 *
 * What the speed depends on (measured on wasm, the 2-core machines, bench/run.ts): a tfjs call
 * costs 10–50 µs of overhead, more than an 8×8 or 16×16 product; tfjs-wasm multiplies fast
 * (XNNPACK, 10–18 GFLOP/s) only plain 2-D matrices, while batched or transposed operands run a
 * naive kernel near 1.5 GFLOP/s; and its broadcasting multiply is slow (about 20 ns an entry).
 * Hence three strategies:
 *   "js"         float64 loops in plain TypeScript, no tfjs call at all: best for small n.
 *   "sequential" per step one plain 2-D matMul by the shared M (its packed weights are reused);
 *                the product comes back to JS, where its columns are scaled by s_k (cheaper than
 *                the broadcasting multiply) before it goes back as the next left factor.
 *   "blocked"    a two-level scan: the t steps are cut into B blocks of L; the L local products of
 *                all B blocks advance together as one tall (B·n)×n by n×n matMul per step, the B
 *                block carries are chained, and each block's L products are finished by one
 *                (L·n)×n by n×n matMul: about 2√t calls instead of t, for twice the flops: worth
 *                it where a call's overhead still exceeds an n×n product's work (n ≈ 16 here).
 * "auto" picks by n and backend (see `chooseStrategy`).
 *
 * Products over long horizons leave float32's range (1.5^1000 overflows, 0.5^200 underflows). The
 * scans therefore carry every product as P̃·e^{ℓ}, renormalising P̃ whenever its largest entry
 * leaves [1e-12, 1e12]; norms are returned with their log₁₀ in float64, so they stay meaningful
 * where the float32 tensor would not.
 */
import * as tf from "@tensorflow/tfjs";
import { SingularValueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { getActivation } from "./activations";
import { JACOBIAN_FORMS, JacobianForm } from "./jacobian";
import { RNN, checkTrajectory } from "./rnn";
import {
  Matrix,
  assertMatrix,
  assertOneOf,
  assertPositiveInteger,
  assertSquare,
  shapeOf,
} from "./validate";

export const PRODUCT_STRATEGIES = ["auto", "js", "blocked", "sequential"] as const;
export type ProductStrategy = (typeof PRODUCT_STRATEGIES)[number];

export const PRODUCT_NORMS = ["spectral", "frobenius"] as const;
export type ProductNormName = (typeof PRODUCT_NORMS)[number];

export interface SuffixProductOptions {
  /** How to compute; default "auto". */
  strategy?: ProductStrategy;
  /** Block length L of the "blocked" strategy; default ⌈√t⌉. */
  blockLength?: number;
}

export interface SuffixProductNormOptions extends SuffixProductOptions {
  /** Default "spectral" (‖·‖₂). */
  norm?: ProductNormName;
  /**
   * How spectral norms are found: "svd" (exact, float64 ml-matrix SVD of each product as computed)
   * or "power" (float64 power iteration, warm-started from the previous k's singular vector, a
   * lower bound that converges to ‖·‖₂). Default: "svd" for n ≤ 16, "power" above (an SVD costs
   * about 5 ms at n = 64, times t products; the warm-started power method a few matrix-vector
   * products each).
   */
  spectralMethod?: "svd" | "power";
  /** Power iteration stops when the estimate changes by at most this, relatively. Default 1e-10. */
  tolerance?: number;
  /** Power iteration cap per product. Default 1000. */
  maxIterations?: number;
}

/** Per-k norms of ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, ordered by k = 0 … t−1. */
export interface ProductNorms {
  norm: ProductNormName;
  strategy: Exclude<ProductStrategy, "auto">;
  t: number;
  k: number[];
  /** t − k, the number of factors. */
  distance: number[];
  /** The norms in float64 (0 or Infinity where the value is beyond float64; see log10Norms). */
  norms: number[];
  /** log₁₀ of the norms, finite wherever the product is not exactly zero (then −Infinity). */
  log10Norms: number[];
  /** For the power method: whether every estimate met the tolerance. True otherwise. */
  converged: boolean;
}

/** The chain to multiply: J_{k+1} = M diag(s_k) for k = 0 … steps−1, numerator order. */
interface Chain {
  n: number;
  steps: number;
  /** M row-major, n×n: W or Wᵀ. */
  m: Float64Array;
  /** s_k = σ′(x⁽ᵏ⁾) for k = 0 … steps−1, row-major steps×n. */
  s: Float64Array;
}

/**
 * Where a scan delivers each product: the true ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ (numerator-order chain) is
 * e^{logScale} times the n×n matrix stored row-major in data[offset …], transposed when
 * `transposed`. The data belongs to the scan: copy what you keep.
 */
type ProductSink = (
  k: number,
  data: Float32Array | Float64Array,
  offset: number,
  transposed: boolean,
  logScale: number,
  /** max |entry| of the delivered matrix when the scan knows it already, else −1. */
  largest: number,
) => void;

// float32's largest finite value is about 3.4e38; keep renormalised products well inside it.
const LOG_FLOAT32_MAX = Math.log(3.4e38);
const RESCALE_ABOVE = 1e12;
const RESCALE_BELOW = 1e-12;

/** 2n³(t−1): the multiply-adds ×2 of the t−1 products of n×n matrices any method must do. */
export function suffixProductFlops(n: number, t: number): number {
  assertPositiveInteger("n", n);
  assertPositiveInteger("t", t);
  return 2 * n ** 3 * (t - 1);
}

/**
 * The strategy "auto" uses for n×n products over t steps on `backend` (default: the active one).
 * Measured with bench/run.ts on the 2-core machines (t = 1000, wasm): the float64 loops win up to
 * n = 12 (n = 8: 2 ms against 3 ms blocked, 11 ms sequential), the blocked scan for n = 14–16
 * (n = 16: 7 ms against 10–11 ms for the others), one matMul per step from n ≈ 20 on (n = 32:
 * 20 ms against 25 ms blocked); for short runs (t = 100) the three are within noise of each other
 * at n = 14–16. On the pure-JavaScript cpu backend the float64 loops beat tfjs's own
 * matMul at every size (about 1.1 against 0.3–0.5 GFLOP/s).
 */
export function chooseStrategy(
  n: number,
  t: number,
  backend: string = tf.getBackend(),
): Exclude<ProductStrategy, "auto"> {
  assertPositiveInteger("n", n);
  assertPositiveInteger("t", t);
  if (backend !== "wasm" || n <= 12) return "js";
  if (n <= 16 && t >= 200) return "blocked";
  return "sequential";
}

function checkStrategy(options: SuffixProductOptions, n: number, t: number) {
  const strategy = options.strategy ?? "auto";
  assertOneOf("strategy", strategy, PRODUCT_STRATEGIES);
  if (options.blockLength !== undefined) assertPositiveInteger("blockLength", options.blockLength);
  return strategy === "auto" ? chooseStrategy(n, t) : strategy;
}

/** Builds the chain from W (n×n) and σ′ rows s_0 … s_{t−1} ((t)×n), for `form`. */
function buildChain(wRec: Matrix, sigmaPrime: Matrix, form: JacobianForm): Chain {
  const n = wRec.length;
  const steps = sigmaPrime.length;
  const m = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) m[r * n + c] = form === "paper" ? wRec[c][r] : wRec[r][c];
  }
  const s = new Float64Array(steps * n);
  sigmaPrime.forEach((row, k) => row.forEach((value, j) => (s[k * n + j] = value)));
  return { n, steps, m, s };
}

/** Largest |entry| of each of `parts` equal consecutive parts of `data` (from `offset`). */
function partMaxima(data: ArrayLike<number>, offset: number, parts: number, size: number) {
  const maxima = new Float64Array(parts);
  for (let p = 0; p < parts; p++) {
    let largest = 0;
    const from = offset + p * size;
    for (let i = from; i < from + size; i++) {
      const value = Math.abs(data[i]);
      // NaN compares false, so test it explicitly: it must surface as a non-finite maximum.
      if (value > largest || Number.isNaN(value)) largest = value;
    }
    maxima[p] = largest;
  }
  return maxima;
}

function checkFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `${what} left float32's range while multiplying (max |entry| = ${value}); the weights or t are too large for float32 products`,
    );
  }
}

/**
 * Scales the columns of each n×n block of `raw` by the block's row of `s` (s for block b at
 * sOffsets[b]) into a new float32 array, and renormalises a block whose largest entry leaves
 * [1e-12, 1e12]: the factor's log is added to logs[b]. Done in JS because tfjs-wasm's broadcasting
 * multiply costs about as much as the 64×64 matMul itself (measured), and the product has to come
 * back to JS anyway.
 */
function scaleColumns(
  raw: Float32Array,
  blocks: number,
  n: number,
  s: Float64Array,
  sOffsets: number[],
  logs: Float64Array,
  what: string,
): { values: Float32Array; maxima: Float64Array } {
  const size = n * n;
  const values = new Float32Array(blocks * size);
  const maxima = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const base = b * size;
    const so = sOffsets[b];
    let largest = 0;
    let invalid = false;
    for (let r = 0; r < n; r++) {
      const row = base + r * n;
      for (let c = 0; c < n; c++) {
        const value = raw[row + c] * s[so + c];
        values[row + c] = value;
        if (value > largest) largest = value;
        else if (-value > largest) largest = -value;
        else if (value !== value) invalid = true; // NaN
      }
    }
    checkFinite(invalid ? NaN : largest, what);
    if (largest > 0 && (largest > RESCALE_ABOVE || largest < RESCALE_BELOW)) {
      for (let i = base; i < base + size; i++) values[i] /= largest;
      logs[b] += Math.log(largest);
      largest = 1;
    }
    maxima[b] = largest;
  }
  return { values, maxima };
}

/** Uploads `values` as a rows×cols tensor, multiplies it by `m` (fast 2-D path), reads it back. */
function multiplyBy(
  values: Float32Array,
  rows: number,
  cols: number,
  m: tf.Tensor2D,
): Float32Array {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(values, [rows, cols], "float32"), m));
  try {
    // dataSync copies out of the backend, so the array outlives the tensor.
    return product.dataSync() as Float32Array;
  } finally {
    product.dispose();
  }
}

/**
 * "sequential": per step one plain 2-D matMul by the shared M (the fast XNNPACK path on wasm, its
 * packed weights reused from step to step); the product is read back, its columns scaled by s_k
 * and renormalised in JS, and uploaded again as the next left factor.
 */
function scanSequential(chain: Chain, sink: ProductSink): void {
  const { n, steps, s } = chain;
  const m = tf.tensor2d(Float32Array.from(chain.m), [n, n], "float32");
  try {
    const logs = new Float64Array(1);
    const what = "∂x⁽ᵗ⁾/∂x⁽ᵏ⁾";
    let current = scaleColumns(Float32Array.from(chain.m), 1, n, s, [(steps - 1) * n], logs, what);
    sink(steps - 1, current.values, 0, false, logs[0], current.maxima[0]);
    for (let k = steps - 2; k >= 0; k--) {
      const raw = multiplyBy(current.values, n, n, m);
      current = scaleColumns(raw, 1, n, s, [k * n], logs, what);
      sink(k, current.values, 0, false, logs[0], current.maxima[0]);
    }
  } finally {
    m.dispose();
  }
}

/** "blocked": the two-level scan described at the top of the file. */
function scanBlocked(chain: Chain, blockLength: number, sink: ProductSink): void {
  const { n, steps, s } = chain;
  const size = n * n;
  const length = Math.min(blockLength, steps);
  const blocks = Math.ceil(steps / length);
  // The diagonal for local step j (1-based) of block b is s_k with k = steps − b·L − j; for the
  // positions with k < 0 (the first block may be short) the zero row at offset steps·n is used
  // and their outputs are dropped.
  const sPadded = new Float64Array((steps + 1) * n);
  sPadded.set(s);
  const offsets = (j: number) =>
    Array.from({ length: blocks }, (_, b) => {
      const k = steps - b * length - j;
      return (k >= 0 ? k : steps) * n;
    });
  const m = tf.tensor2d(Float32Array.from(chain.m), [n, n], "float32");
  // local[j−1]: the B local products after j steps, block b at offset b·n², and their
  // log-scales logLocal[j−1][b].
  const local: Float32Array[] = [];
  const logLocal: Float64Array[] = [];
  const carries: tf.Tensor2D[] = [];
  try {
    // Phase 1: Q_{b,j} = J_{e_b} ⋯ J_{e_b−j+1} for all blocks at once, one tall matMul per step.
    const logs = new Float64Array(blocks);
    const what = "a block product of ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾";
    const first = new Float32Array(blocks * size);
    for (let b = 0; b < blocks; b++) first.set(Float32Array.from(chain.m), b * size);
    let q = scaleColumns(first, blocks, n, sPadded, offsets(1), logs, what).values;
    local.push(q);
    logLocal.push(Float64Array.from(logs));
    for (let j = 2; j <= length; j++) {
      const raw = multiplyBy(q, blocks * n, n, m);
      q = scaleColumns(raw, blocks, n, sPadded, offsets(j), logs, what).values;
      local.push(q);
      logLocal.push(Float64Array.from(logs));
    }
    // Phase 2: carries C_b = P_{e_b} = C_{b−1} Q_{b−1,L} (C_0 = I), renormalised each time;
    // carries[b−1] holds C̃_bᵀ, ready to multiply the transposed local products of block b.
    const logCarry = new Float64Array(blocks);
    const last = local[length - 1];
    let carry: tf.Tensor2D | undefined;
    try {
      for (let b = 1; b < blocks; b++) {
        const blockProduct = tf.tensor2d(last.subarray((b - 1) * size, b * size), [n, n]);
        const product = carry === undefined ? blockProduct : tf.matMul(carry, blockProduct);
        if (product !== blockProduct) blockProduct.dispose();
        const largest = partMaxima(product.dataSync(), 0, 1, size)[0];
        checkFinite(largest, "a block carry of ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾");
        const factor = largest > 0 ? largest : 1;
        carry?.dispose();
        carry = tf.div(product, factor) as tf.Tensor2D;
        product.dispose();
        carries.push(tf.transpose(carry));
        logCarry[b] = logCarry[b - 1] + logLocal[length - 1][b - 1] + Math.log(factor);
      }
    } finally {
      carry?.dispose();
    }
    // Phase 3: P_kᵀ = Q_{b,j}ᵀ C_bᵀ for the L products of block b, one (L·n)×n by n×n matMul.
    const stackedT = new Float32Array(length * size);
    for (let b = 0; b < blocks; b++) {
      const count = Math.min(length, steps - b * length);
      const base = b * size;
      for (let j = 0; j < count; j++) {
        const from = local[j];
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) stackedT[j * size + c * n + r] = from[base + r * n + c];
        }
      }
      const data =
        b === 0
          ? stackedT
          : multiplyBy(stackedT.subarray(0, count * size), count * n, n, carries[b - 1]);
      for (let j = 0; j < count; j++) {
        sink(steps - b * length - (j + 1), data, j * size, true, logCarry[b] + logLocal[j][b], -1);
      }
    }
  } finally {
    carries.forEach((t) => t.dispose());
    m.dispose();
  }
}

/**
 * "js": float64 loops, each product handed to the sink as it is made (numerator order, with its
 * natural-log scale). float64 has room to spare, so renormalising only far from 1 keeps the
 * rounding identical to a plain product in every ordinary case.
 */
function scanJs(chain: Chain, sink: ProductSink): void {
  const { n, steps, m, s } = chain;
  const size = n * n;
  let current = new Float64Array(size);
  let next = new Float64Array(size);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) current[r * n + c] = m[r * n + c] * s[(steps - 1) * n + c];
  }
  // Mᵀ row-major, so that both factors of each dot product are read contiguously.
  const mT = new Float64Array(size);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) mT[c * n + r] = m[r * n + c];
  let logScale = 0;
  sink(steps - 1, current, 0, false, logScale, -1);
  for (let k = steps - 2; k >= 0; k--) {
    let largest = 0;
    const sOffset = k * n;
    for (let r = 0; r < n; r++) {
      const rowOffset = r * n;
      for (let c = 0; c < n; c++) {
        // Entry (r, c) of (current · M) diag(s_k): a dot product with four accumulators, which
        // lets V8 overlap the multiply-adds (measured 1.2–1.3 GFLOP/s against 0.6–1.0 for one).
        const columnOffset = c * n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let i = 0;
        for (; i + 3 < n; i += 4) {
          s0 += current[rowOffset + i] * mT[columnOffset + i];
          s1 += current[rowOffset + i + 1] * mT[columnOffset + i + 1];
          s2 += current[rowOffset + i + 2] * mT[columnOffset + i + 2];
          s3 += current[rowOffset + i + 3] * mT[columnOffset + i + 3];
        }
        for (; i < n; i++) s0 += current[rowOffset + i] * mT[columnOffset + i];
        const value = (s0 + s1 + (s2 + s3)) * s[sOffset + c];
        next[rowOffset + c] = value;
        const magnitude = value < 0 ? -value : value;
        if (magnitude > largest) largest = magnitude;
      }
    }
    if (largest > 0 && (largest > 1e100 || largest < 1e-100)) {
      for (let i = 0; i < size; i++) next[i] /= largest;
      logScale += Math.log(largest);
      largest = 1;
    }
    [current, next] = [next, current];
    sink(k, current, 0, false, logScale, largest);
  }
}

interface CheckedInput {
  chain: Chain;
  form: JacobianForm;
  t: number;
}

function checkDerivatives(wRec: unknown, sigmaPrime: unknown, form: unknown): CheckedInput {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const n = assertSquare("wRec", wRec);
  assertMatrix("sigmaPrime", sigmaPrime);
  if (sigmaPrime[0].length !== n) {
    throw new RangeError(
      `sigmaPrime must be t×n with n = ${n} (wRec is ${n}×${n}), got ${shapeOf(sigmaPrime)}`,
    );
  }
  return {
    chain: buildChain(wRec as Matrix, sigmaPrime, form),
    form,
    t: sigmaPrime.length,
  };
}

/** σ′(x⁽ᵏ⁾) for k = 0 … t−1, in float64, from the states of a run. */
function derivativesFromStates(rnn: RNN, states: unknown, t: number | undefined): Matrix {
  if (typeof rnn !== "object" || rnn === null || !Array.isArray(rnn.wRec)) {
    throw new TypeError(`rnn must be an RNN (from createRNN or randomRNN), got ${String(rnn)}`);
  }
  const last = checkTrajectory(rnn, states, t);
  const derivative = getActivation(rnn.activation).derivative;
  return (states as Matrix).slice(0, last).map((row) => row.map(derivative));
}

function scan(
  chain: Chain,
  strategy: Exclude<ProductStrategy, "auto">,
  blockLength: number | undefined,
  sink: ProductSink,
): void {
  if (strategy === "js") scanJs(chain, sink);
  else if (strategy === "sequential" || chain.steps === 1) scanSequential(chain, sink);
  else scanBlocked(chain, blockLength ?? Math.ceil(Math.sqrt(chain.steps)), sink);
}

// Two copies of one loop, so that each reads a single array type: V8 compiles a loop over a
// Float32Array | Float64Array union several times slower (measured).
function copyScaled32(
  out: Float32Array,
  base: number,
  data: Float32Array,
  offset: number,
  n: number,
  transpose: boolean,
  factor: number,
): void {
  if (!transpose) {
    for (let i = 0; i < n * n; i++) out[base + i] = data[offset + i] * factor;
    return;
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) out[base + c * n + r] = data[offset + r * n + c] * factor;
  }
}

function copyScaled64(
  out: Float32Array,
  base: number,
  data: Float64Array,
  offset: number,
  n: number,
  transpose: boolean,
  factor: number,
): void {
  if (!transpose) {
    for (let i = 0; i < n * n; i++) out[base + i] = data[offset + i] * factor;
    return;
  }
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) out[base + c * n + r] = data[offset + r * n + c] * factor;
  }
}

function assembleTensor(
  input: CheckedInput,
  strategy: Exclude<ProductStrategy, "auto">,
  blockLength: number | undefined,
): tf.Tensor3D {
  return assembleChain(input.chain, input.form === "denominator", strategy, blockLength);
}

/** All suffix products of `chain` as one t×n×n tensor, each transposed when `transposeOut`. */
function assembleChain(
  chain: Chain,
  transposeOut: boolean,
  strategy: Exclude<ProductStrategy, "auto">,
  blockLength: number | undefined,
): tf.Tensor3D {
  const { n } = chain;
  const t = chain.steps;
  const size = n * n;
  // Assembled in JS and uploaded once: tf.stack/concat/reverse of many slices copy slowly on
  // wasm (measured: concatenating 1000 slices of 256×256 took seconds).
  const out = new Float32Array(t * size);
  scan(chain, strategy, blockLength, (k, data, offset, transposed, logScale, known) => {
    const largest = known >= 0 ? known : partMaxima(data, offset, 1, size)[0];
    if (largest > 0 && logScale + Math.log(largest) > LOG_FLOAT32_MAX) {
      const log10 = (logScale + Math.log(largest)) / Math.LN10;
      throw new RangeError(
        `∂x⁽${t}⁾/∂x⁽${k}⁾ has entries near 1e${Math.round(log10)}, beyond float32; ` +
          `use suffixProductNorms (float64 log scale) or a shorter t`,
      );
    }
    const base = k * size;
    if (transposed === transposeOut && logScale === 0) {
      out.set(data.subarray(offset, offset + size), base); // a plain copy
    } else if (data instanceof Float32Array) {
      copyScaled32(out, base, data, offset, n, transposed !== transposeOut, Math.exp(logScale));
    } else {
      copyScaled64(out, base, data, offset, n, transposed !== transposeOut, Math.exp(logScale));
    }
  });
  return tf.tensor3d(out, [t, n, n], "float32");
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for k = 0 … t−1 from W (n×n) and the t×n matrix whose row k is σ′(x⁽ᵏ⁾), as a
 * t×n×n float32 tensor (slice k, the layout of `form`); the caller disposes it. Throws if a
 * product leaves float32's range (use `suffixProductNormsFromDerivatives` then).
 */
export function suffixProductsFromDerivatives(
  wRec: Matrix,
  sigmaPrime: Matrix,
  form: JacobianForm,
  options: SuffixProductOptions = {},
): tf.Tensor3D {
  const input = checkDerivatives(wRec, sigmaPrime, form);
  const strategy = checkStrategy(options, input.chain.n, input.t);
  return assembleTensor(input, strategy, options.blockLength);
}

/**
 * The products of eq. (5) along a run: slice k of the returned t×n×n tensor is ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ in the
 * layout of `form`, exactly as `productsOverTime(rnn, states, form, t)` orders them, computed
 * without one tfjs call per step. `states` is [x⁽⁰⁾ … x⁽ᵀ⁾] (from `forward`); t defaults to T.
 * The caller disposes the tensor.
 */
export function suffixProducts(
  rnn: RNN,
  states: Matrix,
  form: JacobianForm,
  t?: number,
  options: SuffixProductOptions = {},
): tf.Tensor3D {
  const sigmaPrime = derivativesFromStates(rnn, states, t);
  return suffixProductsFromDerivatives(rnn.wRec, sigmaPrime, form, options);
}

/** Checks M (n×n) and the slopes (T×n) of the form-agnostic entry points; builds the chain. */
function checkFactors(m: unknown, slopes: unknown): Chain {
  const n = assertSquare("m", m);
  assertMatrix("slopes", slopes);
  if (slopes[0].length !== n) {
    throw new RangeError(
      `slopes must be T×n with n = ${n} (m is ${n}×${n}), got ${shapeOf(slopes)}`,
    );
  }
  const steps = slopes.length;
  const flatM = new Float64Array(n * n);
  (m as Matrix).forEach((row, r) => row.forEach((value, c) => (flatM[r * n + c] = value)));
  const s = new Float64Array(steps * n);
  slopes.forEach((row, k) => row.forEach((value, j) => (s[k * n + j] = value)));
  return { n, steps, m: flatM, s };
}

/**
 * Whether `suffixProductsOfFactors` (tfjs) beats plain float64 loops for n×n products over T
 * steps on the active backend: on wasm from n ≈ 20 on (XNNPACK's matMul), never on the
 * pure-JavaScript cpu backend (measured with bench/run.ts on the 2-core machines). A caller with
 * its own float64 loops uses them where this is false.
 */
export function preferFastProducts(n: number, t: number): boolean {
  return chooseStrategy(n, t) === "sequential";
}

export interface FactorProductOptions {
  /** Deliver each product transposed (slice k = Pₖᵀ). Default false. */
  transpose?: boolean;
}

/**
 * All suffix products of the factors F_i = M diag(s_i), i = 0 … T−1 (s_i = row i of `slopes`,
 * T×n): slice k of the returned T×n×n float32 tensor is P_k = F_{T−1} F_{T−2} ⋯ F_k, or P_kᵀ
 * with `transpose`. With M = W_rec and s_i = σ′(x⁽ⁱ⁾) this is ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ of eq. (5) in numerator
 * layout; which M a Jacobian form uses is the caller's decision, not this module's. Computed with
 * one plain 2-D matMul per step (the fast XNNPACK path on wasm). The caller disposes the tensor.
 * Throws a RangeError naming the first slice whose entries leave float32's range (use
 * `suffixProductNormsOfFactors`, which keeps a float64 log scale, then).
 */
export function suffixProductsOfFactors(
  m: Matrix,
  slopes: Matrix,
  options: FactorProductOptions = {},
): tf.Tensor3D {
  const chain = checkFactors(m, slopes);
  const transpose = options.transpose ?? false;
  if (typeof transpose !== "boolean") {
    throw new TypeError(`options.transpose must be a boolean, got ${String(transpose)}`);
  }
  return assembleChain(chain, transpose, "sequential", undefined);
}

export interface FactorNormOptions {
  /** Default "spectral" (‖·‖₂). */
  norm?: ProductNormName;
  /** As in `SuffixProductNormOptions`. */
  spectralMethod?: "svd" | "power";
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Per-k norms ‖P_k‖ of the suffix products of `suffixProductsOfFactors`, with their log₁₀ in
 * float64 (the products are renormalised as they are formed, so the norms never overflow).
 */
export function suffixProductNormsOfFactors(
  m: Matrix,
  slopes: Matrix,
  options: FactorNormOptions = {},
): ProductNorms {
  const chain = checkFactors(m, slopes);
  return chainNorms(chain, "sequential", { ...options, strategy: "sequential" });
}

/**
 * ‖P‖₂ by power iteration in float64 on the n×n matrix at data[offset …] (holding P, or Pᵀ when
 * `transposed`). `u` is the start vector and receives the final left singular vector estimate:
 * passing the previous product's vector is a warm start, because the left singular vectors of
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ live at x⁽ᵗ⁾ and change little from one k to the next. Each iteration forms
 * w = Pᵀu and P w; ‖P w‖/‖w‖ rises to σ₁ from below. Stops when it changes by at most
 * `tolerance` relatively, or after `maxIterations`.
 */
function powerNorm(
  data: ArrayLike<number>,
  offset: number,
  n: number,
  transposed: boolean,
  u: Float64Array,
  tolerance: number,
  maxIterations: number,
): { norm: number; converged: boolean } {
  const w = new Float64Array(n);
  const pw = new Float64Array(n);
  // entry (r, c) of P, whichever way the data is laid out
  const rowStride = transposed ? 1 : n;
  const colStride = transposed ? n : 1;
  // Work on P / max|P|: float64 products can be as small as 1e-100, whose squares would underflow.
  const largest = partMaxima(data, offset, 1, n * n)[0];
  if (largest === 0) return { norm: 0, converged: true };
  const scale = 1 / largest;
  let estimate = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    w.fill(0);
    for (let r = 0; r < n; r++) {
      const ur = u[r];
      if (ur === 0) continue;
      const sur = scale * ur;
      for (let c = 0; c < n; c++) w[c] += data[offset + r * rowStride + c * colStride] * sur;
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
      for (let c = 0; c < n; c++) sum += data[offset + r * rowStride + c * colStride] * w[c];
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

/** The largest singular value of the n×n matrix at data[offset …], in float64 (ml-matrix). */
function svdNorm(data: ArrayLike<number>, offset: number, n: number): number {
  const rows: number[][] = Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => data[offset + r * n + c]),
  );
  const svd = new SingularValueDecomposition(new MlMatrix(rows), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  });
  return Math.max(...svd.diagonal);
}

function frobenius(data: ArrayLike<number>, offset: number, size: number): number {
  let sum = 0;
  for (let i = offset; i < offset + size; i++) sum += data[i] * data[i];
  return Math.sqrt(sum);
}

/**
 * Per-k norms ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖ from W and σ′ rows (see `suffixProductsFromDerivatives`), without
 * materialising the products in JS arrays. Norms are invariant under transposition, so
 * "numerator" and "denominator" give the same numbers.
 */
export function suffixProductNormsFromDerivatives(
  wRec: Matrix,
  sigmaPrime: Matrix,
  form: JacobianForm,
  options: SuffixProductNormOptions = {},
): ProductNorms {
  const input = checkDerivatives(wRec, sigmaPrime, form);
  return chainNorms(input.chain, checkStrategy(options, input.chain.n, input.t), options);
}

/** Per-k norms of the suffix products of `chain` (see `suffixProductNormsFromDerivatives`). */
function chainNorms(
  chain: Chain,
  strategy: Exclude<ProductStrategy, "auto">,
  options: SuffixProductNormOptions,
): ProductNorms {
  const { n } = chain;
  const t = chain.steps;
  const size = n * n;
  const norm = options.norm ?? "spectral";
  assertOneOf("norm", norm, PRODUCT_NORMS);
  const method = options.spectralMethod ?? (n <= 16 ? "svd" : "power");
  assertOneOf("spectralMethod", method, ["svd", "power"] as const);
  const tolerance = options.tolerance ?? 1e-10;
  if (typeof tolerance !== "number" || !(tolerance > 0 && tolerance < 1)) {
    throw new RangeError(`tolerance must be a number in (0, 1), got ${String(tolerance)}`);
  }
  const maxIterations = options.maxIterations ?? 1000;
  assertPositiveInteger("maxIterations", maxIterations);

  const scaledNorms = new Float64Array(t);
  const logScales = new Float64Array(t);
  let converged = true;
  // The warm start carried from product to product (they arrive in descending k).
  const u = new Float64Array(n).fill(1 / Math.sqrt(n));
  scan(chain, strategy, options.blockLength, (k, data, offset, transposed, logScale) => {
    logScales[k] = logScale;
    if (norm === "frobenius") {
      scaledNorms[k] = frobenius(data, offset, size);
    } else if (method === "svd") {
      scaledNorms[k] = svdNorm(data, offset, n);
    } else {
      const result = powerNorm(data, offset, n, transposed, u, tolerance, maxIterations);
      scaledNorms[k] = result.norm;
      converged &&= result.converged;
    }
  });
  const log10Norms = Array.from(scaledNorms, (value, k) =>
    value > 0 ? Math.log10(value) + logScales[k] / Math.LN10 : -Infinity,
  );
  return {
    norm,
    strategy,
    t,
    k: Array.from({ length: t }, (_, k) => k),
    distance: Array.from({ length: t }, (_, k) => t - k),
    norms: log10Norms.map((value) => 10 ** value),
    log10Norms,
    converged,
  };
}

/** Per-k norms of the products of eq. (5) along a run (see `suffixProducts`). */
export function suffixProductNorms(
  rnn: RNN,
  states: Matrix,
  form: JacobianForm,
  t?: number,
  options: SuffixProductNormOptions = {},
): ProductNorms {
  const sigmaPrime = derivativesFromStates(rnn, states, t);
  return suffixProductNormsFromDerivatives(rnn.wRec, sigmaPrime, form, options);
}
