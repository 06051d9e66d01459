import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices } from "../../src/shared/compare";
import {
  autodiffLossGradients,
  cosineSimilarities,
  lossGradients,
  normRatios,
  readoutLoss,
  sequenceLoss,
} from "../../src/consequences/backprop";
import { isCorrectReading } from "../../src/checked/jacobians";
import { createRNN, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { Matrix } from "../../src/shared/validate";
import { productsOverTime } from "../../src/fast/products";

/** max |a − b| / max |b| over all entries: compare.ts's relative error. */
function relativeError(a: Matrix, b: Matrix): number {
  return compareMatrices(a, b).maxRel;
}

describe("backprop: BPTT through the correct and the printed Jacobian (eq. 4)", () => {
  before(async () => {
    await useBackend("wasm");
  });

  const rnn = randomRNN({ n: 6, seed: 31, gain: 1.2, inputSize: 2 });
  const u = randomInputs(14, 2, 32);
  const x0 = randomState(6, 33);
  const readout = {
    v: [
      [0.4, -0.3, 0.2, 0.5, -0.1, 0.3],
      [-0.2, 0.1, 0.4, -0.3, 0.2, 0.1],
    ],
    c: [0.05, -0.1],
  };
  const target = [0.6, -0.4];

  it("the correct chain matches tfjs autodiff of the real loss to float32 precision", () => {
    const ad = autodiffLossGradients(rnn, u, x0, readout, target);
    for (const chain of ["numerator", "denominator"] as const) {
      const g = lossGradients(rnn, u, x0, readout, target, chain);
      assert.ok(Math.abs(g.loss - ad.loss) < 1e-6 * Math.max(1, g.loss));
      for (const [name, ours, theirs] of [
        ["wRec", g.wRec, ad.wRec],
        ["wIn", g.wIn, ad.wIn],
        ["b", [g.b], [ad.b]],
        ["dEdx", g.dEdx, ad.dEdx],
      ] as const) {
        const error = relativeError(ours as Matrix, theirs as Matrix);
        assert.ok(error < 1e-5, `${chain} ${name}: relative error ${error}`);
      }
    }
  });

  it("autodiff of the loss works for a single step, T = 1 (two rows of ∂E/∂x)", () => {
    const one = u.slice(0, 1);
    const ad = autodiffLossGradients(rnn, one, x0, readout, target);
    const g = lossGradients(rnn, one, x0, readout, target, "numerator");
    assert.equal(ad.dEdx.length, 2);
    const error = relativeError(g.dEdx, ad.dEdx);
    assert.ok(error < 1e-5, `dEdx: relative error ${error}`);
  });

  it("the printed chain differs for a generic W (and agrees for a symmetric one)", () => {
    const correct = lossGradients(rnn, u, x0, readout, target, "numerator");
    for (const chain of ["paper", "paperNumerator", "paperDenominator"] as const) {
      const printed = lossGradients(rnn, u, x0, readout, target, chain);
      assert.equal(printed.loss, correct.loss, "the forward pass does not depend on the chain");
      assert.deepEqual(printed.v, correct.v);
      assert.deepEqual(printed.dEdx[14], correct.dEdx[14], "∂E/∂x⁽ᵀ⁾ itself is the same");
      assert.ok(relativeError(printed.wRec, correct.wRec) > 0.05, `${chain} wRec`);
      assert.ok(relativeError(printed.dEdx, correct.dEdx) > 0.05, `${chain} dEdx`);
    }
    assert.deepEqual(
      lossGradients(rnn, u, x0, readout, target, "paper").wRec,
      lossGradients(rnn, u, x0, readout, target, "paperNumerator").wRec,
    );
    // Symmetric W: Wᵀ D = W D, so eq. (5) as printed happens to be right.
    const symmetric = randomRNN({ n: 6, seed: 34, symmetric: true, inputSize: 2 });
    const a = lossGradients(symmetric, u, x0, readout, target, "numerator");
    const b = lossGradients(symmetric, u, x0, readout, target, "paper");
    assert.ok(relativeError(b.wRec, a.wRec) < 1e-12);
  });

  it("the error signals are ∂E/∂x⁽ᵀ⁾ times the products of eq. (5)", () => {
    for (const [chain, form] of [
      ["numerator", "numerator"],
      ["paper", "paper"],
    ] as const) {
      const { dEdx, states } = lossGradients(rnn, u, x0, readout, target, chain);
      const g = dEdx[14];
      const products = productsOverTime(rnn, states, form);
      const expected = products.map((p) =>
        p[0].map((_, c) => p.reduce((s, row, r) => s + g[r] * row[c], 0)),
      );
      assert.ok(relativeError(dEdx.slice(0, 14), expected) < 1e-5, chain);
      assert.deepEqual(g, readoutLoss(rnn, states[14], readout, target).dEdx);
    }
  });

  it("sequenceLoss is the loss lossGradients reports (no gradients computed)", () => {
    const { loss, output } = sequenceLoss(rnn, u, x0, readout, target);
    const g = lossGradients(rnn, u, x0, readout, target);
    assert.equal(loss, g.loss);
    assert.deepEqual(output, g.output);
    assert.throws(() => sequenceLoss(rnn, u, x0, readout, [1]), /target must have length 2/);
  });

  it("readoutLoss: value and ∂E/∂x by hand for a 1-neuron linear net", () => {
    const net = createRNN({ wRec: [[1]], activation: "linear" });
    const result = readoutLoss(net, [2], { v: [[3]], c: [1] }, [4]);
    assert.deepEqual(result.output, [7]);
    assert.equal(result.loss, 4.5);
    assert.deepEqual(result.dEdx, [9]);
  });

  it("cosine similarity and norm ratio, with null where undefined", () => {
    const a = [
      [1, 0],
      [0, 0],
      [2, 2],
    ];
    const b = [
      [0, 3],
      [1, 1],
      [-1, -1],
    ];
    const cosines = cosineSimilarities(a, b);
    assert.equal(cosines[0], 0);
    assert.equal(cosines[1], null);
    assert.ok(Math.abs(cosines[2]! + 1) < 1e-15);
    const ratios = normRatios(a, b);
    assert.ok(Math.abs(ratios[0]! - 1 / 3) < 1e-15);
    assert.equal(ratios[1], 0);
    assert.ok(Math.abs(ratios[2]! - 2) < 1e-15);
    assert.deepEqual(normRatios([[1]], [[0]]), [null]);
    assert.equal(isCorrectReading("denominator"), true);
    assert.equal(isCorrectReading("paper"), false);
  });

  it("does not leak tensors", () => {
    const before = tf.memory().numTensors;
    autodiffLossGradients(rnn, u, x0, readout, target);
    autodiffLossGradients(rnn, u, x0, readout, target);
    assert.equal(tf.memory().numTensors, before);
  });

  it("rejects bad input with messages that name the argument", () => {
    assert.throws(
      () => lossGradients(rnn, u, x0, readout, target, "wrong" as never),
      /chain must be one of/,
    );
    assert.throws(() => lossGradients({} as never, u, x0, readout, target), /rnn must be an RNN/);
    assert.throws(
      () => lossGradients(rnn, u, x0, { v: [[1, 2]], c: [0] }, [0]),
      /readout.v must be p×n with n = 6/,
    );
    assert.throws(
      () => lossGradients(rnn, u, x0, { v: readout.v, c: [0] }, target),
      /readout.c must have length 2/,
    );
    assert.throws(() => lossGradients(rnn, u, x0, readout, [1]), /target must have length 2/);
    assert.throws(
      () => lossGradients(rnn, u, x0, null as never, target),
      /readout must be an object/,
    );
    assert.throws(() => lossGradients(rnn, [[1]], x0, readout, target), /u must be T×m with m = 2/);
    assert.throws(
      () => autodiffLossGradients(rnn, u, [1], readout, target),
      /x0 must have length n = 6/,
    );
    assert.throws(() => readoutLoss(rnn, [1], readout, target), /x must have length 6/);
    assert.throws(() => cosineSimilarities([[1]], [[1, 2]]), /a and b must have the same shape/);
    assert.throws(() => normRatios([], [[1]]), /a must be a non-empty matrix/);
  });
});
