/**
 * The oracle's own forward pass of eq. (2) (Pascanu, Mikolov & Bengio 2013), in tfjs float32:
 *
 *   x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in u⁽ᵗ⁾ + b        (inputTerm "paper", as eq. (2) is printed)
 *   x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in σ(u⁽ᵗ⁾) + b     (inputTerm "answer", as answer 369441 writes it)
 *
 * It shares nothing with the float64 core but the parameter object: its own activations (tfjs
 * ops), its own network check, its own loop. Autodiff of this code (autodiff.ts) is therefore an
 * independent computation of the Jacobians the core writes as formulas.
 */
import * as tf from "@tensorflow/tfjs";
import {
  Matrix,
  Vector,
  assertMatrix,
  assertOneOf,
  assertSquare,
  assertVector,
  shapeOf,
} from "../shared/validate";

const ORACLE_ACTIVATIONS = ["tanh", "sigmoid", "linear", "relu"] as const;
type OracleActivation = (typeof ORACLE_ACTIVATIONS)[number];
const ORACLE_INPUT_TERMS = ["paper", "answer"] as const;
type OracleInputTerm = (typeof ORACLE_INPUT_TERMS)[number];

/** σ as tfjs ops; tfjs differentiates them (relu′(0) = 0 is tfjs's own choice). */
export const ORACLE_SIGMA: Record<OracleActivation, (x: tf.Tensor) => tf.Tensor> = {
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  linear: (x) => x,
  relu: (x) => tf.relu(x),
};

/** The parameters the oracle reads, checked: the fields of an RNN object (src/core/model.ts). */
export interface OracleNetwork {
  n: number;
  m: number;
  wRec: Matrix;
  wIn: Matrix;
  b: Vector;
  activation: OracleActivation;
  inputTerm: OracleInputTerm;
}

/**
 * Checks a network object as a caller may have built it by hand (not only by createRNN): every
 * field present, shapes consistent with n and m, every weight finite, a known activation and input
 * term (absent inputTerm means "paper", eq. (2) as printed). Throws naming the field.
 */
export function assertNetwork(rnn: unknown): OracleNetwork {
  if (typeof rnn !== "object" || rnn === null) {
    throw new TypeError(
      `rnn must be an RNN object (from createRNN or randomRNN), got ${String(rnn)}`,
    );
  }
  const r = rnn as Record<string, unknown>;
  const n = assertSquare("rnn.wRec", r.wRec);
  if (r.n !== n) {
    throw new RangeError(`rnn.n must equal the size of rnn.wRec (${n}×${n}), got ${String(r.n)}`);
  }
  assertMatrix("rnn.wIn", r.wIn);
  const m = r.wIn[0].length;
  if (r.wIn.length !== n) {
    throw new RangeError(`rnn.wIn must have n = ${n} rows, got ${shapeOf(r.wIn)}`);
  }
  if (r.m !== m) {
    throw new RangeError(
      `rnn.m must equal the columns of rnn.wIn (${shapeOf(r.wIn)}), got ${String(r.m)}`,
    );
  }
  assertVector("rnn.b", r.b, n);
  const { activation } = r;
  const inputTerm = r.inputTerm ?? "paper";
  assertOneOf("rnn.activation", activation, ORACLE_ACTIVATIONS);
  assertOneOf("rnn.inputTerm", inputTerm, ORACLE_INPUT_TERMS);
  return { n, m, wRec: r.wRec as Matrix, wIn: r.wIn, b: r.b, activation, inputTerm };
}

/** Checks u (T×m, T ≥ 1) and x0 (length n) against the network; returns T. */
export function assertSequence(net: OracleNetwork, u: unknown, x0: unknown): number {
  if (Array.isArray(u) && u.length === 0) {
    throw new RangeError("u must hold at least one time step, got an empty sequence");
  }
  assertMatrix("u", u);
  if (u[0].length !== net.m) {
    throw new RangeError(
      `u must be T×m with m = ${net.m} inputs (wIn is ${net.n}×${net.m}), got ${shapeOf(u)}`,
    );
  }
  assertVector("x0", x0);
  if (x0.length !== net.n) {
    throw new RangeError(
      `x0 must have length n = ${net.n} (wRec is ${net.n}×${net.n}), got ${x0.length}`,
    );
  }
  return u.length;
}

interface UnrollOptions {
  /** The parameters as tensors, to differentiate with respect to them; default the network's. */
  wRec?: tf.Tensor;
  wIn?: tf.Tensor;
  b?: tf.Tensor;
  /**
   * Added to the state after step t (t = 1 … T), when given: perturbations[t − 1] (B×n). Zeros
   * leave the run unchanged and make every x⁽ᵗ⁾ an input of the graph (autodiff.ts).
   */
  perturbations?: tf.Tensor[];
}

/**
 * Runs eq. (2) for B copies at once, the rows of x0 (B×n), all driven by u (T×m). Returns the
 * T + 1 states [x⁽⁰⁾ … x⁽ᵀ⁾], each B×n (rows = copies), as separate tensors (stacking them
 * copies every state once more, which a long run cannot afford). Unchecked: callers check first.
 */
export function unrollBatch(
  net: OracleNetwork,
  u: tf.Tensor2D,
  x0: tf.Tensor2D,
  options: UnrollOptions = {},
): tf.Tensor2D[] {
  const sigma = ORACLE_SIGMA[net.activation];
  // Row-vector convention: a state is a row x, and x W_recᵀ = (W_rec x)ᵀ, for every copy at once.
  // W_recᵀ is formed once, so every forward matMul is a flag-free product by the same tensor.
  const wRecT = tf.transpose(options.wRec ?? tf.tensor2d(net.wRec));
  // The input drive W_in u⁽ᵗ⁾ + b (or W_in σ(u⁽ᵗ⁾) + b) for every t at once, as rows: T×n.
  const inputs = net.inputTerm === "answer" ? sigma(u) : u;
  const wIn = options.wIn ?? tf.tensor2d(net.wIn);
  const drive = tf.add(tf.matMul(inputs, tf.transpose(wIn)), options.b ?? tf.tensor1d(net.b));
  // The T rows 1×n from one SplitV kernel (not tf.unstack: its gradient fails for a single row,
  // T = 1): one kernel for the run instead of a Slice, and its saved input, at every step
  // (0.79× the time of ∂x⁽ᵀ⁾/∂x⁽⁰⁾ at n = 8, T = 1000, 0.85× at n = 64, T = 200, best of 4
  // interleaved runs).
  // For T = 1 the drive is the one row (SplitV's gradient fails for a single piece too).
  const rows = u.shape[0] === 1 ? [drive] : (tf.split(drive, u.shape[0], 0) as tf.Tensor2D[]);
  const states: tf.Tensor2D[] = [x0];
  rows.forEach((row, i) => {
    const previous = states[states.length - 1];
    let next = tf.add(tf.matMul(sigma(previous) as tf.Tensor2D, wRecT), row) as tf.Tensor2D;
    const perturbation = options.perturbations?.[i];
    if (perturbation) next = tf.add(next, perturbation);
    states.push(next);
  });
  return states;
}

/**
 * Runs eq. (2) from x⁽⁰⁾ = x0 over the rows of u in float32 with the oracle's own tfjs code;
 * returns [x⁽⁰⁾ … x⁽ᵀ⁾]. Checked; throws if a state leaves float32's range.
 */
export function oracleForward(rnn: unknown, u: Matrix, x0: Vector): Matrix {
  const net = assertNetwork(rnn);
  const steps = assertSequence(net, u, x0);
  const states = tf.tidy(() =>
    tf.reshape(tf.stack(unrollBatch(net, tf.tensor2d(u), tf.tensor2d([x0]))), [steps + 1, net.n]),
  );
  const values = states.arraySync() as Matrix;
  states.dispose();
  values.forEach((row, t) =>
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `the forward pass of eq. (2) left float32's range at x_${j}⁽${t}⁾ = ${value}: ` +
            "the weights, inputs or T are too large for float32",
        );
      }
    }),
  );
  return values;
}
