/**
 * Back-propagation through time (BPTT) with a chosen one-step Jacobian, in float64. Eq. (4) of
 * Pascanu, Mikolov & Bengio (2013) puts the row vector on the left,
 *   ∂E_t/∂θ = Σ_{k≤t} ∂E_t/∂x⁽ᵗ⁾ · ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ · ∂⁺x⁽ᵏ⁾/∂θ,
 * so the error signal g_k = ∂E/∂x⁽ᵏ⁾ travels back as g_k = g_{k+1} · J_{k+1}, J the numerator-
 * layout matrix a reading of core/forms.ts claims (its `vjp`). The correct readings give ordinary
 * BPTT; the printed Wᵀ diag(σ′(x⁽ᵏ⁾)) of eq. (5) gives a recursion whose result is not the
 * gradient of anything in general (CrossValidated answer 369441), and read in denominator layout
 * ((g ⊙ s) W) it takes σ′ of the wrong neuron.
 *
 * The loss is the squared error of a linear readout of h = σ(x⁽ᵗ⁾) at the last step,
 *   E = ½ ‖V σ(x⁽ᵗ⁾) + c − y‖²,   ∂E/∂x⁽ᵗ⁾ = ((V σ(x⁽ᵗ⁾) + c − y)ᵀ V) ⊙ σ′(x⁽ᵗ⁾),
 * and the immediate partials of eq. (4), the same for every chain, are ∂⁺x⁽ᵏ⁾/∂W_rec = g_kᵀ
 * σ(x⁽ᵏ⁻¹⁾)ᵀ, ∂⁺x⁽ᵏ⁾/∂W_in = g_kᵀ u⁽ᵏ⁾ᵀ (σ(u⁽ᵏ⁾)ᵀ for the answer's input term), ∂⁺x⁽ᵏ⁾/∂b = g_k.
 */
import { getActivation } from "../checked/network";
import { ReadingName, claimedFactor, factorMatrix, sigmaPrimeAlong, vjp } from "../core/forms";
import { toReading } from "../checked/jacobians";
import { RNN, inputSignal, run } from "../core/model";
import { assertSequenceFits, assertRNN } from "../checked/network";
import { autodiffReadoutLoss } from "../oracle/gradients";
import { euclideanNorm } from "../checked/norms";
import {
  Matrix,
  Vector,
  assertFiniteResult,
  assertMatrix,
  assertSameShape,
  assertVector,
  shapeOf,
} from "../shared/validate";

/** The error-signal recursions: the four readings, and "paper" (= "paperNumerator"). */
export type BackpropChain = ReadingName;

/** A linear readout y = V σ(x⁽ᵗ⁾) + c with p outputs: V is p×n, c has length p. */
export interface Readout {
  v: Matrix;
  c: Vector;
}

/** The arguments of every loss below, checked: a sequence (`assertSequenceFits`), a readout, y. */
type LossArguments = [rnn: RNN, u: Matrix, x0: Vector, readout: Readout, target: Vector];
function assertLossArguments(...[rnn, u, x0, readout, target]: LossArguments): void {
  assertSequenceFits(rnn, u, x0);
  assertReadout(rnn, readout, target);
}

function assertReadout(rnn: RNN, readout: unknown, target: unknown): asserts readout is Readout {
  if (typeof readout !== "object" || readout === null) {
    throw new TypeError(`readout must be an object {v, c}, got ${String(readout)}`);
  }
  const { v, c } = readout as Readout;
  assertMatrix("readout.v", v);
  if (v[0].length !== rnn.n) {
    throw new RangeError(
      `readout.v must be p×n with n = ${rnn.n} (wRec is ${rnn.n}×${rnn.n}), got ${shapeOf(v)}`,
    );
  }
  assertVector("readout.c", c, v.length);
  assertVector("target", target, v.length);
}

/** E = ½‖V σ(x) + c − y‖² and ∂E/∂x at x = x⁽ᵗ⁾. */
export function readoutLoss(
  rnn: RNN,
  x: Vector,
  readout: Readout,
  target: Vector,
): { loss: number; output: Vector; dEdx: Vector } {
  assertRNN(rnn);
  assertVector("x", x, rnn.n);
  assertReadout(rnn, readout, target);
  const { loss, output, dEdx } = readoutLossUnchecked(rnn, x, readout, target);
  assertFiniteResult("the readout loss", loss, "float64", TOO_LARGE);
  assertFiniteResult("the readout's output", output, "float64", TOO_LARGE);
  assertFiniteResult("∂E/∂x", dEdx, "float64", TOO_LARGE);
  return { loss, output, dEdx };
}

/** Why a loss or gradient overflows. */
const TOO_LARGE = "the weights, readout, inputs or number of steps are too large";

function readoutLossUnchecked(rnn: RNN, x: Vector, readout: Readout, target: Vector) {
  const act = getActivation(rnn.activation);
  const h = x.map(act.sigma);
  const output = readout.v.map((row, j) => row.reduce((sum, v, i) => sum + v * h[i], readout.c[j]));
  const error = output.map((value, j) => value - target[j]);
  const loss = 0.5 * error.reduce((sum, e) => sum + e * e, 0);
  const dEdx = x.map(
    (xi, i) => error.reduce((sum, e, j) => sum + e * readout.v[j][i], 0) * act.derivative(xi),
  );
  return { loss, output, dEdx, error, h };
}

/** Gradients of the readout loss with respect to every parameter, and the error signals. */
export type LossGradients = ReturnType<typeof lossGradientsUnchecked>;

/**
 * eq. (4) for E = ½‖V σ(x⁽ᵀ⁾) + c − y‖² after the run of `rnn` from x0 over u (T×m): the error
 * signals g_k from `chain`, then Σ_k g_k · ∂⁺x⁽ᵏ⁾/∂θ for θ = W_rec, W_in, b.
 */
export function lossGradients(
  ...[rnn, u, x0, readout, target, chain = "numerator"]: [
    ...loss: LossArguments,
    chain?: BackpropChain,
  ]
): LossGradients {
  assertLossArguments(rnn, u, x0, readout, target);
  toReading(chain, "chain");
  const result = lossGradientsUnchecked(rnn, u, x0, readout, target, chain);
  assertFiniteResult("the loss", result.loss, "float64", TOO_LARGE);
  for (const name of ["dEdx", "wRec", "wIn", "b", "v", "c"] as const) {
    assertFiniteResult(`the gradient ${name}`, result[name], "float64", TOO_LARGE);
  }
  return result;
}

/** `lossGradients` without the checks (module-private: training reaches it by `forEachLossGradients`). */
function lossGradientsUnchecked(
  ...[rnn, u, x0, readout, target, chain]: [...loss: LossArguments, chain: BackpropChain]
) {
  const { sigma } = getActivation(rnn.activation);
  const states = run(rnn, u, x0);
  const T = u.length;
  const last = readoutLossUnchecked(rnn, states[T], readout, target);
  // Row k = ∂E/∂x⁽ᵏ⁾ as the chain propagates it: g_k = g_{k+1} · A_{k+1} for k = T−1 … 0, A the
  // Jacobian the chain claims (core/forms.ts); row 0 is the gradient for x⁽⁰⁾.
  const { factor, transposed } = claimedFactor(toReading(chain, "chain"));
  const m = factorMatrix(factor, rnn.wRec);
  const s = sigmaPrimeAlong(rnn, states.slice(0, T));
  const dEdx: Matrix = new Array(T + 1);
  dEdx[T] = last.dEdx;
  for (let k = T - 1; k >= 0; k--) dEdx[k] = vjp(m, transposed, dEdx[k + 1], s[k]);
  const wRec = rnn.wRec.map((row) => row.map(() => 0));
  const wIn = rnn.wIn.map((row) => row.map(() => 0));
  const b = new Array<number>(rnn.n).fill(0);
  for (let k = 1; k <= T; k++) {
    const g = dEdx[k];
    const h = states[k - 1].map(sigma);
    const input = inputSignal(rnn, u[k - 1]);
    for (let j = 0; j < rnn.n; j++) {
      const gj = g[j];
      if (gj === 0) continue;
      for (let l = 0; l < rnn.n; l++) wRec[j][l] += gj * h[l];
      for (let i = 0; i < rnn.m; i++) wIn[j][i] += gj * input[i];
      b[j] += gj;
    }
  }
  const { loss, output, error } = last;
  // The readout's own gradients are the same for every chain: no recursion involved.
  const v = error.map((e) => last.h.map((h) => e * h));
  return { chain, loss, output, states, dEdx, wRec, wIn, b, v, c: error };
}

/** E = ½‖V σ(x⁽ᵀ⁾) + c − y‖² after the run from x0 over u (T×m), without gradients. */
export function sequenceLoss(...args: LossArguments): { loss: number; output: Vector } {
  assertLossArguments(...args);
  return sequenceLossUnchecked(...args);
}

/** `sequenceLoss` without the checks (module-private: training reaches it by `batchLoss`). */
function sequenceLossUnchecked(...[rnn, u, x0, readout, target]: LossArguments) {
  const { loss, output } = readoutLossUnchecked(rnn, run(rnn, u, x0)[u.length], readout, target);
  return { loss, output };
}

/** A batch of sequences (T×m each) and their targets, as the training tasks draw them. */
interface Batch {
  inputs: Matrix[];
  targets: Vector[];
}

/**
 * The summed loss of a batch, each sequence run from x0. Not checked: the training loop checks its
 * options once and keeps every shape, so it calls this once per update without re-checking.
 */
export function batchLoss(rnn: RNN, x0: Vector, readout: Readout, batch: Batch): number {
  let total = 0;
  batch.inputs.forEach((inputs, i) => {
    total += sequenceLossUnchecked(rnn, inputs, x0, readout, batch.targets[i]).loss;
  });
  return total;
}

/** Each sequence's `lossGradients` under `chain`, passed to `add`; not checked, as `batchLoss`. */
export function forEachLossGradients(
  rnn: RNN,
  x0: Vector,
  readout: Readout,
  batch: Batch,
  chain: BackpropChain,
  add: (gradients: LossGradients) => void,
): void {
  batch.inputs.forEach((inputs, i) => {
    add(lossGradientsUnchecked(rnn, inputs, x0, readout, batch.targets[i], chain));
  });
}

/** The autodiff gradients of the same loss (float32 tfjs), for checking `lossGradients`. */
export type AutodiffLossGradients = ReturnType<typeof autodiffLossGradients>;

/**
 * tfjs autodiff of E = ½‖V σ(x⁽ᵀ⁾) + c − y‖² through the oracle's own float32 forward pass of
 * eq. (2) (src/oracle/gradients.ts): ∂E/∂θ and row k of dEdx = ∂E/∂x⁽ᵏ⁾, k = 0 … T. Knows nothing
 * about any Jacobian formula.
 */
export function autodiffLossGradients(...args: LossArguments) {
  assertLossArguments(...args);
  const result = autodiffReadoutLoss(...args);
  const why = "the weights, readout, inputs or number of steps are too large for float32";
  assertFiniteResult("the autodiff loss", result.loss, "float32", why);
  for (const name of ["wRec", "wIn", "b", "dEdx"] as const) {
    assertFiniteResult(`the autodiff gradient ${name}`, result[name], "float32", why);
  }
  return result;
}

/**
 * Row-by-row cosine similarity of two gradient sequences (e.g. ∂E/∂x⁽ᵏ⁾ from two chains):
 * a_k·b_k / (‖a_k‖‖b_k‖), or null where either row is zero (no direction to compare).
 */
export function cosineSimilarities(a: Matrix, b: Matrix): (number | null)[] {
  assertSameShape("a", a, "b", b);
  return a.map((row, k) => {
    const na = euclideanNorm(row);
    const nb = euclideanNorm(b[k]);
    if (na === 0 || nb === 0) return null;
    const dot = row.reduce((sum, value, i) => sum + (value / na) * (b[k][i] / nb), 0);
    return Math.max(-1, Math.min(1, dot));
  });
}

/** Row-by-row ‖a_k‖ / ‖b_k‖, or null where ‖b_k‖ = 0. */
export function normRatios(a: Matrix, b: Matrix): (number | null)[] {
  assertSameShape("a", a, "b", b);
  return a.map((row, k) => {
    const nb = euclideanNorm(b[k]);
    return nb === 0 ? null : euclideanNorm(row) / nb;
  });
}
