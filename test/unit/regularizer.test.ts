import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices } from "../../src/shared/compare";
import { lossGradients } from "../../src/consequences/backprop";
import { omega, omegaGradient } from "../../src/consequences/regularizer";
import { RNN } from "../../src/core/model";
import { createRNN, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { BackpropChain } from "../../src/consequences/backprop";
import { Matrix } from "../../src/shared/validate";

/** max |a − b| / max |b| over all entries: compare.ts's relative error. */
function relativeError(a: Matrix, b: Matrix): number {
  return compareMatrices(a, b).maxRel;
}

/**
 * ∂⁺Ω/∂W_rec by central differences of the float64 `omega`, with states and dEdx held fixed (the
 * paper's immediate partial): the independent check of `omegaGradient`. The step for W_rc is
 * h·max(1, |W_rc|); h = 1e-6 keeps truncation (O(h²)) and rounding (≈ 1e-16·Ω/h) near 1e-10.
 */
function omegaFiniteDifference(
  rnn: RNN,
  states: Matrix,
  dEdx: Matrix,
  chain: BackpropChain,
): Matrix {
  const at = (r: number, c: number, delta: number) => {
    const wRec = rnn.wRec.map((row, i) => row.map((w, j) => (i === r && j === c ? w + delta : w)));
    return omega({ ...rnn, wRec }, states, dEdx, chain).value;
  };
  return rnn.wRec.map((row, r) =>
    row.map((w, c) => {
      const delta = 1e-6 * Math.max(1, Math.abs(w));
      return (at(r, c, delta) - at(r, c, -delta)) / (2 * delta);
    }),
  );
}

describe("regularizer: Ω of eqs. (9)–(10) with the correct and the printed Jacobian", () => {
  before(async () => {
    await useBackend("wasm");
  });

  const rnn = randomRNN({ n: 5, seed: 41, gain: 1.1 });
  const run = lossGradients(
    rnn,
    randomInputs(12, 1, 42),
    randomState(5, 43),
    { v: [[0.5, -0.3, 0.2, 0.4, -0.6]], c: [0] },
    [0.8],
  );

  it("by hand: one neuron, Ω = (|w| s − 1)² per step", () => {
    const net = createRNN({ wRec: [[2]], activation: "linear" });
    const value = omega(net, [[0], [0], [0]], [[0], [1], [-3]], "numerator");
    assert.deepEqual(value.terms, [1, 1]);
    assert.equal(value.value, 2);
  });

  it("the printed factor gives a different Ω on a generic W, the same on a symmetric one", () => {
    const correct = omega(rnn, run.states, run.dEdx, "numerator");
    const printed = omega(rnn, run.states, run.dEdx, "paper");
    assert.equal(correct.terms.length, 12);
    assert.ok(Math.abs(correct.value - printed.value) > 1e-3 * correct.value);
    assert.equal(omega(rnn, run.states, run.dEdx, "denominator").value, correct.value);
    const symmetric = randomRNN({ n: 5, seed: 44, symmetric: true });
    const s = lossGradients(
      symmetric,
      randomInputs(6, 1, 1),
      randomState(5, 2),
      { v: [[1, 1, 1, 1, 1]], c: [0] },
      [1],
    );
    const a = omega(symmetric, s.states, s.dEdx, "numerator").value;
    const b = omega(symmetric, s.states, s.dEdx, "paper").value;
    assert.ok(Math.abs(a - b) <= 1e-12 * a);
  });

  it("tfjs autodiff of Ω matches float64 central differences, for every chain", () => {
    for (const chain of ["numerator", "paper", "paperDenominator"] as const) {
      const autodiff = omegaGradient(rnn, run.states, run.dEdx, chain);
      const reference = omega(rnn, run.states, run.dEdx, chain);
      const fd = omegaFiniteDifference(rnn, run.states, run.dEdx, chain);
      assert.ok(Math.abs(autodiff.value - reference.value) < 1e-5 * reference.value);
      const error = relativeError(autodiff.wRec, fd);
      assert.ok(error < 1e-4, `${chain}: relative error ${error}`);
    }
    // The correct and printed gradients differ (so the test above can tell them apart).
    const a = omegaGradient(rnn, run.states, run.dEdx, "numerator").wRec;
    const b = omegaGradient(rnn, run.states, run.dEdx, "paper").wRec;
    assert.ok(relativeError(b, a) > 0.05);
  });

  it("skips terms whose error signal is below the bound", () => {
    const dEdx = run.dEdx.map((row, k) => (k === 3 ? row.map(() => 0) : row));
    const value = omega(rnn, run.states, dEdx, "numerator");
    assert.deepEqual(value.skipped, [2]);
    assert.equal(value.terms[2], 0);
    const tiny = omega(
      rnn,
      run.states,
      run.dEdx.map((row) => row.map((g) => g * 1e-11)),
      "paper",
    );
    assert.equal(tiny.value, 0);
    assert.equal(tiny.skipped.length, 12);
    const grad = omegaGradient(rnn, run.states, dEdx, "numerator").wRec;
    assert.ok(grad.flat().every(Number.isFinite));
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numTensors;
    omegaGradient(rnn, run.states, run.dEdx, "paper");
    omegaGradient(rnn, run.states, run.dEdx, "numerator");
    assert.equal(tf.memory().numTensors, before);
  });

  it("rejects bad input with messages that name the argument", () => {
    assert.throws(
      () => omega(rnn, run.states, run.dEdx.slice(1), "paper"),
      /dEdx must be \(T\+1\)×n like states/,
    );
    assert.throws(() => omega(rnn, [[1]], [[1]], "paper"), /states must be \(T\+1\)×n with n = 5/);
    assert.throws(
      () => omega(rnn, run.states, run.dEdx, "transposed" as never),
      /chain must be one of/,
    );
    assert.throws(
      () => omegaGradient(undefined as never, run.states, run.dEdx, "paper"),
      /rnn must be an RNN/,
    );
  });
});
