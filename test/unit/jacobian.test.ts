import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { getActivation } from "../../src/activations";
import { autodiffStepJacobian } from "../../src/autodiff";
import { useBackend } from "../../src/backend";
import { compareMatrices, transposeMatrix } from "../../src/compare";
import {
  describeEntry,
  entryValue,
  jacobianDenominator,
  jacobianForm,
  jacobianNumerator,
  jacobianPaper,
  productsOverTime,
  sigmaPrimeAt,
  stepJacobian,
} from "../../src/jacobian";
import { products64, stepJacobian64 } from "../../src/reference";
import { createRNN, forward, randomInputs, randomRNN, randomState } from "../../src/rnn";
import { Matrix } from "../../src/validate";

const close = (actual: Matrix, expected: Matrix, tolerance = 1e-6): void => {
  const { maxAbs } = compareMatrices(actual, expected);
  assert.ok(maxAbs <= tolerance, `max |difference| ${maxAbs} > ${tolerance}`);
};

describe("jacobian: the forms of DESIGN.md §1 and the products of eq. (5)", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("builds W D, D Wᵀ and Wᵀ D entry by entry (values exact in float32)", () => {
    const w = [
      [1, 2],
      [3, 4],
    ];
    const s = [0.5, 0.25];
    assert.deepEqual(jacobianNumerator(w, s), [
      [0.5, 0.5],
      [1.5, 1],
    ]);
    assert.deepEqual(jacobianDenominator(w, s), [
      [0.5, 1.5],
      [0.5, 1],
    ]);
    assert.deepEqual(jacobianPaper(w, s), [
      [0.5, 0.75],
      [1, 1],
    ]);
    assert.deepEqual(jacobianForm("paper", w, s), jacobianPaper(w, s));
    // The denominator layout is the transpose of the numerator layout.
    assert.deepEqual(jacobianDenominator(w, s), transposeMatrix(jacobianNumerator(w, s)));
  });

  describe("the seed's two-neuron example (CrossValidated answer 369441), by value", () => {
    // A generic (non-symmetric) W and a state x⁽¹⁾ whose two σ′ differ.
    const rnn = createRNN({
      wRec: [
        [0.5, -1.2],
        [0.8, 0.3],
      ],
      activation: "tanh",
    });
    const x1 = [0.4, -1.1];
    const s = x1.map(getActivation("tanh").derivative);
    const [[, w12], [w21]] = rnn.wRec;

    it("∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₁₂ σ′(x₂⁽¹⁾): autodiff and both correct layouts", () => {
      const truth = autodiffStepJacobian(rnn, x1)[0][1];
      assert.ok(Math.abs(truth - w12 * s[1]) < 1e-7);
      assert.ok(Math.abs(stepJacobian(rnn, x1, "numerator")[0][1] - w12 * s[1]) < 1e-7);
      assert.ok(Math.abs(stepJacobian(rnn, x1, "denominator")[1][0] - w12 * s[1]) < 1e-7);
      // The alternatives the paper's form gives are really different numbers here.
      assert.ok(Math.abs(w21 * s[1] - truth) > 0.1);
      assert.ok(Math.abs(w12 * s[0] - truth) > 0.1);
    });

    it("the paper's Wᵀ D read in numerator layout gives W₂₁ σ′(x₂⁽¹⁾)", () => {
      assert.ok(Math.abs(stepJacobian(rnn, x1, "paper")[0][1] - w21 * s[1]) < 1e-7);
    });

    it("the paper's Wᵀ D read in denominator layout gives W₁₂ σ′(x₁⁽¹⁾)", () => {
      assert.ok(Math.abs(stepJacobian(rnn, x1, "paper")[1][0] - w12 * s[0]) < 1e-7);
    });

    it("describeEntry names the weight and the σ′ of each reading, and entryValue agrees", () => {
      const expected = {
        numerator: "W₁₂ σ′(x₂⁽¹⁾)",
        denominator: "W₁₂ σ′(x₂⁽¹⁾)",
        paperNumerator: "W₂₁ σ′(x₂⁽¹⁾)",
        paperDenominator: "W₁₂ σ′(x₁⁽¹⁾)",
      } as const;
      const forms = {
        numerator: "numerator",
        denominator: "denominator",
        paperNumerator: "paper",
        paperDenominator: "paper",
      } as const;
      for (const reading of Object.keys(expected) as (keyof typeof expected)[]) {
        const entry = describeEntry(reading, 0, 1, 2, 1);
        assert.equal(entry.text, expected[reading], reading);
        assert.equal(entry.correct, reading === "numerator" || reading === "denominator");
        const [row, col] = entry.matrixEntry;
        const matrixValue = stepJacobian(rnn, x1, forms[reading])[row][col];
        assert.ok(Math.abs(entryValue(entry, rnn.wRec, s) - matrixValue) < 1e-7, reading);
      }
      assert.equal(
        describeEntry("paperNumerator", 0, 1, 2, 1).tex,
        "W_{21}\\,\\sigma'(x_{2}^{(1)})",
      );
    });
  });

  it("the paper's form differs from the true Jacobian for a generic W", () => {
    const rnn = randomRNN({ n: 4, seed: 3 });
    const x = randomState(4, 4);
    const truth = autodiffStepJacobian(rnn, x);
    const paper = stepJacobian(rnn, x, "paper");
    assert.ok(compareMatrices(paper, truth).maxRel > 0.1);
    assert.ok(compareMatrices(paper, transposeMatrix(truth)).maxRel > 0.1);
    close(stepJacobian(rnn, x, "numerator"), truth);
  });

  it("the paper's form equals W D for a symmetric W (numerator layout) and for n = 1", () => {
    const symmetric = randomRNN({ n: 4, seed: 3, symmetric: true });
    const x = randomState(4, 4);
    const truth = autodiffStepJacobian(symmetric, x);
    assert.deepEqual(stepJacobian(symmetric, x, "paper"), stepJacobian(symmetric, x, "numerator"));
    close(stepJacobian(symmetric, x, "paper"), truth);
    // Read in denominator layout it stays wrong: σ′ sits on the wrong neuron.
    assert.ok(
      compareMatrices(stepJacobian(symmetric, x, "paper"), transposeMatrix(truth)).maxRel > 0.1,
    );

    const single = randomRNN({ n: 1, seed: 9 });
    const xs = [0.3];
    const one = autodiffStepJacobian(single, xs);
    for (const form of ["numerator", "denominator", "paper"] as const) {
      close(stepJacobian(single, xs, form), one);
    }
  });

  it("sigmaPrimeAt is σ′ of the network's activation in float32", () => {
    const rnn = randomRNN({ n: 3, seed: 1, activation: "sigmoid" });
    const x = [-2, 0.5, 3];
    const expected = x.map(getActivation("sigmoid").derivative);
    sigmaPrimeAt(rnn, x).forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-7));
  });

  it("productsOverTime multiplies J_t ⋯ J_(k+1) (reversed for the denominator layout), for every t", () => {
    const rnn = randomRNN({ n: 3, seed: 11 });
    const u = randomInputs(5, 1, 12);
    const states = forward(rnn, u, randomState(3, 13));
    for (let t = 1; t <= 5; t++) {
      const numerator = productsOverTime(rnn, states, "numerator", t);
      const denominator = productsOverTime(rnn, states, "denominator", t);
      assert.equal(numerator.length, t);
      // k = t − 1 is the one-step Jacobian at x⁽ᵗ⁻¹⁾.
      close(numerator[t - 1], stepJacobian(rnn, states[t - 1], "numerator"), 0);
      for (let k = 0; k < t; k++) {
        close(denominator[k], transposeMatrix(numerator[k]));
        close(numerator[k], products64(rnn, states, "numerator", t)[k]);
      }
      if (t >= 2) {
        // By hand for k = t − 2: J_t J_(t−1).
        const jt = stepJacobian64(rnn, states[t - 1], "numerator");
        const jPrevious = stepJacobian64(rnn, states[t - 2], "numerator");
        const product = jt.map((row) =>
          jPrevious[0].map((_, c) =>
            row.reduce((sum, value, i) => sum + value * jPrevious[i][c], 0),
          ),
        );
        close(numerator[t - 2], product);
      }
    }
  });
});
