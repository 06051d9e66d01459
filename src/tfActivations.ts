/**
 * σ and σ′ on tfjs tensors (float32), for the tfjs computations that check the float64 core:
 * written separately from src/core/activations.ts, so autodiff shares no formula with the core.
 */
import * as tf from "@tensorflow/tfjs";
import { ActivationName, getActivation } from "./core/activations";

export interface TensorActivation {
  readonly sigma: (x: tf.Tensor) => tf.Tensor;
  readonly derivative: (x: tf.Tensor) => tf.Tensor;
}

const TENSOR_ACTIVATIONS: Record<ActivationName, TensorActivation> = {
  tanh: {
    sigma: (x) => tf.tanh(x),
    derivative: (x) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(x)))),
  },
  sigmoid: {
    sigma: (x) => tf.sigmoid(x),
    derivative: (x) =>
      tf.tidy(() => {
        const s = tf.sigmoid(x);
        return tf.mul(s, tf.sub(1, s));
      }),
  },
  linear: { sigma: (x) => tf.clone(x), derivative: (x) => tf.onesLike(x) },
  // σ′(0) = 0, the subgradient of tfjs's own relu gradient.
  relu: {
    sigma: (x) => tf.relu(x),
    derivative: (x) => tf.tidy(() => tf.cast(tf.greater(x, 0), "float32")),
  },
};

/** The tfjs σ and σ′ of the activation called `name`. */
export function getTensorActivation(name: unknown): TensorActivation {
  return TENSOR_ACTIVATIONS[getActivation(name).name];
}
