import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  linearRunRounding,
  neuronFactorsFigure,
  neuronFateText,
  neuronProductsFigure,
  saturationPoint,
} from "../../src/notebook/oneNeuron";

describe("oneNeuron (notebook 0's machinery)", () => {
  it("finds where σ′ falls to a level, by bisection", () => {
    const tanhPrime = (x: number) => 1 - Math.tanh(x) ** 2;
    const point = saturationPoint(tanhPrime, 0.01);
    assert.ok(point !== undefined);
    // 1 − tanh²(x) = 0.01 at x = atanh(√0.99)
    assert.ok(Math.abs(point - Math.atanh(Math.sqrt(0.99))) < 1e-12);
    assert.equal(
      saturationPoint(() => 1, 0.01),
      undefined,
    );
    assert.throws(() => saturationPoint(tanhPrime, 0), /level and limit must be > 0/);
  });

  it("says whether the product shrank or grew, and why", () => {
    assert.match(neuronFateText(0.5, 0.5, -20, 40), /×0\.316.*shrinks — as it must/);
    assert.match(neuronFateText(4, 4, -4, 40), /shrinks — although \|w\|γ = 4 > 1/);
    assert.match(neuronFateText(2, 2, 8, 40), /grows — the slopes average 0\.792·γ/);
    assert.throws(() => neuronFateText(1, 1, 0, 0), /steps ≥ 1/);
  });

  it("bounds a linear run's rounding: exact runs give only the 2Tε of wᵀ", () => {
    const inputs = [0, 0];
    const up = [1, 2, 4];
    const down = [-1, -2, -4];
    // w = 2: sizes 2|x| per step, summed and scaled; compare with the formula by hand
    const eps = 2 ** -52;
    const byHand = (2 * eps * (2 + 2) * 2 + 2 * eps * (4 + 4)) / (2 * 4) + 4 * eps;
    assert.equal(linearRunRounding(2, 0, inputs, up, down, 2), byHand);
    assert.throws(() => linearRunRounding(2, 0, inputs, [1], down, 2), /T \+ 1 = 3 states/);
  });

  it("draws every run and one labelled grey bound per distinct gain", () => {
    const figure = neuronProductsFigure(
      "tanh",
      [
        { name: "a", log10Product: [-1, -2] },
        { name: "b", log10Product: [0.1, 0.2] },
      ],
      [2, 0.5, 2],
    );
    const spec = JSON.stringify(figure);
    assert.match(spec, /bound \(\|w\|γ\)ᵗ, \|w\|γ = 0\.5/);
    // two series for the bounds (0.5 and 2), however often a gain is repeated, plus the two runs
    const names = figure.data.map((trace) => String(trace.name));
    assert.equal(names.filter((name) => name.startsWith("bound")).length, 2);
    const factors = JSON.stringify(neuronFactorsFigure([{ gain: 2, factors: [-3, 1] }]));
    assert.match(factors, /"y":\[3,1\]/);
  });
});
