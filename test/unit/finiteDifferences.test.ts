import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATION_NAMES, ActivationName } from "../../src/core/activations";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices, withinTolerance } from "../../src/shared/compare";
import { jacobianForm, stepJacobian } from "../../src/checked/jacobians";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../../src/oracle/finiteDifferences";
import { RNN } from "../../src/core/model";
import { forward, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { Matrix, Vector } from "../../src/shared/validate";
import { transposeMatrix } from "../../src/checked/norms";
import { productsOverTime } from "../../src/fast/products";

const STEPS = 5;
const SIZES = [1, 2, 3, 8, 64];
const seedsFor = (n: number): number[] => (n === 64 ? [0] : [0, 1, 2]);

/**
 * Analytic against finite differences, both float64 (1e-7). The differences err by
 * about 1e-10 (O(h²) truncation plus ε₆₄|x|/h rounding), so 1e-7 relative to max(1, max|entry|)
 * is a firm bound, while any wrong weight or σ′ is off by O(|entry|).
 */
const FINITE_DIFFERENCES = { relative: 1e-7, absolute: 1e-7 };

interface Case {
  rnn: RNN;
  u: Matrix;
  x0: Vector;
  where: string;
}

function* cases(activation: ActivationName): Generator<Case> {
  for (const n of SIZES) {
    for (const seed of seedsFor(n)) {
      const rnn = randomRNN({ n, seed, activation });
      const u = randomInputs(STEPS, 1, seed + 1);
      const x0 = randomState(n, seed + 2);
      if (activation === "relu") {
        // Central differences of relu are exact on either side of the kink at 0, and wrong for a
        // point within δ = h·max(1, |x|) of it (the difference then averages slopes 0 and 1).
        // The perturbation reaching a later state is δ times the product's entries, here below
        // 1e-4, so every state the derivative is taken at must stay 1e-3 away from 0.
        const margin = Math.min(...forward(rnn, u, x0).slice(0, STEPS).flat().map(Math.abs));
        assert.ok(margin > 1e-3, `relu, n = ${n}, seed ${seed}: a state is ${margin} from 0`);
      }
      yield { rnn, u, x0, where: `${activation}, n = ${n}, seed ${seed}` };
    }
  }
}

function assertFiniteDifferences(analytic: Matrix, differences: Matrix, where: string): void {
  const comparison = compareMatrices(analytic, differences);
  assert.ok(
    withinTolerance(comparison, FINITE_DIFFERENCES),
    `${where}: |Δ| = ${comparison.maxAbs}, relative ${comparison.maxRel}`,
  );
}

describe("finiteDifferences: the float64 core against central finite differences", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("jacobianForm builds the three forms in float64, entry by entry", () => {
    const w = [
      [0.1, -0.7],
      [0.3, 1.9],
    ];
    const s = [0.3, 0.6];
    assert.deepEqual(jacobianForm(w, s, "numerator"), [
      [0.1 * 0.3, -0.7 * 0.6],
      [0.3 * 0.3, 1.9 * 0.6],
    ]);
    assert.deepEqual(
      jacobianForm(w, s, "denominator"),
      transposeMatrix(jacobianForm(w, s, "numerator")),
    );
    assert.deepEqual(jacobianForm(w, s, "paper"), [
      [0.1 * 0.3, 0.3 * 0.6],
      [-0.7 * 0.3, 1.9 * 0.6],
    ]);
  });

  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: W D and D Wᵀ match finite differences at every step (1e-7)`, () => {
      for (const { rnn, u, x0, where } of cases(activation)) {
        const states = forward(rnn, u, x0);
        for (let i = 1; i <= STEPS; i++) {
          const differences = finiteDifferenceStepJacobian(rnn, states[i - 1]);
          const at = `${where}, step ${i}`;
          assertFiniteDifferences(stepJacobian(rnn, states[i - 1], "numerator"), differences, at);
          assertFiniteDifferences(
            stepJacobian(rnn, states[i - 1], "denominator"),
            transposeMatrix(differences),
            at,
          );
        }
      }
    });

    it(`${activation}: the products over time match finite differences for every k < t (1e-7)`, () => {
      for (const { rnn, u, x0, where } of cases(activation)) {
        const states = forward(rnn, u, x0);
        for (let t = 1; t <= STEPS; t++) {
          const numerator = productsOverTime(rnn, states, "numerator", t);
          const denominator = productsOverTime(rnn, states, "denominator", t);
          for (let k = 0; k < t; k++) {
            const differences = finiteDifferenceJacobianOverTime(rnn, u, x0, k, t);
            const at = `${where}, k = ${k}, t = ${t}`;
            assertFiniteDifferences(numerator[k], differences, at);
            assertFiniteDifferences(denominator[k], transposeMatrix(differences), at);
          }
        }
      }
    });
  }

  it("finite differences tell the paper's form apart: Wᵀ D misses by far more than 1e-7", () => {
    const rnn = randomRNN({ n: 3, seed: 5 });
    const u = randomInputs(STEPS, 1, 5);
    const x0 = randomState(3, 5);
    const states = forward(rnn, u, x0);
    const differences = finiteDifferenceStepJacobian(rnn, states[1]);
    const paper = stepJacobian(rnn, states[1], "paper");
    assert.ok(compareMatrices(paper, differences).maxAbs > 1e-2);
    assert.ok(compareMatrices(paper, transposeMatrix(differences)).maxAbs > 1e-2);
    const overTime = finiteDifferenceJacobianOverTime(rnn, u, x0, 0, STEPS);
    assert.ok(compareMatrices(productsOverTime(rnn, states, "paper")[0], overTime).maxAbs > 1e-3);
  });

  it("finite differences keep their accuracy when the states grow large (relative step)", () => {
    // A linear network with spectral radius 3 reaches |x| > 10⁴ in ten steps. With a fixed step
    // h the rounding error ε₆₄|W x|/h would reach 1e-5 relative; h·max(1, |x_c|) keeps it ~1e-10.
    const rnn = randomRNN({ n: 4, seed: 1, activation: "linear", gain: 3 });
    const u = randomInputs(10, 1, 2);
    const x0 = randomState(4, 3);
    const states = forward(rnn, u, x0);
    assert.ok(Math.max(...states[9].map(Math.abs)) > 1e4);
    assertFiniteDifferences(
      stepJacobian(rnn, states[9], "numerator"),
      finiteDifferenceStepJacobian(rnn, states[9]),
      "large state",
    );
    assertFiniteDifferences(
      productsOverTime(rnn, states, "numerator")[8],
      finiteDifferenceJacobianOverTime(rnn, u, x0, 8, 10),
      "large product",
    );
  });

  it("productsOverTime: index k is ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾, t defaults to T", () => {
    const rnn = randomRNN({ n: 2, seed: 3, activation: "sigmoid" });
    const states = forward(rnn, randomInputs(4, 1, 4), randomState(2, 5));
    const all = productsOverTime(rnn, states, "numerator");
    assert.equal(all.length, 4);
    assert.deepEqual(all[3], stepJacobian(rnn, states[3], "numerator"));
    assert.deepEqual(
      productsOverTime(rnn, states, "paper", 2)[1],
      stepJacobian(rnn, states[1], "paper"),
    );
  });
});
