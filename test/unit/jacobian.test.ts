import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { getActivation } from "../../src/checked/network";
import { autodiffStepJacobian } from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { compareMatrices } from "../../src/shared/compare";
import { READINGS, formEntry, readingEntry } from "../../src/core/forms";
import { jacobianForm, sigmaPrimeAt, stepJacobian } from "../../src/checked/jacobians";
import { describeEntry, entryValue } from "../../src/notebook/symbolic";
import { readableSuffixProducts } from "../../src/core/products";
import {
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { Matrix } from "../../src/shared/validate";
import { transposeMatrix, spectralNorm } from "../../src/checked/norms";
import { fastSuffixProducts, productsOverTime, suffixProductNorms } from "../../src/fast/products";

const close = (actual: Matrix, expected: Matrix, tolerance = 1e-6): void => {
  const { maxAbs } = compareMatrices(actual, expected);
  assert.ok(maxAbs <= tolerance, `max |difference| ${maxAbs} > ${tolerance}`);
};

const jacobianNumerator = (w: Matrix, s: number[]) => jacobianForm(w, s, "numerator");
const jacobianDenominator = (w: Matrix, s: number[]) => jacobianForm(w, s, "denominator");
const jacobianPaper = (w: Matrix, s: number[]) => jacobianForm(w, s, "paper");

describe("core/forms.ts and core/products.ts: the forms and the products of eq. (5)", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("builds W D, D Wᵀ and Wᵀ D entry by entry (exact values)", () => {
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
    // formEntry says which weight and slope each entry holds.
    assert.deepEqual(formEntry("numerator", 0, 1), { row: 0, col: 1, neuron: 1 });
    assert.deepEqual(formEntry("denominator", 0, 1), { row: 1, col: 0, neuron: 0 });
    assert.deepEqual(formEntry("paper", 0, 1), { row: 1, col: 0, neuron: 1 });
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
      // float32 autodiff against the float64 value 0.43: a few float32 ulps (ε₃₂·0.43 = 5e-8).
      assert.ok(Math.abs(truth - w12 * s[1]) < 5e-7);
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
        const entry = describeEntry({ reading: reading, j: 0, k: 1, n: 2, previousStep: 1 });
        assert.equal(entry.text, expected[reading], reading);
        assert.equal(entry.correct, reading === "numerator" || reading === "denominator");
        const [row, col] = entry.matrixEntry;
        const matrixValue = stepJacobian(rnn, x1, forms[reading])[row][col];
        assert.ok(Math.abs(entryValue(entry, rnn.wRec, s) - matrixValue) < 1e-7, reading);
      }
      assert.equal(
        describeEntry({ reading: "paperNumerator", j: 0, k: 1, n: 2, previousStep: 1 }).tex,
        "W_{21}\\,\\sigma'(x_{2}^{(1)})",
      );
    });

    it("describeEntry takes one object of named options and refuses anything else", () => {
      const positional = describeEntry as unknown as (...args: unknown[]) => unknown;
      assert.throws(() => positional("numerator", 0, 1, 2), /question must be an object/);
      assert.equal(
        describeEntry({ reading: "paperDenominator", j: 1, k: 0, n: 2 }).text,
        "W₂₁ σ′(x₂⁽ⁱ⁻¹⁾)",
      );
      assert.throws(
        () => describeEntry({ reading: "numerator", j: 2, k: 0, n: 2 }),
        /j must be an integer in \[0, 1\], got 2/,
      );
    });

    it("entryValue throws a RangeError naming the index and the size for an entry outside W", () => {
      const entry = describeEntry({ reading: "numerator", j: 2, k: 0, n: 3 });
      assert.throws(
        () => entryValue(entry, rnn.wRec, s),
        (error: Error) =>
          error instanceof RangeError &&
          /description\.weight\.row = 2 lies outside wRec \(2×2\)/.test(error.message),
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

  it("readingEntry, the unchecked rule, places and fills every entry as describeEntry says", () => {
    for (const reading of READINGS) {
      for (let j = 0; j < 3; j++) {
        for (let k = 0; k < 3; k++) {
          const d = describeEntry({ reading, j, k, n: 3 });
          const e = readingEntry(reading, j, k);
          assert.deepEqual(e.matrixEntry, d.matrixEntry, `${reading} (${j}, ${k})`);
          assert.deepEqual([e.row, e.col, e.neuron], [d.weight.row, d.weight.col, d.sigmaPrimeOf]);
        }
      }
    }
  });

  it("sigmaPrimeAt is σ′ of the network's activation", () => {
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
      for (let k = 0; k < t; k++) close(denominator[k], transposeMatrix(numerator[k]));
      if (t >= 2) {
        // By hand for k = t − 2: J_t J_(t−1).
        const jt = stepJacobian(rnn, states[t - 1], "numerator");
        const jPrevious = stepJacobian(rnn, states[t - 2], "numerator");
        const product = jt.map((row) =>
          jPrevious[0].map((_, c) =>
            row.reduce((sum, value, i) => sum + value * jPrevious[i][c], 0),
          ),
        );
        close(numerator[t - 2], product);
      }
    }
  });

  it("the readable float64 products and the fast path agree, for every form", () => {
    const n = 40;
    const rnn = randomRNN({ n, seed: 21 });
    const states = forward(rnn, randomInputs(30, 1, 22), randomState(n, 23));
    const s = states.slice(0, 30).map((x) => x.map(getActivation("tanh").derivative));
    for (const form of ["numerator", "denominator", "paper"] as const) {
      const readable = readableSuffixProducts(rnn.wRec, s, form);
      const fast = fastSuffixProducts(rnn.wRec, s, form);
      assert.equal(fast.length, readable.length);
      readable.forEach((p, k) => {
        const { maxRel } = compareMatrices(fast[k], p);
        assert.ok(maxRel < 1e-4, `${form}, k = ${k}: max rel ${maxRel}`);
      });
    }
    // The fast path really is another computation: float32, so not bit-identical.
    const differs =
      fastSuffixProducts(rnn.wRec, s, "numerator")[0][0][0] !==
      readableSuffixProducts(rnn.wRec, s, "numerator")[0][0][0];
    assert.ok(differs);
  });

  it("products that leave float64's range are an error, not Infinity", () => {
    const rnn = createRNN({
      wRec: [
        [1e200, 0],
        [0, 1e200],
      ],
      activation: "linear",
    });
    const states = [
      [1, 1],
      [1, 1],
      [1, 1],
    ];
    assert.throws(() => productsOverTime(rnn, states, "numerator"), /left float64's range/);
  });

  it("suffixProductNorms: the spectral norms of the float64 products, for every form", () => {
    const rnn = randomRNN({ n: 6, seed: 31, activation: "sigmoid", gain: 3 });
    const states = forward(rnn, randomInputs(25, 1, 32), randomState(6, 33));
    for (const form of ["numerator", "denominator", "paper"] as const) {
      const norms = suffixProductNorms(rnn, states, form);
      productsOverTime(rnn, states, form).forEach((p, k) => {
        const expected = Math.log10(spectralNorm(p));
        const error = Math.abs(norms.log10Norms[k] - expected);
        assert.ok(error < 1e-5, `${form}, k = ${k}: log₁₀ differs by ${error}`);
      });
    }
  });
});
