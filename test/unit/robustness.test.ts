// Bad or extreme input gets a named error, never a NaN, an Infinity or a TypeError from deep
// inside: one probe per public function, each with the smallest input that used to slip through.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { jacobianForm, stepJacobian } from "../../src/checked/jacobians";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../../src/oracle/finiteDifferences";
import { autodiffLossGradients, lossGradients, readoutLoss } from "../../src/consequences/backprop";
import { omega, omegaGradient } from "../../src/consequences/regularizer";
import { eigenvalues, spectralRadius } from "../../src/consequences/spectra";
import { trainBothWays } from "../../src/consequences/training";
import { taskBatch } from "../../src/consequences/tasks";
import { compareMatrices, withinTolerance } from "../../src/shared/compare";
import { claimMatricesDiffer } from "../../src/notebook/claims";
import { lineChartFigure } from "../../src/notebook/plots/lineChart";
import { heatmapFigure } from "../../src/notebook/plots/heatmap";
import { useBackend } from "../../src/oracle/backend";
import { verify } from "../../src/tools/verify";

const FLOAT64 = /left float64's range/;
const FLOAT32 = /left float32's range/;
/** A named error: a RangeError or TypeError whose message matches, never a bare TypeError. */
const named = (pattern: RegExp) => (error: unknown) =>
  (error instanceof RangeError || error instanceof TypeError) &&
  pattern.test(error.message) &&
  !/undefined is not|cannot read prop/i.test(error.message);

/** A linear one-neuron network with weight w (u = 0, b = 0: every state stays x⁽⁰⁾·wᵗ). */
const linear = (w: number) => createRNN({ wRec: [[w]], activation: "linear" });
const zeros = (T: number) => Array.from({ length: T }, () => [0]);
/** A copy of `values` with a hole at `index` (a sparse array, as [1, , 3] writes it). */
function withHole<T>(values: T[], index: number): T[] {
  const copy = [...values];
  delete copy[index];
  return copy;
}

describe("robustness: named errors instead of NaN or Infinity", () => {
  before(async () => {
    await useBackend("cpu");
  });

  it("finite differences refuse a result that left float64 (1e308 weights; 3⁷⁰⁰)", () => {
    const huge = createRNN({
      wRec: [
        [1e308, 1e308],
        [1e308, 1e308],
      ],
      activation: "linear",
    });
    assert.throws(() => finiteDifferenceStepJacobian(huge, [1, 1]), named(FLOAT64));
    assert.throws(
      () => finiteDifferenceJacobianOverTime(linear(3), zeros(700), [1], 0, 700),
      named(FLOAT64),
    );
  });

  it("jacobianForm refuses W σ′ beyond float64 (1e308 weights, σ′ = 10)", () => {
    assert.throws(() => jacobianForm([[1e308]], [10], "numerator"), named(FLOAT64));
  });

  it("readoutLoss and lossGradients refuse an infinite loss, output or gradient", () => {
    assert.throws(
      () => readoutLoss(linear(1), [1], { v: [[1e200]], c: [0] }, [0]),
      named(/the readout loss left float64's range/),
    );
    // States stay 0 (x⁽⁰⁾ = 0), the loss is ½, but ∂E/∂x⁽⁰⁾ = 1e200³ overflows.
    assert.throws(
      () => lossGradients(linear(1e200), zeros(3), [0], { v: [[1]], c: [1] }, [0]),
      named(/the gradient dEdx left float64's range/),
    );
  });

  it("omega and omegaGradient refuse a non-finite Ω", () => {
    const rnn = linear(1e200);
    assert.throws(() => omega(rnn, [[1], [1]], [[0], [1e200]], "numerator"), named(FLOAT64));
    const float32 = linear(1e20);
    assert.throws(
      () => omegaGradient(float32, [[1], [1]], [[0], [1e20]], "numerator"),
      named(FLOAT32),
    );
  });

  it("autodiffLossGradients refuses a gradient beyond float32 (1e20³)", () => {
    assert.throws(
      () => autodiffLossGradients(linear(1e20), zeros(3), [0], { v: [[1]], c: [1] }, [0]),
      named(FLOAT32),
    );
  });

  it("eigenvalues scale first: [[1e300, 2e300], [−3e300, 1e300]] has λ = 1e300 (1 ± i√6)", () => {
    const [first, second] = eigenvalues([
      [1e300, 2e300],
      [-3e300, 1e300],
    ]);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);
    assert.ok(close(first.re, 1e300) && close(first.im, Math.sqrt(6) * 1e300), `${first.im}`);
    assert.ok(close(second.re, 1e300) && close(second.im, -Math.sqrt(6) * 1e300));
    // A radius that truly overflows (2e308) is a named error, not a TypeError from ml-matrix.
    const huge = [
      [1e308, 1e308],
      [1e308, 1e308],
    ];
    assert.throws(() => spectralRadius(huge), named(FLOAT64));
  });

  it("compareMatrices refuses a difference beyond float64, so claimMatricesDiffer cannot pass on it", () => {
    assert.throws(() => compareMatrices([[1e308]], [[-1e308]]), named(FLOAT64));
    assert.throws(() => claimMatricesDiffer("differ", [[1e308]], [[-1e308]], 1), named(FLOAT64));
  });

  it("trainBothWays with learningRate 1e300 stops with advice, not a final loss of Infinity", () => {
    assert.throws(
      () => trainBothWays({ seed: 1, learningRate: 1e300, iterations: 1, hidden: 3, evalSize: 4 }),
      named(/diverged.*learningRate/),
    );
  });

  it("charts refuse data spanning more than float64 (±1e308) instead of drawing NaN", () => {
    assert.throws(
      () =>
        lineChartFigure({
          title: "huge",
          xTitle: "x",
          yTitle: "y",
          series: [{ name: "a", x: [0, 1], y: [-1e308, 1e308] }],
        }),
      named(/more than float64 holds/),
    );
    const matrix = [
      [-1e308, 1e308],
      [0, 1],
    ];
    assert.throws(() => heatmapFigure({ title: "huge", matrix }), named(/more than float64/));
  });

  it("holes of sparse arrays are refused by every check, naming the entry", () => {
    const rnn = randomRNN({ n: 3, seed: 1 });
    const hole = withHole([0.1, 0.2, 0.3], 1);
    const wRec = [[1, 0, 0], withHole([0, 1, 0], 2), [0, 0, 1]];
    assert.throws(() => jacobianForm(wRec, [1, 1, 1], "numerator"), named(/wRec\[1\]\[2\]/));
    assert.throws(() => jacobianForm(rnn.wRec, hole, "numerator"), named(/sigmaPrime\[1\]/));
    assert.throws(() => forward(rnn, [withHole([0.5], 0)], [0, 0, 0]), named(/u\[0\]\[0\]/));
    assert.throws(() => forward(rnn, [[0.5]], hole), named(/x0\[1\]/));
    assert.throws(() => forward(rnn, withHole([[0.5], [0.5]], 0), [0, 0, 0]), named(/row 0/));
    const readout = { v: [[1, 1, 1]], c: [0] };
    assert.throws(() => autodiffLossGradients(rnn, [[0.5]], hole, readout, [1]), named(/x0\[1\]/));
  });
});

describe("robustness: wrong or unclear answers", () => {
  before(async () => {
    await useBackend("cpu");
  });

  it("autodiffLossGradients works for T = 1 and matches the float64 gradients", () => {
    const rnn = randomRNN({ n: 3, seed: 4 });
    const readout = { v: [randomState(3, 4, "readout")], c: [0] };
    const [u, x0] = [randomInputs(1, 1, 4), randomState(3, 4)];
    const auto = autodiffLossGradients(rnn, u, x0, readout, [1]);
    const exact = lossGradients(rnn, u, x0, readout, [1]);
    assert.equal(auto.dEdx.length, 2);
    for (const name of ["wRec", "wIn", "dEdx"] as const) {
      const { maxAbs } = compareMatrices(auto[name], exact[name]);
      assert.ok(maxAbs < 1e-5, `${name}: ${maxAbs}`);
    }
  });

  for (const backend of ["cpu", "wasm"] as const) {
    it(`autodiffLossGradients leaves no tensor behind (${backend}, T = 1 and 4, and on failure)`, async () => {
      await useBackend(backend);
      const rnn = randomRNN({ n: 3, seed: 4 });
      const readout = { v: [randomState(3, 4, "readout")], c: [0] };
      const before = tf.memory().numTensors;
      for (let call = 0; call < 4; call++) {
        for (const T of [1, 4]) {
          autodiffLossGradients(rnn, randomInputs(T, 1, call), [0, 0, 0], readout, [1]);
        }
        assert.throws(() =>
          autodiffLossGradients(linear(1e20), zeros(3), [0], { v: [[1]], c: [1] }, [0]),
        );
      }
      assert.equal(tf.memory().numTensors, before);
      await useBackend("cpu");
    });
  }

  it("randomRNN(undefined) and stepJacobian(undefined, …) name the argument", () => {
    assert.throws(
      () => randomRNN(undefined as never),
      named(/options must be an object with keys among n, inputSize, seed/),
    );
    assert.throws(() => stepJacobian(undefined as never, [1], "numerator"), named(/rnn must be/));
  });

  it('randomRNN({symmetric: "false"}) is refused (the string is truthy)', () => {
    assert.throws(
      () => randomRNN({ n: 3, seed: 1, symmetric: "false" as never }),
      named(/symmetric must be true or false, got "false"/),
    );
  });

  it("misspelled option keys are refused, naming the known ones", () => {
    assert.throws(
      () => verify({ step: 100 } as never),
      named(/options has unknown key step; the known keys are n, steps, /),
    );
    assert.throws(
      () => trainBothWays({ seed: 1, hiddenSize: 4 } as never),
      named(/unknown key hiddenSize; the known keys are task, hidden, /),
    );
    assert.throws(() => randomRNN({ n: 2, seed: 0, size: 3 } as never), named(/unknown key size/));
    assert.throws(
      () => taskBatch("addition", { steps: 3, batchSize: 1, seed: 0, batch: 2 } as never),
      named(/unknown key batch/),
    );
  });

  it("withinTolerance refuses NaN or negative tolerances", () => {
    const c = compareMatrices([[1]], [[1.5]]);
    for (const bad of [NaN, -1, Infinity]) {
      assert.throws(
        () => withinTolerance(c, { relative: bad, absolute: 0 }),
        named(/tolerance.relative must be/),
      );
      assert.throws(
        () => withinTolerance(c, { relative: 0, absolute: bad }),
        named(/tolerance.absolute must be/),
      );
    }
    assert.equal(withinTolerance(c, { relative: 0.5, absolute: 0 }), true);
  });
});
