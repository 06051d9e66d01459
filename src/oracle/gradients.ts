/**
 * tfjs autodiff of the two scalars the consequences differentiate, the reference their float64
 * formulas are checked against: the readout loss E after a run (through the oracle's own forward
 * pass, which knows nothing about any Jacobian formula), and the regularizer Ω of eq. (9) as a
 * function of W_rec alone. Unchecked: consequences/backprop.ts and consequences/regularizer.ts
 * check the arguments at their public functions and call these.
 */
import * as tf from "@tensorflow/tfjs";
import { Matrix, Vector } from "../shared/validate";
import { ORACLE_SIGMA, assertNetwork, unrollBatch } from "./forward";

/**
 * tfjs autodiff of E = ½‖V σ(x⁽ᵀ⁾) + c − y‖² through the oracle's own float32 forward pass of
 * eq. (2) (forward.ts), in which each state x⁽ᵏ⁾, k ≥ 1, gets a zero offset δ_k, so that
 * ∂E/∂δ_k = ∂E/∂x⁽ᵏ⁾ (row k of dEdx, k = 0 … T).
 */
export function autodiffReadoutLoss(
  rnn: unknown,
  u: Matrix,
  x0: Vector,
  readout: { v: Matrix; c: Vector },
  target: Vector,
) {
  const net = assertNetwork(rnn);
  const T = u.length;
  const loss = (...[wRec, wIn, b, start, ...perturbations]: tf.Tensor[]): tf.Scalar => {
    const parameters = { wRec, wIn, b, perturbations };
    const states = unrollBatch(net, tf.tensor2d(u), start as tf.Tensor2D, parameters);
    const h = ORACLE_SIGMA[net.activation](states[T]);
    const output = tf.add(tf.matMul(h, tf.tensor2d(readout.v), false, true), readout.c);
    return tf.mul(0.5, tf.sum(tf.square(tf.sub(output, target))));
  };
  // Every tensor is made inside the tidy and the results are read before they are disposed, so
  // nothing is left behind, not even when tfjs throws.
  const { value, grads } = tf.tidy(() =>
    tf.valueAndGrads(loss)([
      tf.tensor2d(net.wRec),
      tf.tensor2d(net.wIn),
      tf.tensor1d(net.b),
      tf.tensor2d([x0]),
      ...Array.from({ length: T }, () => tf.zeros([1, net.n])),
    ]),
  );
  try {
    return {
      loss: value.dataSync()[0],
      wRec: grads[0].arraySync() as Matrix,
      wIn: grads[1].arraySync() as Matrix,
      b: Array.from(grads[2].dataSync()),
      /** Row k = ∂E/∂x⁽ᵏ⁾, k = 0 … T. */
      dEdx: grads.slice(3).map((row) => Array.from(row.dataSync())),
    };
  } finally {
    tf.dispose([value, ...grads]);
  }
}

/**
 * Ω of eq. (9) with the claimed one-step Jacobian M D (or (M D)ᵀ when `transposed`, M = W or Wᵀ
 * by `factor`), the slopes s_k and the signals g_{k+1} held constant; terms whose ‖g‖² is below
 * `signalBound` count 0.
 */
export interface OmegaTerms {
  factor: "W" | "Wᵀ";
  transposed: boolean;
  /** s_k = σ′(x⁽ᵏ⁾), k = 0 … t−1. */
  sigmaPrime: Matrix;
  /** g_{k+1} = ∂E/∂x⁽ᵏ⁺¹⁾, listed for k = 0 … t−1. */
  signals: Matrix;
  signalBound: number;
}

/** Ω in float32 tfjs as a function of the W tensor. */
function omegaTensor(terms: OmegaTerms, w: tf.Tensor2D): tf.Scalar {
  const s = tf.tensor2d(terms.sigmaPrime);
  const g = tf.tensor2d(terms.signals);
  // Every row at once: g·(M D) = (g M) ⊙ s, or g·(M D)ᵀ = (g ⊙ s) Mᵀ.
  const m = terms.factor === "W" ? w : tf.transpose(w);
  const y = terms.transposed ? tf.matMul(tf.mul(g, s), m, false, true) : tf.mul(tf.matMul(g, m), s);
  const gg = tf.sum(tf.square(g), 1);
  const kept = tf.greaterEqual(gg, terms.signalBound);
  const safeGg = tf.where(kept, gg, tf.onesLike(gg));
  // The ratio of squared norms first: its gradient is defined everywhere, whereas √ has none at 0.
  const squared = tf.div(tf.sum(tf.square(y), 1), safeGg);
  const ratio = tf.sqrt(tf.maximum(squared, 1e-30));
  return tf.sum(tf.where(kept, tf.square(tf.sub(ratio, 1)), tf.zerosLike(ratio)));
}

/** Ω (float32) and ∂⁺Ω/∂W by tf.grad, with the slopes and signals as constants. */
export function autodiffOmega(terms: OmegaTerms, wRec: Matrix): { value: number; wRec: Matrix } {
  const { value, grad } = tf.tidy(() =>
    tf.valueAndGrad((w: tf.Tensor) => omegaTensor(terms, w as tf.Tensor2D))(tf.tensor2d(wRec)),
  );
  try {
    return { value: value.dataSync()[0], wRec: grad.arraySync() as Matrix };
  } finally {
    tf.dispose([value, grad]);
  }
}
