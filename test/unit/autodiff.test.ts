import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { autodiffJacobianOverTime, autodiffStepJacobian } from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices } from "../../src/shared/compare";
import { stepJacobian } from "../../src/checked/jacobians";
import {
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { Matrix } from "../../src/shared/validate";
import { transposeMatrix } from "../../src/checked/norms";
import { productsOverTime } from "../../src/fast/products";

/** The correct forms match autodiff to 1e-5 relative (to the largest expected entry). */
const RELATIVE = 1e-5;
const STEPS = 5;
const SIZES = [1, 2, 3, 8, 64];
const seedsFor = (n: number): number[] => (n === 64 ? [0] : [0, 1, 2]);

function assertRelative(actual: Matrix, expected: Matrix, what: string): void {
  const { maxRel } = compareMatrices(actual, expected);
  assert.ok(maxRel <= RELATIVE, `${what}: relative difference ${maxRel}`);
}

describe("autodiff: the Jacobian from tfjs gradients of the forward pass", () => {
  before(async () => {
    await useBackend("wasm");
  });

  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: W D and D Wᵀ match autodiff at every step, n ∈ {${SIZES}}`, () => {
      for (const n of SIZES) {
        for (const seed of seedsFor(n)) {
          const rnn = randomRNN({ n, seed, activation });
          const states = forward(rnn, randomInputs(STEPS, 1, seed + 1), randomState(n, seed + 2));
          for (let i = 1; i <= STEPS; i++) {
            const truth = autodiffStepJacobian(rnn, states[i - 1]);
            const where = `${activation}, n = ${n}, seed ${seed}, step ${i}`;
            assertRelative(stepJacobian(rnn, states[i - 1], "numerator"), truth, where);
            assertRelative(
              stepJacobian(rnn, states[i - 1], "denominator"),
              transposeMatrix(truth),
              where,
            );
          }
        }
      }
    });

    it(`${activation}: the products over time match autodiff for every 0 ≤ k < t ≤ T`, () => {
      for (const n of SIZES) {
        for (const seed of seedsFor(n)) {
          const rnn = randomRNN({ n, seed, activation });
          const u = randomInputs(STEPS, 1, seed + 1);
          const x0 = randomState(n, seed + 2);
          const states = forward(rnn, u, x0);
          for (let t = 1; t <= STEPS; t++) {
            const numerator = productsOverTime(rnn, states, "numerator", t);
            const denominator = productsOverTime(rnn, states, "denominator", t);
            for (let k = 0; k < t; k++) {
              const truth = autodiffJacobianOverTime(rnn, u, x0, k, t);
              const where = `${activation}, n = ${n}, seed ${seed}, k = ${k}, t = ${t}`;
              assertRelative(numerator[k], truth, where);
              assertRelative(denominator[k], transposeMatrix(truth), where);
            }
          }
        }
      }
    });
  }

  it("the paper's Wᵀ D does not match autodiff for a generic W, in either layout", () => {
    const rnn = randomRNN({ n: 8, seed: 4 });
    const u = randomInputs(STEPS, 1, 5);
    const x0 = randomState(8, 6);
    const states = forward(rnn, u, x0);
    const truth = autodiffStepJacobian(rnn, states[2]);
    const paper = stepJacobian(rnn, states[2], "paper");
    assert.ok(compareMatrices(paper, truth).maxRel > 0.1);
    assert.ok(compareMatrices(paper, transposeMatrix(truth)).maxRel > 0.1);
    const overTime = autodiffJacobianOverTime(rnn, u, x0, 0, STEPS);
    const paperProduct = productsOverTime(rnn, states, "paper")[0];
    assert.ok(compareMatrices(paperProduct, overTime).maxRel > 0.1);
  });

  it("differentiates the forward pass, input term included: ∂x⁽ᵗ⁾/∂x⁽ᵗ⁻¹⁾ over time equals one step", () => {
    // The one-step Jacobian does not depend on u, so autodiff through step t with the real input
    // must equal autodiffStepJacobian (which uses u = 0) at x⁽ᵗ⁻¹⁾.
    const rnn = randomRNN({ n: 3, seed: 8, activation: "sigmoid", inputSize: 2 });
    const u = randomInputs(4, 2, 9);
    const x0 = randomState(3, 10);
    const states = forward(rnn, u, x0);
    for (let t = 1; t <= 4; t++) {
      assertRelative(
        autodiffJacobianOverTime(rnn, u, x0, t - 1, t),
        autodiffStepJacobian(rnn, states[t - 1]),
        `t = ${t}`,
      );
    }
  });

  it("gets the exact Jacobian of a linear network: ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ = W^(t−k)", () => {
    const w = [
      [0.5, 0.25],
      [-1, 0.75],
    ];
    const rnn = createRNN({ wRec: w, activation: "linear" });
    const u = [[0], [0], [0]];
    const square = [
      [0.5 * 0.5 + 0.25 * -1, 0.5 * 0.25 + 0.25 * 0.75],
      [-1 * 0.5 + 0.75 * -1, -1 * 0.25 + 0.75 * 0.75],
    ];
    assert.deepEqual(autodiffStepJacobian(rnn, [3, -2]), w);
    assert.deepEqual(autodiffJacobianOverTime(rnn, u, [1, 2], 1, 3), square);
  });
});
