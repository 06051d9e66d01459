/**
 * Ways of computing all suffix products P_k = J_T ⋯ J_{k+1} of eq. (5) that only the benchmark
 * uses, measured against the library's one fast path (src/fast/products.ts, "library" below):
 *   "js"         float64 loops in plain TypeScript, no tfjs call (best for small n);
 *   "js-scaled"  per step one matMul by the shared M, the product read back, its columns scaled by
 *                s_k in JavaScript and uploaded again (the library's previous fast path);
 *   "blocked"    a two-level scan: the t steps cut into B blocks of L; the L local products of all
 *                B blocks advance together as one tall (B·n)×n by n×n matMul per step, the block
 *                carries are chained, and each block's L products finished by one (L·n)×n by n×n
 *                matMul: about 2√t calls instead of t, for twice the flops (worth it only where a
 *                call's overhead exceeds an n×n product's work, n ≈ 16 here);
 *   "workers"    the rows of P split between this thread and worker threads
 *                (bench/productsWorker.ts), each with its own single-threaded tfjs-wasm: row
 *                block i of P_k is row block i of P_{k+1} times M diag(s_k), so the blocks never
 *                need each other.
 * Every strategy delivers what NumPy's side does (bench/numpy_products.py): the products in one
 * float32 array, slice k at k·n², each renormalised, with its natural-log scale beside it.
 */
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { Factors, scanSuffixProducts } from "../src/fast/products";
import { Matrix } from "../src/shared/validate";

export const STRATEGIES = ["library", "js", "js-scaled", "blocked"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The products of a run, as NumPy's side keeps them: P_k = e^{logScales[k]} · data[k·n² …]. */
export interface FlatProducts {
  n: number;
  t: number;
  data: Float32Array;
  /** One scale per product and row block: logScales[k·blocks + b] (blocks > 1 for "workers"). */
  logScales: Float64Array;
  /** Row block b holds rows rowStarts[b] … rowStarts[b + 1] − 1. */
  rowStarts: number[];
}

/**
 * The largest difference between two computations of the same products, relative to each
 * product's largest entry (in float64, each row block scaled by its own log scale relative to
 * b's first block, so that products beyond float64's range compare too).
 */
export function maxRelativeDifference(a: FlatProducts, b: FlatProducts): number {
  const { n, t } = a;
  const row = (p: FlatProducts, k: number, r: number, offset: number) => {
    const blocks = p.rowStarts.length - 1;
    let block = 0;
    while (r >= p.rowStarts[block + 1]) block++;
    const scale = Math.exp(p.logScales[k * blocks + block] - offset);
    const from = k * n * n + r * n;
    return Array.from(p.data.subarray(from, from + n), (x) => x * scale);
  };
  let worst = 0;
  for (let k = 0; k < t; k++) {
    const offset = b.logScales[k * (b.rowStarts.length - 1)];
    let difference = 0;
    let largest = 0;
    for (let r = 0; r < n; r++) {
      const x = row(a, k, r, offset);
      const y = row(b, k, r, offset);
      x.forEach((value, c) => {
        difference = Math.max(difference, Math.abs(value - y[c]));
        largest = Math.max(largest, Math.abs(y[c]));
      });
    }
    if (largest > 0) worst = Math.max(worst, difference / largest);
  }
  return worst;
}

/** The numerator-order chain of J_{k+1} = M diag(s_k), flat. */
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

const RESCALE_ABOVE = 1e12;
const RESCALE_BELOW = 1e-12;

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

function buildChain(m: Matrix, slopes: Matrix): Chain {
  return {
    n: m.length,
    steps: slopes.length,
    m: Float64Array.from(m.flat()),
    s: Float64Array.from(slopes.flat()),
  };
}

/** M diag(s_k) as the library's scan takes them: M row-major float32, s_k row-major float64. */
export function libraryFactors(m: Matrix, slopes: Matrix): Factors {
  const n = m.length;
  return {
    n,
    steps: slopes.length,
    m: Float32Array.from(m.flat()),
    s: Float64Array.from(slopes.flat()),
  };
}

/** The products of M diag(s_k) (s_k = row k of `slopes`) by `strategy`, as NumPy keeps them. */
export function strategyProducts(strategy: Strategy, m: Matrix, slopes: Matrix): FlatProducts {
  const n = m.length;
  const t = slopes.length;
  const size = n * n;
  const data = new Float32Array(t * size);
  const logScales = new Float64Array(t);
  if (strategy === "library") {
    scanSuffixProducts(libraryFactors(m, slopes), (k, product, logScale) => {
      data.set(product, k * size);
      logScales[k] = logScale;
    });
    return { n, t, data, logScales, rowStarts: [0, n] };
  }
  const chain = buildChain(m, slopes);
  const sink: ProductSink = (k, from, offset, transposed, logScale) => {
    // "js" renormalises its float64 products only beyond 1e±100: bring them into float32's range.
    let factor = 1;
    if (from instanceof Float64Array) {
      const largest = partMaxima(from, offset, 1, size)[0];
      if (largest > 0 && (largest > RESCALE_ABOVE || largest < RESCALE_BELOW)) factor = 1 / largest;
    }
    logScales[k] = logScale - Math.log(factor);
    const base = k * size;
    if (!transposed) {
      for (let i = 0; i < size; i++) data[base + i] = from[offset + i] * factor;
      return;
    }
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) data[base + c * n + r] = from[offset + r * n + c] * factor;
    }
  };
  if (strategy === "js") scanJs(chain, sink);
  else if (strategy === "js-scaled" || t === 1) scanSequential(chain, sink);
  else scanBlocked(chain, Math.ceil(Math.sqrt(t)), sink);
  return { n, t, data, logScales, rowStarts: [0, n] };
}

/** What one thread computes of "workers": rows [r0, r1) of every P_k. */
export interface RowBlock extends Factors {
  r0: number;
  r1: number;
  /** The shared output, t·n² (rows r0 … r1 − 1 of slice k are this block's). */
  out: Float32Array;
  /** The shared log scales, t·blocks; this block's at k·blocks + block. */
  logs: Float64Array;
  block: number;
  blocks: number;
}

/** Rows [r0, r1) of every P_k by the library's scan, each row block renormalised on its own. */
export function scanRows(job: RowBlock): void {
  const { n, r0, r1, out, logs, block, blocks } = job;
  scanSuffixProducts(
    job,
    (k, data, logScale) => {
      out.set(data, k * n * n + r0 * n);
      logs[k * blocks + block] = logScale;
    },
    [r0, r1],
  );
}

/**
 * "workers": this thread and `count` worker threads (bench/productsWorker.ts, each loading its own
 * tfjs-wasm, started once and reused), the rows of P split evenly between them.
 */
export class ProductWorkers {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` workers and waits until each has its wasm backend ready. */
  static async start(count: number): Promise<ProductWorkers> {
    // The worker's entry is TypeScript: register tsx inside it first (an --import in execArgv
    // does not reach a worker's entry module in Node 20).
    const entry = JSON.stringify(join(__dirname, "productsWorker.ts"));
    const workers = Array.from(
      { length: count },
      () => new Worker(`require("tsx/cjs"); require(${entry});`, { eval: true }),
    );
    await Promise.all(workers.map((worker) => reply(worker)));
    return new ProductWorkers(workers);
  }

  async products(m: Matrix, slopes: Matrix): Promise<FlatProducts> {
    const n = m.length;
    const t = slopes.length;
    const blocks = this.workers.length + 1;
    const out = new Float32Array(new SharedArrayBuffer(t * n * n * 4));
    const logs = new Float64Array(new SharedArrayBuffer(t * blocks * 8));
    const common = { ...libraryFactors(m, slopes), out, logs, blocks };
    const bound = (b: number) => Math.round((b * n) / blocks);
    const done = this.workers.map((worker, i) => {
      const block = i + 1;
      const finished = reply(worker);
      worker.postMessage({ ...common, r0: bound(block), r1: bound(block + 1), block });
      return finished;
    });
    scanRows({ ...common, r0: 0, r1: bound(1), block: 0 });
    await Promise.all(done);
    const rowStarts = Array.from({ length: blocks + 1 }, (_, b) => bound(b));
    return { n, t, data: out, logScales: logs, rowStarts };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

/** The next message of `worker`: "ready", "done", or an error it reports. */
function reply(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once("error", onError);
    worker.once("message", (message: { error?: string }) => {
      worker.off("error", onError);
      if (message.error) reject(new Error(message.error));
      else resolve();
    });
  });
}
