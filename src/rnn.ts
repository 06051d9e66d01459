/**
 * Kept for the tfjs oracle (src/autodiff.ts) until it has its own forward pass: eq. (2) unrolled
 * in tfjs (float32). The model itself, in float64, is src/core/model.ts, re-exported here so that
 * existing imports of "./rnn" keep working.
 */
import * as tf from "@tensorflow/tfjs";
import { RNN } from "./core/model";
import { getTensorActivation } from "./tfActivations";

export * from "./core/model";

/**
 * eq. (2) in tfjs for one start state: u is T×m, x0 is [n]; returns (T+1)×n. Differentiable with
 * respect to x0 and the weights. Does not validate: callers check shapes first.
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
 * The same for B start states at once (the rows of x0, B×n), all driven by u (T×m). Returns
 * (T+1)×B×n: slice t holds x⁽ᵗ⁾ of every copy. Does not validate.
 */
export function forwardBatchTensor(
  rnn: RNN,
  u: tf.Tensor2D,
  x0: tf.Tensor2D,
  weights: { wRec?: tf.Tensor2D } = {},
): tf.Tensor3D {
  return tf.tidy(() => {
    const act = getTensorActivation(rnn.activation);
    const wRecT = tf.transpose(weights.wRec ?? tf.tensor2d(rnn.wRec));
    // The input drive W_in u⁽ᵗ⁾ + b (or W_in σ(u⁽ᵗ⁾) + b) for every t at once, as rows: T×n.
    const input = rnn.inputTerm === "answer" ? act.sigma(u) : u;
    const drive = tf.add(tf.matMul(input, tf.tensor2d(rnn.wIn), false, true), tf.tensor1d(rnn.b));
    const rows = tf.unstack(drive) as tf.Tensor1D[];
    // Row-vector convention: a state is a row x, and x W_recᵀ = (W_rec x)ᵀ, for every copy at once.
    const states: tf.Tensor2D[] = [x0];
    for (const row of rows) {
      const previous = states[states.length - 1];
      states.push(tf.add(tf.matMul(act.sigma(previous) as tf.Tensor2D, wRecT), row));
    }
    return tf.stack(states) as tf.Tensor3D;
  });
}
