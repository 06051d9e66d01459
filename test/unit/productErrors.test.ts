import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  percentiles,
  printedProductErrorsByLag,
  productDifferenceSliderFigure,
  relativeErrorBandFigure,
} from "../../src/notebook/productErrors";
import { forward, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { lintFigure } from "../figures/lint";

describe("percentiles", () => {
  it("takes the nearest rank of the sorted values", () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 0, 10];
    assert.deepEqual(percentiles(values), { p10: 1, median: 5, p90: 9, count: 11 });
  });
  it("is NaN for no values", () => {
    const empty = percentiles([]);
    assert.ok(Number.isNaN(empty.median) && empty.count === 0);
  });
});

describe("printedProductErrorsByLag", () => {
  const x0 = randomState(3, 5);
  it("gives one value per draw and lag, 0 at every lag for a linear σ and n = 1", () => {
    const byLag = printedProductErrorsByLag({
      n: 1,
      T: 4,
      gain: 1,
      activation: "tanh",
      seed: 3,
      draws: 3,
      x0: [0.2],
    });
    assert.equal(byLag.length, 4);
    byLag.forEach((values) => assert.deepEqual(values, [0, 0, 0]));
  });
  it("at lag 1 equals ‖Wᵀ D − W D‖_F / ‖W D‖_F written out, for each draw", () => {
    const options = { n: 3, T: 5, gain: 1.2, activation: "tanh" as const, seed: 11, draws: 2, x0 };
    const byLag = printedProductErrorsByLag(options);
    assert.equal(byLag[0].length, 2);
    for (let d = 0; d < 2; d++) {
      const net = randomRNN({ n: 3, seed: 11 + 1000 * d, gain: 1.2, activation: "tanh" });
      const run = forward(net, randomInputs(5, net.m, 11 + 1000 * d + 1), x0);
      const s = run[4].map((x) => 1 - Math.tanh(x) ** 2); // σ′(x⁽ᵀ⁻¹⁾)
      const w = net.wRec;
      let [diff, size] = [0, 0];
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 3; k++) {
          diff += ((w[k][j] - w[j][k]) * s[k]) ** 2;
          size += (w[j][k] * s[k]) ** 2;
        }
      assert.ok(Math.abs(byLag[0][d] - Math.sqrt(diff / size)) < 1e-12, `draw ${d}`);
      assert.ok(byLag[0][d] > 0.01, "a random 3×3 W is not symmetric");
    }
  });
});

describe("the product figures", () => {
  it("slider: one frame per lag, labelled by lag", () => {
    const frames = [1, 2].map((q) => ({
      label: String(q),
      matrix: [
        [q, 0],
        [0, -q],
      ],
    }));
    const figure = productDifferenceSliderFigure(frames, 12, 2, "tanh");
    assert.equal(figure.frames?.length, 2);
    assert.match(figure.title, /∂x⁽12⁾\/∂x⁽ᵗ⁾, n = 2, tanh/);
    assert.deepEqual(lintFigure(figure), []);
  });
  it("band: the median line and its percentile band, y from 0 to at least 2", () => {
    const summary = [0.5, 1, 3.2].map((m) => ({ p10: m / 2, median: m, p90: 2 * m, count: 5 }));
    const figure = relativeErrorBandFigure(summary, 40, 4, "tanh");
    const yaxis = figure.layout.yaxis as { range: number[] };
    assert.deepEqual(yaxis.range, [0, 7], "the top is the largest 90th percentile, rounded up");
    assert.ok(figure.data.some((t) => (t as { y: number[] }).y.join() === "0.5,1,3.2"));
    assert.deepEqual(lintFigure(figure), []);
  });
});
