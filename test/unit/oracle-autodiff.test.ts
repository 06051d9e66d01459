import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllSteps,
  autodiffJacobiansToAllStepsTensor,
  autodiffStepJacobian,
} from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { oracleForward } from "../../src/oracle/forward";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { Matrix, Vector } from "../../src/shared/validate";

/** max |a − b| over max |b|. */
function relativeDifference(a: Matrix, b: Matrix): number {
  let difference = 0;
  let scale = 0;
  b.forEach((row, r) =>
    row.forEach((value, c) => {
      difference = Math.max(difference, Math.abs(a[r][c] - value));
      scale = Math.max(scale, Math.abs(value));
    }),
  );
  return difference / scale;
}

// Element-wise float64 loops written here, independent of src/: σ and eq. (2).
const SIGMA: Record<string, (x: number) => number> = {
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
};

function loopForward(
  wRec: Matrix,
  wIn: Matrix,
  b: Vector,
  activation: string,
  inputTerm: "paper" | "answer",
  u: Matrix,
  x0: Vector,
): Matrix {
  const sigma = SIGMA[activation];
  const states = [x0];
  for (const input of u) {
    const previous = states[states.length - 1];
    const drive = input.map((value) => (inputTerm === "answer" ? sigma(value) : value));
    states.push(
      wRec.map(
        (row, j) =>
          row.reduce((sum, w, k) => sum + w * sigma(previous[k]), 0) +
          wIn[j].reduce((sum, w, i) => sum + w * drive[i], 0) +
          b[j],
      ),
    );
  }
  return states;
}

describe("oracle: its own forward pass of eq. (2) and autodiff of it", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("runs eq. (2) with the paper's W_in u (the default) or the answer's W_in σ(u)", () => {
    for (const activation of ACTIVATION_NAMES) {
      const rnn = randomRNN({ n: 4, seed: 3, activation, inputSize: 2 });
      const u = randomInputs(6, 2, 4);
      const x0 = randomState(4, 5);
      for (const inputTerm of ["paper", "answer"] as const) {
        const net = { ...rnn, inputTerm };
        const expected = loopForward(rnn.wRec, rnn.wIn, rnn.b, activation, inputTerm, u, x0);
        const ours = oracleForward(net, u, x0);
        const what = `${activation}, ${inputTerm}`;
        assert.ok(relativeDifference(ours, expected) < 1e-5, what);
      }
      // No inputTerm field (a network built by hand): eq. (2) as printed.
      const bare: Record<string, unknown> = { ...rnn };
      delete bare.inputTerm;
      assert.ok(
        relativeDifference(
          oracleForward(bare, u, x0),
          loopForward(rnn.wRec, rnn.wIn, rnn.b, activation, "paper", u, x0),
        ) < 1e-5,
      );
      // The two input terms differ (u is not a fixed point of σ), so the option is honoured.
      assert.ok(
        relativeDifference(
          oracleForward({ ...rnn, inputTerm: "paper" }, u, x0),
          oracleForward({ ...rnn, inputTerm: "answer" }, u, x0),
        ) > 1e-3 || activation === "linear",
      );
    }
  });

  it("all ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, k = 0 … t−1, from one backward pass equal the per-k Jacobians", () => {
    for (const activation of ACTIVATION_NAMES) {
      const rnn = { ...randomRNN({ n: 5, seed: 11, activation, gain: 1.3 }), inputTerm: "paper" };
      const u = randomInputs(9, 1, 12);
      const x0 = randomState(5, 13);
      for (const t of [1, 4, 9]) {
        const all = autodiffJacobiansToAllSteps(rnn, u, x0, t);
        assert.equal(all.length, t);
        for (let k = 0; k < t; k++) {
          const single = autodiffJacobianOverTime(rnn, u, x0, k, t);
          const difference = relativeDifference(all[k], single);
          assert.ok(difference < 1e-6 || Number.isNaN(difference), `${activation} k=${k} t=${t}`);
          // relu can kill every path: then both are exactly zero.
          if (Number.isNaN(difference)) assert.deepEqual(all[k], single);
        }
      }
      const tensor = autodiffJacobiansToAllStepsTensor(rnn, u, x0);
      assert.deepEqual(tensor.shape, [9, 5, 5]);
      assert.deepEqual(tensor.arraySync(), autodiffJacobiansToAllSteps(rnn, u, x0));
      tensor.dispose();
    }
  });

  it("a linear network's Jacobians are the powers of W, input term or not", () => {
    const wRec = [
      [0.5, 0.25],
      [-1, 0.75],
    ];
    const rnn = {
      n: 2,
      m: 1,
      wRec,
      wIn: [[2], [-1]],
      b: [0.5, 0.25],
      activation: "linear",
      inputTerm: "answer",
    };
    const u = [[1], [-2], [3]];
    const square = [
      [0.5 * 0.5 + 0.25 * -1, 0.5 * 0.25 + 0.25 * 0.75],
      [-1 * 0.5 + 0.75 * -1, -1 * 0.25 + 0.75 * 0.75],
    ];
    const all = autodiffJacobiansToAllSteps(rnn, u, [1, 2]);
    assert.deepEqual(all[2], wRec);
    assert.deepEqual(all[1], square);
    assert.deepEqual(autodiffStepJacobian(rnn, [3, -2]), wRec);
  });

  it("validates networks built by hand, naming the field", () => {
    const good = {
      n: 2,
      m: 1,
      wRec: [
        [1, 0],
        [0, 1],
      ],
      wIn: [[0], [0]],
      b: [0, 0],
      activation: "tanh",
    };
    const x = [0, 0];
    const cases: [object, RegExp][] = [
      [
        {
          ...good,
          wRec: [
            [1, NaN],
            [0, 1],
          ],
        },
        /rnn.wRec\[0\]\[1\] must be a finite number, got NaN/,
      ],
      [{ ...good, n: 3 }, /rnn.n must equal the size of rnn.wRec \(2×2\), got 3/],
      [{ ...good, wRec: [[1, 0]] }, /rnn.wRec must be square, got 1×2/],
      [{ ...good, wIn: [[0]] }, /rnn.wIn must have n = 2 rows, got 1×1/],
      [{ ...good, m: 2 }, /rnn.m must equal the columns of rnn.wIn \(2×1\), got 2/],
      [{ ...good, b: [0, Infinity] }, /rnn.b\[1\] must be a finite number, got Infinity/],
      [{ ...good, activation: "softplus" }, /rnn.activation must be one of tanh, sigmoid/],
      [{ ...good, inputTerm: "both" }, /rnn.inputTerm must be one of paper, answer, got "both"/],
    ];
    for (const [rnn, message] of cases) {
      assert.throws(() => autodiffStepJacobian(rnn, x), message);
      assert.throws(() => autodiffJacobianOverTime(rnn, [[0]], x, 0, 1), message);
      assert.throws(() => autodiffJacobiansToAllSteps(rnn, [[0]], x), message);
      assert.throws(() => oracleForward(rnn, [[0]], x), message);
    }
    assert.throws(() => autodiffStepJacobian(null, x), /rnn must be an RNN object/);
    assert.throws(() => autodiffStepJacobian(good, [0]), /xPrevious must have length 2/);
    assert.throws(
      () => autodiffJacobiansToAllSteps(good, [[0], [0]], x, 3),
      /t must be an integer in \[1, 2\] \(u has T = 2 steps\), got 3/,
    );
    assert.throws(
      () => autodiffJacobianOverTime(good, [[0], [0]], x, 2, 2),
      /k and t must satisfy 0 ≤ k < t ≤ T/,
    );
    assert.throws(() => autodiffJacobiansToAllSteps(good, [], x), /u must hold at least one/);
  });

  it("float32 overflow is a clear error, never Infinity or NaN", () => {
    const huge = {
      n: 2,
      m: 1,
      wRec: [
        [1e20, 0],
        [0, 1e20],
      ],
      wIn: [[0], [0]],
      b: [0, 0],
      activation: "linear",
    };
    const u = [[0], [0], [0]];
    const x0 = [1, 1];
    const beyond = /left float32's range/;
    // W³ has entries 1e60: the Jacobian itself overflows (and so does x⁽³⁾).
    assert.throws(() => autodiffJacobianOverTime(huge, u, x0, 0, 3), beyond);
    assert.throws(() => autodiffJacobiansToAllSteps(huge, u, x0), beyond);
    assert.throws(() => autodiffJacobiansToAllStepsTensor(huge, u, x0), beyond);
    assert.throws(() => oracleForward(huge, u, x0), /left float32's range at x_0⁽2⁾/);
    // A state beyond float32 with a finite Jacobian: W = 1e20 I, one step from x⁽⁰⁾ = 1e30.
    assert.throws(() => autodiffJacobianOverTime(huge, u, [1e30, 0], 0, 1), /state x⁽1⁾/);
    // Representable: one step is W itself.
    assert.ok(relativeDifference(autodiffJacobianOverTime(huge, u, x0, 0, 1), huge.wRec) < 1e-7);
    // No tensor is left behind by the errors.
    const before = tf.memory().numTensors;
    assert.throws(() => autodiffJacobiansToAllSteps(huge, u, x0), beyond);
    assert.throws(() => autodiffJacobianOverTime(huge, u, x0, 1, 3), beyond);
    assert.equal(tf.memory().numTensors, before);
  });

  it("frees every tensor", () => {
    const rnn = randomRNN({ n: 6, seed: 1 });
    const u = randomInputs(7, 1, 2);
    const x0 = randomState(6, 3);
    const run = () => {
      autodiffStepJacobian(rnn, x0);
      autodiffJacobianOverTime(rnn, u, x0, 2, 6);
      autodiffJacobiansToAllSteps(rnn, u, x0);
      autodiffJacobiansToAllStepsTensor(rnn, u, x0).dispose();
      oracleForward(rnn, u, x0);
    };
    run();
    const before = tf.memory().numTensors;
    run();
    run();
    assert.equal(tf.memory().numTensors, before);
  });
});
