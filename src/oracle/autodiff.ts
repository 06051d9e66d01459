/**
 * The Jacobians of eq. (2) from tfjs automatic differentiation of the oracle's own forward pass
 * (forward.ts), not of any Jacobian formula: the independent check of the core's products of
 * eq. (5) (Pascanu, Mikolov & Bengio 2013) and of answer 369441's W_rec diag(σ′).
 *
 * Results are in numerator layout: entry (r, c) = ∂x_r⁽ᵗ⁾/∂x_c⁽ᵏ⁾, row r the output neuron.
 *
 * tfjs has no jacobian(), only gradients of scalars. Rather than one backward pass per output
 * neuron (n passes), the start state is replicated n times as the rows of an n×n batch, the batch
 * runs forward, and the gradient is taken of L = Σ_r x_r⁽ᵗ⁾(copy r) = sum(X⁽ᵗ⁾ ⊙ I). Copy r only
 * feeds term r of L, so row r of ∂L/∂X⁽ᵏ⁾ is ∂x_r⁽ᵗ⁾/∂x⁽ᵏ⁾: a whole Jacobian per backward pass.
 * For every k at once, a zero perturbation Z⁽ᵏ⁾ is added to each state X⁽ᵏ⁾: it changes no value,
 * but makes every X⁽ᵏ⁾ an input of the same graph, and ∂L/∂Z⁽ᵏ⁾ = ∂L/∂X⁽ᵏ⁾ — all Jacobians
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, k = 0 … t−1, from ONE backward pass.
 *
 * tfjs computes in float32: a run or a product beyond float32's range (about 3.4e38) raises a
 * RangeError here instead of coming back as Infinity or NaN.
 */
import * as tf from "@tensorflow/tfjs";
import { Matrix, Vector, assertInteger, assertVector } from "../shared/validate";
import { OracleNetwork, assertNetwork, assertSequence, unrollBatch } from "./forward";
import "./wasmKernels";

/**
 * Runs f and frees every tensor it made, like tf.tidy, for functions that return plain arrays:
 * tf.tidy walks its result looking for tensors, entry by entry through a typed array.
 */
function scoped<T extends Float32Array>(f: () => T): T {
  tf.engine().startScope();
  try {
    return f();
  } finally {
    tf.engine().endScope();
  }
}

function beyondFloat32(what: string): RangeError {
  return new RangeError(
    `${what} left float32's range (|entry| > 3.4e38, or NaN) in the tfjs autodiff; ` +
      "the weights or the number of steps are too large for float32 (the core's float64 " +
      "products with a log scale still work there)",
  );
}

/**
 * For the run that starts every row of the batch at `start` (n) and is driven by `inputs` (the
 * inputs of the steps after the start, up to x⁽ᵗ⁾): with `everyStep`, the Jacobians of x⁽ᵗ⁾ with
 * respect to every state of the run, the start first; without, with respect to the start only
 * (no perturbations in the graph). One float32 array, k-major (k·n² + r·n + c). One backward
 * pass. `what(k)` names Jacobian k in errors.
 */
function jacobians(
  net: OracleNetwork,
  inputs: tf.Tensor2D,
  start: tf.Tensor1D,
  everyStep: boolean,
  t: number,
  what: (k: number) => string,
): Float32Array {
  const n = net.n;
  const steps = inputs.shape[0];
  return scoped(() => {
    const identity = tf.eye(n);
    const batch = tf.tile(tf.reshape(start, [1, n]), [n, 1]) as tf.Tensor2D;
    // The zero perturbations of the states after the start; clones of one zero tensor share its
    // memory, yet each is its own tensor, so tfjs keeps a separate gradient for each.
    const zero = tf.zeros([n, n]);
    const count = everyStep ? steps - 1 : 0;
    const perturbations = Array.from({ length: count }, () => tf.clone(zero) as tf.Tensor2D);
    const loss = (...xs: tf.Tensor[]): tf.Scalar => {
      const [x0, ...zs] = xs as tf.Tensor2D[];
      const states = unrollBatch(net, inputs, x0, { perturbations: zs });
      return tf.sum(tf.mul(states[steps], identity));
    };
    const { value, grads } = tf.valueAndGrads(loss)([batch, ...perturbations]);
    // L sums x_r⁽ᵗ⁾ over every neuron r (each from its own copy of the same run): it is finite
    // exactly when x⁽ᵗ⁾ is.
    if (!Number.isFinite(value.dataSync()[0])) throw beyondFloat32(`the state x⁽${t}⁾`);
    const out = new Float32Array(grads.length * n * n);
    grads.forEach((gradient, k) => {
      const values = gradient.dataSync() as Float32Array;
      for (let i = 0; i < values.length; i++) {
        if (!Number.isFinite(values[i])) throw beyondFloat32(what(k));
      }
      out.set(values, k * n * n);
    });
    return out;
  });
}

function toMatrices(values: Float32Array, count: number, n: number): Matrix[] {
  return Array.from({ length: count }, (_, k) =>
    Array.from({ length: n }, (_, r) =>
      Array.from(values.subarray(k * n * n + r * n, k * n * n + (r + 1) * n)),
    ),
  );
}

/** x⁽ᵏ⁾ from the oracle's forward pass over the first k rows of `inputs`, as an [n] tensor. */
function stateAfter(net: OracleNetwork, inputs: tf.Tensor2D, x0: Vector, k: number): tf.Tensor1D {
  if (k === 0) return tf.tensor1d(x0);
  const states = unrollBatch(net, tf.slice(inputs, 0, k), tf.tensor2d([x0]));
  const state = tf.reshape(states[k], [net.n]) as tf.Tensor1D;
  // x·0 is 0 for finite entries, NaN for ±Infinity and NaN.
  const finite = tf.tidy(() => !Number.isNaN(tf.sum(tf.mul(state, 0)).dataSync()[0]));
  if (!finite) throw beyondFloat32(`the state x⁽${k}⁾`);
  return state;
}

/**
 * ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at x⁽ⁱ⁻¹⁾ = xPrevious (length n), by differentiating one step of eq. (2).
 * The step uses the input u = 0: the input term does not depend on x⁽ⁱ⁻¹⁾, so any input gives
 * the same Jacobian. Float32, numerator layout, n×n.
 */
export function autodiffStepJacobian(rnn: unknown, xPrevious: Vector): Matrix {
  const net = assertNetwork(rnn);
  assertVector("xPrevious", xPrevious, net.n);
  const values = scoped(() =>
    jacobians(net, tf.zeros([1, net.m]), tf.tensor1d(xPrevious), false, 1, () => "∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾"),
  );
  return toMatrices(values, 1, net.n)[0];
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ along the run of eq. (2) from x⁽⁰⁾ = x0 over u⁽¹⁾…u⁽ᵀ⁾ (the rows of u, T×m), for
 * 0 ≤ k < t ≤ T. x⁽ᵏ⁾ is recomputed with the oracle's forward pass, then the network unrolled
 * through steps k+1…t is differentiated with respect to x⁽ᵏ⁾ in one batched backward pass. This
 * is the left side of eq. (5), obtained without any product of one-step matrices. Float32,
 * numerator layout, n×n.
 */
export function autodiffJacobianOverTime(
  rnn: unknown,
  u: Matrix,
  x0: Vector,
  k: number,
  t: number,
): Matrix {
  const net = assertNetwork(rnn);
  const steps = assertSequence(net, u, x0);
  assertInteger("k", k);
  assertInteger("t", t);
  if (!(0 <= k && k < t && t <= steps)) {
    throw new RangeError(
      `k and t must satisfy 0 ≤ k < t ≤ T (u has T = ${steps} steps), got k = ${k}, t = ${t}`,
    );
  }
  // Only x⁽ᵏ⁾'s own Jacobian is wanted: differentiate the run from x⁽ᵏ⁾ through steps k+1 … t.
  const values = scoped(() => {
    const inputs = tf.tensor2d(u);
    const start = stateAfter(net, inputs, x0, k);
    const span = tf.slice(inputs, [k, 0], [t - k, net.m]);
    return jacobians(net, span, start, false, t, () => `∂x⁽${t}⁾/∂x⁽${k}⁾`);
  });
  return toMatrices(values, 1, net.n)[0];
}

/** Checks u, x0 and t (default T); then ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for every k < t from one backward pass. */
function allSteps(rnn: unknown, u: Matrix, x0: Vector, t: unknown) {
  const net = assertNetwork(rnn);
  const steps = assertSequence(net, u, x0);
  const last = (t ?? steps) as number;
  if (!Number.isInteger(last) || last < 1 || last > steps) {
    throw new RangeError(
      `t must be an integer in [1, ${steps}] (u has T = ${steps} steps), got ${String(t)}`,
    );
  }
  const values = scoped(() => {
    const inputs = tf.tensor2d(u.slice(0, last as number));
    return jacobians(
      net,
      inputs,
      tf.tensor1d(x0),
      true,
      last as number,
      (k) => `∂x⁽${last}⁾/∂x⁽${k}⁾`,
    );
  });
  return { n: net.n, last, values };
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for every k = 0 … t−1 (t defaults to T = the rows of u) along the run of eq. (2)
 * from x0, from ONE batched backward pass (see the top of this file). Element k of the result is
 * the n×n Jacobian for that k: float32, numerator layout — the left sides of eq. (5) for every k,
 * in the order of the core's suffix products.
 */
export function autodiffJacobiansToAllSteps(
  rnn: unknown,
  u: Matrix,
  x0: Vector,
  t?: number,
): Matrix[] {
  const { n, last, values } = allSteps(rnn, u, x0, t);
  return toMatrices(values, last, n);
}

/**
 * As `autodiffJacobiansToAllSteps`, as one t×n×n float32 tensor (slice k = ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾), for
 * large n and t where n²·t JavaScript numbers would be too many. The caller disposes it.
 */
export function autodiffJacobiansToAllStepsTensor(
  rnn: unknown,
  u: Matrix,
  x0: Vector,
  t?: number,
): tf.Tensor3D {
  const { n, last, values } = allSteps(rnn, u, x0, t);
  return tf.tensor3d(values, [last, n, n], "float32");
}
