import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { useBackend } from "../../src/backend";
import { compareMatrices } from "../../src/compare";
import { forward64 } from "../../src/reference";
import {
  createRNN,
  forward,
  forwardBatchTensor,
  forwardTensor,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/rnn";

describe("rnn: eq. (2), its parameters and the forward pass", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("computes x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in σ(u⁽ᵗ⁾) + b, checked by hand for two neurons", () => {
    const rnn = createRNN({
      wRec: [
        [0.5, -1.2],
        [0.8, 0.3],
      ],
      wIn: [[1], [-2]],
      b: [0.1, -0.2],
      activation: "tanh",
    });
    const x0 = [0.4, -0.7];
    const u = [[0.9], [-0.5]];
    const t = Math.tanh;
    const x1 = [
      0.5 * t(0.4) - 1.2 * t(-0.7) + 1 * t(0.9) + 0.1,
      0.8 * t(0.4) + 0.3 * t(-0.7) - 2 * t(0.9) - 0.2,
    ];
    const x2 = [
      0.5 * t(x1[0]) - 1.2 * t(x1[1]) + 1 * t(-0.5) + 0.1,
      0.8 * t(x1[0]) + 0.3 * t(x1[1]) - 2 * t(-0.5) - 0.2,
    ];
    const expected = [x0, x1, x2];
    assert.ok(compareMatrices(forward64(rnn, u, x0), expected).maxAbs < 1e-15);
    const states = forward(rnn, u, x0);
    assert.equal(states.length, 3);
    assert.ok(compareMatrices(states, expected).maxAbs < 1e-6);
  });

  it("createRNN copies its arrays and fills the defaults (no input, zero bias, tanh)", () => {
    const wRec = [
      [1, 2],
      [3, 4],
    ];
    const rnn = createRNN({ wRec });
    wRec[0][0] = 99;
    assert.equal(rnn.wRec[0][0], 1);
    assert.deepEqual(rnn.wIn, [[0], [0]]);
    assert.deepEqual(rnn.b, [0, 0]);
    assert.equal(rnn.activation, "tanh");
    assert.equal(rnn.n, 2);
    assert.equal(rnn.m, 1);
  });

  it("randomRNN, randomInputs and randomState give the same numbers for the same seed", () => {
    const a = randomRNN({ n: 5, seed: 7, activation: "sigmoid", inputSize: 2 });
    const b = randomRNN({ n: 5, seed: 7, activation: "sigmoid", inputSize: 2 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(randomRNN({ n: 5, seed: 8 }).wRec, a.wRec);
    assert.deepEqual(randomInputs(4, 2, 3), randomInputs(4, 2, 3));
    assert.deepEqual(randomState(5, 3), randomState(5, 3));
    assert.notDeepEqual(randomState(5, 3), randomState(5, 4));
  });

  it("randomRNN({ symmetric: true }) gives an exactly symmetric W_rec", () => {
    const { wRec } = randomRNN({ n: 6, seed: 2, symmetric: true });
    wRec.forEach((row, j) => row.forEach((value, k) => assert.equal(value, wRec[k][j])));
    const generic = randomRNN({ n: 6, seed: 2 }).wRec;
    assert.ok(generic.some((row, j) => row.some((value, k) => value !== generic[k][j])));
  });

  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: the float32 forward pass matches the float64 one at float32 precision`, () => {
      for (const n of [1, 3, 64]) {
        const rnn = randomRNN({ n, seed: n, activation });
        const u = randomInputs(6, 1, 100 + n);
        const x0 = randomState(n, 200 + n);
        const states = forward(rnn, u, x0);
        assert.equal(states.length, 7);
        assert.deepEqual(states[0], Array.from(new Float32Array(x0)));
        // Each step rounds to float32 (ε₃₂ = 1.2e-7) and the rounding is carried forward: over
        // six steps of a network with spectral radius about 1, 1e-5 of the state's size is ample.
        const { maxRel } = compareMatrices(states, forward64(rnn, u, x0));
        assert.ok(maxRel < 1e-5, `${activation}, n = ${n}: relative difference ${maxRel}`);
      }
    });
  }

  it("forwardBatchTensor runs B independent copies; forwardTensor is its B = 1 case", () => {
    const rnn = randomRNN({ n: 3, seed: 5 });
    const u = randomInputs(4, 1, 6);
    const starts = [randomState(3, 1), randomState(3, 2)];
    const batch = tf.tidy(() =>
      forwardBatchTensor(rnn, tf.tensor2d(u), tf.tensor2d(starts)).arraySync(),
    );
    assert.equal(batch.length, 5);
    starts.forEach((x0, copy) => {
      const single = tf.tidy(() => forwardTensor(rnn, tf.tensor2d(u), tf.tensor1d(x0)).arraySync());
      assert.deepEqual(single, forward(rnn, u, x0));
      const copyStates = batch.map((slice) => slice[copy]);
      assert.ok(compareMatrices(copyStates, single).maxRel < 1e-6);
    });
  });
});
