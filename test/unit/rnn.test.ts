import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices } from "../../src/shared/compare";
import { RNN } from "../../src/core/model";
import {
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { stepJacobian } from "../../src/checked/jacobians";
import { finiteDifferenceStepJacobian } from "../../src/oracle/finiteDifferences";
import { oracleForward } from "../../src/oracle/forward";
import { productsOverTime } from "../../src/fast/products";

describe("core/model.ts: eq. (2), its parameters and the float64 forward pass", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("computes x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in σ(u⁽ᵗ⁾) + b (the answer's input term) by hand", () => {
    const rnn = createRNN({
      inputTerm: "answer",
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
    const states = forward(rnn, u, x0);
    assert.equal(states.length, 3);
    assert.ok(compareMatrices(states, expected).maxAbs < 1e-15);
  });

  it("the paper's input term (the default): x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in u⁽ᵗ⁾ + b, by hand", () => {
    const spec = {
      wRec: [
        [0.5, -1.2],
        [0.8, 0.3],
      ],
      wIn: [[1], [-2]],
      b: [0.1, -0.2],
    };
    const rnn = createRNN(spec);
    assert.equal(rnn.inputTerm, "paper");
    const x0 = [0.4, -0.7];
    const t = Math.tanh;
    const x1 = [
      0.5 * t(0.4) - 1.2 * t(-0.7) + 1 * 0.9 + 0.1,
      0.8 * t(0.4) + 0.3 * t(-0.7) - 2 * 0.9 - 0.2,
    ];
    assert.ok(compareMatrices(forward(rnn, [[0.9]], x0), [x0, x1]).maxAbs < 1e-15);
    // ∂x/∂x does not depend on the input term: same Jacobian at the same state, both terms.
    const answer = createRNN({ ...spec, inputTerm: "answer" });
    assert.deepEqual(stepJacobian(rnn, x1, "numerator"), stepJacobian(answer, x1, "numerator"));
    assert.ok(
      compareMatrices(
        finiteDifferenceStepJacobian(rnn, x1),
        finiteDifferenceStepJacobian(answer, x1),
      ).maxAbs < 1e-9,
    );
  });

  it("every public entry point refuses a hand-built RNN that does not fit together", () => {
    const good = createRNN({
      wRec: [
        [1, 0],
        [0, 1],
      ],
    });
    const bad: [string, unknown, RegExp][] = [
      [
        "n: 3 with a 2×2 W_rec",
        { ...good, n: 3 },
        /rnn\.n must equal the size of wRec \(2×2\), got 3/,
      ],
      [
        "a NaN weight",
        {
          ...good,
          wRec: [
            [NaN, 0],
            [0, 1],
          ],
        },
        /wRec\[0\]\[0\] must be a finite number, got NaN/,
      ],
      [
        "m: 2 with a 2×1 W_in",
        { ...good, m: 2 },
        /rnn\.m must equal the columns of wIn \(2×1\), got 2/,
      ],
      ["a short b", { ...good, b: [0] }, /b must have length n = 2/],
      [
        "no input term",
        { ...good, inputTerm: undefined },
        /inputTerm must be one of paper, answer/,
      ],
      ["an unknown activation", { ...good, activation: "softplus" }, /activation must be one of/],
    ];
    for (const [what, rnn, message] of bad) {
      const net = rnn as RNN;
      assert.throws(() => forward(net, [[0]], [0, 0]), message, `forward: ${what}`);
      assert.throws(() => stepJacobian(net, [0, 0], "numerator"), message, `stepJacobian: ${what}`);
      assert.throws(
        () =>
          productsOverTime(
            net,
            [
              [0, 0],
              [0, 0],
            ],
            "paper",
          ),
        message,
        `products: ${what}`,
      );
      assert.throws(
        () => finiteDifferenceStepJacobian(net, [0, 0]),
        message,
        `differences: ${what}`,
      );
    }
  });

  it("a state that leaves float64's range is an error naming the step, not Infinity", () => {
    const rnn = createRNN({
      wRec: [
        [1e20, 0],
        [0, 1e20],
      ],
      activation: "linear",
    });
    assert.throws(
      () => forward(rnn, randomInputs(40, 1, 1), [1, 1]),
      (error: Error) =>
        error instanceof RangeError &&
        /x⁽16⁾ of the forward pass left float64's range/.test(error.message),
    );
  });

  it("seeds outside [0, 2³² − 1] are refused instead of aliased", () => {
    for (const seed of [-1, 2 ** 32, 2 ** 52, 0.5]) {
      assert.throws(
        () => randomRNN({ n: 2, seed }),
        /seed must be an integer in \[0, 4294967295\]/,
      );
      assert.throws(() => randomInputs(2, 1, seed), /seed must be an integer in \[0, 4294967295\]/);
      assert.throws(() => randomState(2, seed), /seed must be an integer in \[0, 4294967295\]/);
    }
    assert.doesNotThrow(() => randomRNN({ n: 2, seed: 2 ** 32 - 1 }));
  });

  it("randomRNN refuses a size that cannot fit in memory, saying how much it needs", () => {
    assert.throws(
      () => randomRNN({ n: 1e6, seed: 0 }),
      /randomRNN with n = 1000000, inputSize = 1 needs about 8000\.0 GB/,
    );
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
    assert.equal(rnn.inputTerm, "paper");
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
    it(`${activation}: the oracle's tfjs forward pass (float32) matches the core's float64 one`, () => {
      for (const n of [1, 3, 64]) {
        for (const inputTerm of ["paper", "answer"] as const) {
          const rnn = randomRNN({ n, seed: n, activation, inputTerm });
          const u = randomInputs(6, 1, 100 + n);
          const x0 = randomState(n, 200 + n);
          const states = oracleForward(rnn, u, x0);
          assert.equal(states.length, 7);
          // Each step rounds to float32 (ε₃₂ = 1.2e-7) and the rounding is carried forward: over
          // six steps of a network with spectral radius about 1, 1e-5 of the state's size is ample.
          const { maxRel } = compareMatrices(states, forward(rnn, u, x0));
          assert.ok(
            maxRel < 1e-5,
            `${activation}, n = ${n}, ${inputTerm}: relative difference ${maxRel}`,
          );
        }
      }
    });
  }
});
