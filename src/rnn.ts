/**
 * The recurrent network of eq. (2) in Pascanu, Mikolov & Bengio (2013):
 *
 *   x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in σ(u⁽ᵗ⁾) + b
 *
 * x is the state *before* the activation. The arXiv/ICML text writes the input term W_in u⁽ᵗ⁾;
 * the CrossValidated answer 369441 writes W_in σ(u⁽ᵗ⁾). We follow the answer. The input term does
 * not depend on x⁽ᵗ⁻¹⁾, so it changes no Jacobian in this project.
 */
import * as tf from "@tensorflow/tfjs";
import { ActivationName, getActivation } from "./activations";
import { normalMatrix, normalSource } from "./random";
import {
  Matrix,
  Vector,
  assertFiniteNumber,
  assertMatrix,
  assertPositiveInteger,
  assertSquare,
  assertVector,
  assertInteger,
} from "./validate";

/** A network's parameters: n hidden neurons, m inputs. Plain arrays, float64 as given. */
export interface RNN {
  readonly n: number;
  readonly m: number;
  /** n×n; row j holds the weights into neuron j, W_rec[j][k] = W_jk from neuron k. */
  readonly wRec: Matrix;
  /** n×m */
  readonly wIn: Matrix;
  /** length n */
  readonly b: Vector;
  readonly activation: ActivationName;
}

export interface RNNSpec {
  wRec: Matrix;
  /** Defaults to an n×1 zero matrix (no input). */
  wIn?: Matrix;
  /** Defaults to zeros. */
  b?: Vector;
  /** Defaults to tanh. */
  activation?: ActivationName;
}

/** Checks the shapes and values of `spec` and returns an RNN holding copies of its arrays. */
export function createRNN(spec: RNNSpec): RNN {
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`spec must be an object with wRec, got ${String(spec)}`);
  }
  const activation = getActivation(spec.activation ?? "tanh").name;
  const n = assertSquare("wRec", spec.wRec);
  const wIn = spec.wIn ?? Array.from({ length: n }, () => [0]);
  assertMatrix("wIn", wIn);
  if (wIn.length !== n) {
    throw new RangeError(
      `wIn must have n = ${n} rows to match wRec (${n}×${n}), got ${wIn.length}×${wIn[0].length}`,
    );
  }
  const b = spec.b ?? new Array<number>(n).fill(0);
  assertVector("b", b);
  if (b.length !== n) {
    throw new RangeError(`b must have length n = ${n} to match wRec (${n}×${n}), got ${b.length}`);
  }
  return {
    n,
    m: wIn[0].length,
    wRec: spec.wRec.map((row) => [...row]),
    wIn: wIn.map((row) => [...row]),
    b: [...b],
    activation,
  };
}

export interface RandomRNNOptions {
  /** Number of hidden neurons. */
  n: number;
  /** Number of inputs m (default 1). */
  inputSize?: number;
  seed: number;
  activation?: ActivationName;
  /**
   * Scale of W_rec: entries are N(0, gain²/n), so the spectral radius is close to `gain` for
   * large n (the circular law). Default 1.
   */
  gain?: number;
  /**
   * Make W_rec symmetric: the case where the paper's form happens to be right. W = (A + Aᵀ)/(2√2)
   * with A as above; the semicircle law puts its spectral radius near `gain` too.
   */
  symmetric?: boolean;
}

/** A seeded random network: the same options give the same numbers on every run. */
export function randomRNN(options: RandomRNNOptions): RNN {
  const { n, seed } = options;
  assertPositiveInteger("n", n);
  assertInteger("seed", seed);
  const m = options.inputSize ?? 1;
  assertPositiveInteger("inputSize", m);
  const gain = options.gain ?? 1;
  assertFiniteNumber("gain", gain);
  const next = normalSource(seed);
  let wRec = normalMatrix(next, n, n, gain / Math.sqrt(n));
  if (options.symmetric) {
    wRec = wRec.map((row, j) => row.map((value, k) => (value + wRec[k][j]) / (2 * Math.SQRT2)));
  }
  const wIn = normalMatrix(next, n, m, 1 / Math.sqrt(m));
  const b = normalMatrix(next, 1, n, 0.1)[0];
  return createRNN({ wRec, wIn, b, activation: options.activation ?? "tanh" });
}

/** A seeded input sequence u⁽¹⁾…u⁽ᵀ⁾ as a T×m matrix of N(0, 1) entries. */
export function randomInputs(steps: number, inputSize: number, seed: number): Matrix {
  assertPositiveInteger("steps", steps);
  assertPositiveInteger("inputSize", inputSize);
  assertInteger("seed", seed);
  return normalMatrix(normalSource(seed), steps, inputSize, 1);
}

/** A seeded initial state x⁽⁰⁾ with N(0, 1) entries. */
export function randomState(n: number, seed: number): Vector {
  assertPositiveInteger("n", n);
  assertInteger("seed", seed);
  return normalMatrix(normalSource(seed), 1, n, 1)[0];
}

/** Checks that u (T×m) and x0 (n) fit `rnn`; shared by every function that runs the network. */
export function assertSequenceFits(rnn: RNN, u: unknown, x0: unknown): void {
  if (Array.isArray(u) && u.length === 0) {
    throw new RangeError("u must hold at least one time step, got an empty sequence");
  }
  assertMatrix("u", u);
  if (u[0].length !== rnn.m) {
    throw new RangeError(
      `u must be T×m with m = ${rnn.m} inputs (wIn is ${rnn.n}×${rnn.m}), got ${u.length}×${u[0].length}`,
    );
  }
  assertVector("x0", x0);
  if (x0.length !== rnn.n) {
    throw new RangeError(
      `x0 must have length n = ${rnn.n} (wRec is ${rnn.n}×${rnn.n}), got ${x0.length}`,
    );
  }
}

/**
 * Checks a run `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] of `rnn` (T ≥ 1, rows of length n) and the last step t of
 * a product over it (default T, must lie in [1, T]); returns t. Shared by every function that
 * multiplies Jacobians along a run, so they all reject the same inputs with the same words.
 */
export function checkTrajectory(rnn: RNN, states: unknown, t?: number): number {
  assertMatrix("states", states);
  if (states[0].length !== rnn.n) {
    throw new RangeError(
      `states must be (T+1)×n with n = ${rnn.n}, got ${states.length}×${states[0].length}`,
    );
  }
  const steps = states.length - 1;
  if (steps < 1) {
    throw new RangeError(`states must hold at least two states x⁽⁰⁾, x⁽¹⁾, got ${states.length}`);
  }
  const last = t ?? steps;
  if (!Number.isInteger(last) || last < 1 || last > steps) {
    throw new RangeError(
      `t must be an integer in [1, ${steps}] (states has T = ${steps} steps), got ${String(t)}`,
    );
  }
  return last;
}

/** Checks that u, x0 fit `rnn` and that 0 ≤ k < t ≤ T (T = the number of rows of u). */
export function assertSpanFits(rnn: RNN, u: unknown, x0: unknown, k: unknown, t: unknown): void {
  assertSequenceFits(rnn, u, x0);
  assertInteger("k", k);
  assertInteger("t", t);
  const steps = (u as Matrix).length;
  if (!(0 <= k && k < t && t <= steps)) {
    throw new RangeError(
      `k and t must satisfy 0 ≤ k < t ≤ T (u has T = ${steps} steps), got k = ${k}, t = ${t}`,
    );
  }
}

/**
 * Runs eq. (2) from x⁽⁰⁾ = x0 over u⁽¹⁾…u⁽ᵀ⁾ (the rows of u) in float32 with tfjs.
 * Returns all T+1 states [x⁽⁰⁾, x⁽¹⁾, …, x⁽ᵀ⁾], each of length n.
 */
export function forward(rnn: RNN, u: Matrix, x0: Vector): Matrix {
  assertSequenceFits(rnn, u, x0);
  const states = tf.tidy(() => forwardTensor(rnn, tf.tensor2d(u), tf.tensor1d(x0)));
  const values = states.arraySync() as Matrix;
  states.dispose();
  return values;
}

/**
 * The tensor form of `forward`, for callers that stay in tfjs (autodiff, benchmarks).
 * u is T×m, x0 is [n]; returns (T+1)×n. Differentiable with respect to x0 and the weights.
 * Does not validate: callers check shapes first.
 */
export function forwardTensor(
  rnn: RNN,
  u: tf.Tensor2D,
  x0: tf.Tensor1D,
  weights: { wRec?: tf.Tensor2D } = {},
): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = forwardBatchTensor(rnn, u, tf.reshape(x0, [1, rnn.n]), weights);
    return tf.reshape(batch, [batch.shape[0], rnn.n]);
  });
}

/**
 * The same forward pass for B independent starting states at once (the rows of x0, B×n), all
 * driven by the same inputs u (T×m). Returns (T+1)×B×n: slice t holds x⁽ᵗ⁾ of every copy.
 * `forwardTensor` is this function with B = 1, so differentiating a batch (as autodiff.ts does to
 * get every Jacobian row in one backward pass) differentiates the library's own forward pass.
 * Does not validate: callers check shapes first.
 */
export function forwardBatchTensor(
  rnn: RNN,
  u: tf.Tensor2D,
  x0: tf.Tensor2D,
  weights: { wRec?: tf.Tensor2D } = {},
): tf.Tensor3D {
  return tf.tidy(() => {
    const act = getActivation(rnn.activation);
    const wRecT = tf.transpose(weights.wRec ?? tf.tensor2d(rnn.wRec));
    // The input drive W_in σ(u⁽ᵗ⁾) + b for every t at once, as rows: T×n.
    const drive = tf.add(
      tf.matMul(act.sigmaTensor(u), tf.tensor2d(rnn.wIn), false, true),
      tf.tensor1d(rnn.b),
    );
    const rows = tf.unstack(drive) as tf.Tensor1D[];
    // Row-vector convention: a state is a row x, and x W_recᵀ = (W_rec x)ᵀ, for every copy at once.
    const states: tf.Tensor2D[] = [x0];
    for (const row of rows) {
      const previous = states[states.length - 1];
      states.push(tf.add(tf.matMul(act.sigmaTensor(previous) as tf.Tensor2D, wRecT), row));
    }
    return tf.stack(states) as tf.Tensor3D;
  });
}
