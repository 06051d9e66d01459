import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATION_NAMES } from "../../src/core/activations";
import { useBackend } from "../../src/oracle/backend";
import { formatJson, formatReport } from "../../src/tools/report";
import { compareMatrices } from "../../src/shared/compare";
import {
  VERIFY_DEFAULTS,
  VerifyProgress,
  VerifyResult,
  estimateVerifySeconds,
  verify,
  verifySeconds,
  callCost,
} from "../../src/tools/verify";
import { Matrix } from "../../src/shared/validate";
import { transposeMatrix } from "../../src/checked/norms";

type ReadingResult = VerifyResult["readings"][number];

const reading = (result: VerifyResult, name: ReadingResult["reading"]): ReadingResult => {
  const found = result.readings.find((r) => r.reading === name);
  assert.ok(found, name);
  return found;
};

function assertCorrectFormsMatch(result: VerifyResult): void {
  assert.equal(result.truth.pass, true);
  for (const name of ["numerator", "denominator"] as const) {
    const r = reading(result, name);
    assert.equal(r.matches, true, name);
    assert.equal(r.ok, true, name);
    for (const checks of [r.oneStep, r.products]) {
      assert.ok(checks.autodiff.maxRel <= 1e-5);
      assert.ok(checks.finiteDifferences.pass);
    }
  }
}

describe("verify: the whole check on a seeded network", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("defaults: n = 4, T = 5, tanh, seed 0; the paper's form differs in both layouts", () => {
    const result = verify();
    assert.deepEqual(result.options, { ...VERIFY_DEFAULTS, sampleK: 5 });
    assert.equal(result.ok, true);
    assertCorrectFormsMatch(result);
    for (const name of ["paperNumerator", "paperDenominator"] as const) {
      const r = reading(result, name);
      assert.equal(r.matches, false, name);
      assert.equal(r.expectedToMatch, false, name);
      assert.ok(r.oneStep.autodiff.maxRel > 0.1, name);
      assert.ok(r.products.finiteDifferences.maxRel > 0.1, name);
      assert.equal(r.ok, true, name);
    }
    assert.equal(
      result.verdict,
      "OK: correct, numerator layout (W D) matches; correct, denominator layout (D Wᵀ) matches; " +
        "paper's eq. (5), numerator layout (Wᵀ D) differs; " +
        "paper's eq. (5), denominator layout (Wᵀ D) differs.",
    );
    assert.equal(result.steps.length, 5);
    assert.equal(result.products.byK.length, 5);
  });

  for (const activation of ACTIVATION_NAMES) {
    it(`${activation}: passes on several seeds`, () => {
      for (const seed of [1, 2]) {
        const result = verify({ activation, seed, n: 3 });
        assert.equal(result.ok, true, `${activation}, seed ${seed}: ${result.verdict}`);
        assertCorrectFormsMatch(result);
      }
    });
  }

  it("a symmetric W: the paper's form matches read in numerator layout, and says why", () => {
    const result = verify({ symmetric: true });
    assert.equal(result.ok, true, result.verdict);
    const w = result.inputs.wRec;
    assert.ok(w.every((row, j) => row.every((value, k) => value === w[k][j])));
    const numerator = reading(result, "paperNumerator");
    assert.equal(numerator.matches, true);
    assert.equal(
      numerator.why,
      "Wᵀ D has W_kj σ′(x_k) at (j, k), equal to W_jk σ′(x_k) for every j, k at every step of this run",
    );
    // σ′ still sits on the wrong neuron when Wᵀ D is read in denominator layout.
    assert.equal(reading(result, "paperDenominator").matches, false);
    assert.match(
      result.verdict,
      /numerator layout \(Wᵀ D\) matches; .* denominator layout \(Wᵀ D\) differs/,
    );
  });

  it("n = 1: every form is the same number, and the verdict says so", () => {
    const result = verify({ n: 1 });
    assert.equal(result.ok, true, result.verdict);
    for (const r of result.readings) {
      assert.equal(r.matches, true, r.reading);
      if (r.reading.startsWith("paper"))
        assert.match(r.why, /^Wᵀ D has .*, equal to W_jk σ′\(x_k\) for every j, k/);
    }
  });

  it("linear: σ′ = 1 everywhere, so Wᵀ D = D Wᵀ and only the numerator reading of the paper fails", () => {
    const result = verify({ activation: "linear" });
    assert.equal(result.ok, true, result.verdict);
    assert.equal(reading(result, "paperDenominator").matches, true);
    assert.match(
      reading(result, "paperDenominator").why,
      /^Wᵀ D has W_jk σ′\(x_j\) at \(k, j\), equal to W_jk σ′\(x_k\) for every j, k/,
    );
    assert.equal(reading(result, "paperNumerator").matches, false);
  });

  it("n = 64 (a few steps)", () => {
    const result = verify({ n: 64, steps: 3, activation: "sigmoid", seed: 3 });
    assert.equal(result.ok, true, result.verdict);
    assertCorrectFormsMatch(result);
  });

  it("the JSON holds enough to redo the check without this library", () => {
    const data = JSON.parse(formatJson(verify({ n: 3, steps: 4, activation: "sigmoid", seed: 5 })));
    const { wRec, wIn, b, u, x0 } = data.inputs as Record<string, Matrix & number[]>;
    const sigma = (x: number): number => 1 / (1 + Math.exp(-x));
    const sigmaPrime = (x: number): number => sigma(x) * (1 - sigma(x));
    // eq. (2) with the paper's input term W_in u, written out again here.
    assert.equal(data.options.inputTerm, "paper");
    const states: number[][] = [x0];
    for (const input of u as Matrix) {
      const x = states[states.length - 1];
      states.push(
        wRec.map(
          (row: number[], j: number) =>
            row.reduce((sum: number, w: number, k: number) => sum + w * sigma(x[k]), 0) +
            (wIn as Matrix)[j].reduce((sum, w, k) => sum + w * input[k], 0) +
            (b as number[])[j],
        ),
      );
    }
    assert.ok(compareMatrices(states, data.states).maxRel < 1e-14);
    data.steps.forEach((step: Record<string, Matrix>, index: number) => {
      const x = data.states[index] as number[];
      // The true Jacobian by the element formula ∂x_j/∂x_k = W_jk σ′(x_k).
      const truth = wRec.map((row: number[]) => row.map((w, k) => w * sigmaPrime(x[k])));
      const paper = wRec.map((row: number[], j: number) =>
        row.map((_, k) => wRec[k][j] * sigmaPrime(x[k])),
      );
      assert.ok(compareMatrices(step.autodiff, truth).maxRel < 1e-5);
      assert.ok(compareMatrices(step.finiteDifferences, truth).maxRel < 1e-6);
      assert.ok(compareMatrices(step.numerator, truth).maxRel < 1e-6);
      assert.ok(compareMatrices(step.denominator, transposeMatrix(truth)).maxRel < 1e-6);
      assert.ok(compareMatrices(step.paper, paper).maxRel < 1e-6);
    });
    assert.equal(data.products.t, 4);
    assert.equal(data.ok, true);
  });

  it("the answer's input term W_in σ(u): the same verdicts (∂x/∂x does not depend on it)", () => {
    const paper = verify({ n: 3, steps: 4, seed: 7 });
    const answer = verify({ n: 3, steps: 4, seed: 7, inputTerm: "answer" });
    assert.equal(answer.ok, true, answer.verdict);
    assert.notDeepEqual(answer.states, paper.states);
    for (const r of answer.readings) assert.equal(r.matches, reading(paper, r.reading).matches);
  });

  it("sampleK checks the products at a sample of k, always T − 1 and 0, and says so", () => {
    const ks = (steps: number, sampleK: number) =>
      verify({ n: 2, steps, sampleK }).products.byK.map((p) => p.k);
    assert.deepEqual(ks(10, 3), [0, 5, 9]);
    assert.deepEqual(ks(10, 1), [9]);
    assert.deepEqual(ks(4, 9), [0, 1, 2, 3]);
    assert.deepEqual(ks(1, 1), [0]);
    const result = verify({ n: 3, steps: 12, seed: 4, sampleK: 4 });
    assert.equal(result.ok, true, result.verdict);
    assert.deepEqual(
      result.products.byK.map((p) => p.k),
      [0, 4, 7, 11],
    );
    assert.match(formatReport(result), /∂x⁽¹²⁾\/∂x⁽ᵏ⁾ at k = 0, 4, 7, 11 \(4 of 12\)/);
    // A wrong form is still caught on the sample.
    assert.equal(reading(result, "paperNumerator").matches, false);
  });

  it("reports progress, and estimates its cost before starting", () => {
    const seen: VerifyProgress[] = [];
    verify({ n: 3, steps: 6 }, (p) => seen.push(p));
    assert.ok(seen.some((p) => p.stage.startsWith("products") && p.done === p.total));
    assert.ok(seen.every((p) => p.done <= p.total && p.elapsedSeconds >= 0));
    assert.ok(estimateVerifySeconds({ n: 4, steps: 10 }) > 0);
    // The cost model from injected probe times (no timing here): T one-step calls of each check
    // over one step, one autodiff call over T steps, one difference call over T − k per k.
    const probe = {
      autodiff: { fixed: 0.5, perStep: 1 },
      differences: { fixed: 0.25, perStep: 2 },
    };
    const cost = (steps: number, sampleK = Infinity) =>
      verifySeconds({ ...VERIFY_DEFAULTS, steps, sampleK }, probe);
    // T = 10: 10·(1.5 + 2.25) + (0.5 + 10) + Σ_{k=0}^{9} (0.25 + 2(10 − k)) = 37.5 + 10.5 + 112.5.
    assert.equal(cost(10), 37.5 + 10.5 + 112.5);
    // T = 100 at k = 0 and 99 only.
    assert.equal(cost(100, 2), 100 * 3.75 + 100.5 + (0.25 + 200) + (0.25 + 2));
    // The line through the probe's two timings; noise never makes a term negative.
    assert.deepEqual(callCost([2, 8], [1, 2.5]), { fixed: 0.5, perStep: 0.25 });
    assert.deepEqual(callCost([2, 8], [1, 0.5]), { fixed: 1, perStep: 0 });
    assert.deepEqual(callCost([2, 8], [0.5, 3.5]), { fixed: 0, perStep: 0.5 });
  });

  it("refuses sizes that cannot fit in memory, before any work", () => {
    assert.throws(
      () => verify({ n: 100000, steps: 1000 }),
      /verify with n = 100000, steps = 1000 needs about [\d.]+ GB, more than the/,
    );
  });
});
