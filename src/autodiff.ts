/**
 * The Jacobian of eq. (2) from tfjs automatic differentiation of the forward pass itself
 * (`forwardBatchTensor` in rnn.ts, the code `forward` runs), not of any Jacobian formula. This is
 * the first of the two independent checks of jacobian.ts; reference.ts holds the second.
 *
 * Results are in numerator layout: entry (r, c) = ∂x_r⁽ᵗ⁾/∂x_c⁽ᵏ⁾, row r the output neuron.
 *
 * tfjs has no jacobian(), only gradients of scalars. Rather than one backward pass per output
 * neuron (n passes), we replicate the start state n times as the rows of an n×n batch, run the
 * batch forward, and take the gradient of L = Σ_r x_r⁽ᵗ⁾(copy r) = sum(X⁽ᵗ⁾ ⊙ I). Copy r only
 * feeds term r of L, so row r of ∂L/∂X⁽ᵏ⁾ is ∂x_r⁽ᵗ⁾/∂x⁽ᵏ⁾: the whole Jacobian, one backward pass.
 */
import * as tf from "@tensorflow/tfjs";
import { RNN, assertSpanFits, forwardBatchTensor, forwardTensor } from "./rnn";
import { Matrix, Vector, assertVector } from "./validate";

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for the run that starts every row of the batch at `start` (n), driven by `inputs`
 * ((t−k)×m). Returns an n×n tensor; the caller disposes it. Unchecked.
 */
function batchedJacobian(rnn: RNN, inputs: tf.Tensor2D, start: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = rnn.n;
    const identity = tf.eye(n);
    const loss = (batch: tf.Tensor): tf.Scalar => {
      const states = forwardBatchTensor(rnn, inputs, batch as tf.Tensor2D);
      const last = tf.squeeze(tf.slice(states, [states.shape[0] - 1, 0, 0], [1, n, n]), [0]);
      return tf.sum(tf.mul(last, identity));
    };
    const batch = tf.tile(tf.reshape(start, [1, n]), [n, 1]);
    return tf.grad(loss)(batch) as tf.Tensor2D;
  });
}

function toMatrix(tensor: tf.Tensor2D): Matrix {
  const values = tensor.arraySync();
  tensor.dispose();
  return values;
}

/**
 * ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at x⁽ⁱ⁻¹⁾ = xPrevious (length n), by differentiating one step of eq. (2).
 * The step uses the input u = 0: the input term W_in σ(u) + b does not depend on x⁽ⁱ⁻¹⁾, so any
 * input gives the same Jacobian. Float32, numerator layout, n×n.
 */
export function autodiffStepJacobian(rnn: RNN, xPrevious: Vector): Matrix {
  assertVector("xPrevious", xPrevious, rnn.n);
  const jacobian = tf.tidy(() =>
    batchedJacobian(rnn, tf.zeros([1, rnn.m]) as tf.Tensor2D, tf.tensor1d(xPrevious)),
  );
  return toMatrix(jacobian);
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ along the run of eq. (2) from x⁽⁰⁾ = x0 over u⁽¹⁾…u⁽ᵀ⁾ (the rows of u, T×m), for
 * 0 ≤ k < t ≤ T. x⁽ᵏ⁾ is recomputed with the forward pass, then the network unrolled through steps
 * k+1…t (inputs: rows k…t−1 of u) is differentiated with respect to x⁽ᵏ⁾ in one batched backward
 * pass. This is the left side of eq. (5), obtained without any product of one-step matrices.
 * Float32, numerator layout, n×n.
 */
export function autodiffJacobianOverTime(
  rnn: RNN,
  u: Matrix,
  x0: Vector,
  k: number,
  t: number,
): Matrix {
  assertSpanFits(rnn, u, x0, k, t);
  const jacobian = tf.tidy(() => {
    const inputs = tf.tensor2d(u);
    const start = k === 0 ? tf.tensor1d(x0) : stateAfter(rnn, tf.slice(inputs, 0, k), x0);
    return batchedJacobian(rnn, tf.slice(inputs, [k, 0], [t - k, rnn.m]), start);
  });
  return toMatrix(jacobian);
}

/** x⁽ᵏ⁾ from the forward pass over the k rows of `inputs`, as an [n] tensor. Unchecked. */
function stateAfter(rnn: RNN, inputs: tf.Tensor2D, x0: Vector): tf.Tensor1D {
  return tf.tidy(() => {
    const states = forwardTensor(rnn, inputs, tf.tensor1d(x0));
    return tf.reshape(tf.slice(states, [states.shape[0] - 1, 0], [1, rnn.n]), [rnn.n]);
  });
}
