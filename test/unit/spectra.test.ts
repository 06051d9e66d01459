import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomRNN } from "../../src/checked/network";
import { normalMatrix, normalSource } from "../../src/shared/random";
import {
  checkProductBound,
  eigenvalues,
  nonNormalExample,
  productBound,
  productBoundLog10,
  rescaleToSpectralNorm,
  spectralRadius,
  stepGains,
  withLambdaOne,
} from "../../src/consequences/spectra";
import { frobeniusNorm, spectralNorm } from "../../src/checked/norms";

const near = (actual: number, expected: number, tolerance: number, what = ""): void =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what} ${actual} differs from ${expected} by more than ${tolerance}`,
  );

describe("spectra: norms, eigenvalues and the bounds (6)–(7)", () => {
  it("reproduces the example W = [[1,2],[0,1]], D = diag(1, 0.1) to 4 decimals", () => {
    const gains = stepGains(
      [
        [1, 2],
        [0, 1],
      ],
      [1, 0.1],
    );
    assert.equal(gains.numerator.toFixed(4), "1.0200");
    assert.equal(gains.denominator.toFixed(4), "1.0200");
    assert.equal(gains.paper.toFixed(4), "2.2379");
    assert.equal(gains.bound.toFixed(4), "2.4142");
    // ‖W‖₂ = 1 + √2 exactly, and every gain is within the bound of eq. (6).
    near(gains.bound, 1 + Math.SQRT2, 1e-12);
    assert.ok(gains.paper <= gains.bound && gains.numerator <= gains.bound);
  });

  it("norms: known rectangular, rotation and scalar cases", () => {
    assert.equal(
      spectralNorm([
        [0, 0, 2],
        [0, -3, 0],
      ]),
      3,
    );
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const rotation = [
      [c, -s],
      [s, c],
    ];
    near(spectralNorm(rotation), 1, 1e-12);
    near(spectralNorm([[-5]]), 5, 0);
    near(frobeniusNorm([[3, 4]]), 5, 1e-15);
    near(frobeniusNorm([[3e200, 4e200]]), 5e200, 1e188);
    assert.equal(frobeniusNorm([[0, 0]]), 0);
  });

  it("eigenvalues: a rotation has ±i, ordered with the positive imaginary part first", () => {
    const values = eigenvalues([
      [0, -2],
      [2, 0],
    ]);
    assert.equal(values.length, 2);
    near(values[0].re, 0, 1e-12);
    near(values[0].im, 2, 1e-12);
    near(values[1].im, -2, 1e-12);
    near(
      spectralRadius([
        [0, -2],
        [2, 0],
      ]),
      2,
      1e-12,
    );
  });

  it("W and Wᵀ share eigenvalues and spectral norm (why the bounds survive the transpose)", () => {
    const w = randomRNN({ n: 6, seed: 11 }).wRec;
    const wT = w[0].map((_, c) => w.map((row) => row[c]));
    near(spectralNorm(w), spectralNorm(wT), 1e-12);
    const a = eigenvalues(w);
    const b = eigenvalues(wT);
    a.forEach((value, i) => {
      near(value.re, b[i].re, 1e-9);
      near(value.im, b[i].im, 1e-9);
    });
  });

  it("the non-normal example: spectral radius 0.5 < 1 < ‖W‖₂, and only ‖W‖₂ bounds the gain", () => {
    const w = nonNormalExample();
    assert.deepEqual(w, [
      [0.5, 3],
      [0, 0.5],
    ]);
    near(spectralRadius(w), 0.5, 1e-12);
    assert.ok(spectralNorm(w) > 3, `‖W‖₂ = ${spectralNorm(w)}`);
    // With tanh (γ = 1) and σ′ = 1: the one-step gain ‖W‖₂ exceeds 1 although ρ(W) < 1/γ.
    assert.ok(stepGains(w, [1, 1]).numerator > 1);
    // An "eigenvalue" bound ρ(W)^1 = 0.5 is violated by the measured gain; ‖W‖₂^1 is not.
    const measured = [Math.log10(stepGains(w, [1, 1]).numerator)];
    assert.ok(stepGains(w, [1, 1]).numerator > spectralRadius(w));
    assert.equal(checkProductBound(measured, [1], w, 1).holds, true);
  });

  it("productBound and its log form", () => {
    const w = [
      [2, 0],
      [0, 1],
    ];
    near(productBound(w, 0.25, 3), 0.125, 1e-15);
    assert.equal(productBound(w, 0.25, 0), 1);
    const logs = productBoundLog10(w, 1, [0, 1, 1000]);
    near(logs[2], 1000 * Math.log10(2), 1e-9);
    assert.equal(productBound(w, 1, 2000), Infinity);
    assert.equal(productBound(w, 1, 1), 2);
    assert.equal(checkProductBound([0], [1], w, 0.25).perStep, 0.5);
  });

  it("checkProductBound reports the worst excess and honours the tolerance", () => {
    const w = [[0.5]];
    const distances = [3, 2, 1];
    const exact = distances.map((d) => d * Math.log10(0.5));
    const ok = checkProductBound(exact, distances, w, 1);
    assert.equal(ok.holds, true);
    assert.equal(ok.perStep, 0.5);
    const over = checkProductBound(
      exact.map((v, i) => (i === 1 ? v + 0.01 : v)),
      distances,
      w,
      1,
    );
    assert.equal(over.holds, false);
    assert.equal(over.worst.index, 1);
    near(over.worst.log10Excess, 0.01, 1e-12);
    // −Infinity (a product that underflowed to 0) satisfies any bound.
    assert.equal(checkProductBound([-Infinity], [5], w, 1).holds, true);
  });

  it("rescaling puts λ₁ where asked, keeping the direction", () => {
    const w = rescaleToSpectralNorm(normalMatrix(normalSource(3), 5, 5, 1), 1.7);
    near(spectralNorm(w), 1.7, 1e-12);
    const below = rescaleToSpectralNorm(w, 0.9);
    near(spectralNorm(below), 0.9, 1e-12);
    near(below[1][2] / w[1][2], 0.9 / 1.7, 1e-12);
    const rnn = withLambdaOne(randomRNN({ n: 4, seed: 2 }), 4, "singularValue");
    near(spectralNorm(rnn.wRec), 4, 1e-12);
    near(spectralRadius(withLambdaOne(rnn, 0.8, "eigenvalue").wRec), 0.8, 1e-9);
  });

  it("rejects bad input with messages that name the argument", () => {
    assert.throws(() => spectralNorm([]), /a must be a non-empty matrix/);
    assert.throws(() => eigenvalues([[1, 2]]), /a must be square/);
    assert.throws(() => productBound([[1]], 0, 1), /gamma must be a positive number/);
    assert.throws(() => productBound([[1]], Number.NaN, 1), /gamma must be a finite number/);
    assert.throws(
      () => productBoundLog10([[1]], 1, [1.5]),
      /distances\[0\] must be a non-negative integer/,
    );
    assert.throws(() => productBound([[1]], 1, 0.5), /distance must be an integer/);
    assert.throws(() => productBoundLog10([[1]], 1, []), /distances must not be empty/);
    assert.throws(() => spectralNorm([[1, Number.NaN]]), /a\[0\]\[1\] must be a finite number/);
    assert.throws(
      () => withLambdaOne(randomRNN({ n: 2, seed: 1 }), 1, "largest" as never),
      /reading must be one of/,
    );
    assert.throws(() => productBound([[1, 2]], 1, 1), /wRec must be square/);
    assert.throws(() => rescaleToSpectralNorm([[0]], 1), /w must have a non-zero spectral norm/);
    assert.throws(() => rescaleToSpectralNorm([[1]], -1), /target must be a positive number/);
    assert.throws(
      () =>
        stepGains(
          [
            [1, 0],
            [0, 1],
          ],
          [1],
        ),
      /sigmaPrime must have length n = 2/,
    );
    assert.throws(
      () => checkProductBound([], [], [[1]], 1),
      /log10Norms must be a non-empty array/,
    );
    assert.throws(
      () => checkProductBound([NaN], [1], [[1]], 1),
      /log10Norms\[0\] must be a number/,
    );
    assert.throws(() => checkProductBound([0], [1, 2], [[1]], 1), /distances must have length 1/);
    assert.throws(
      () => checkProductBound([0], [1], [[1]], 1, { relativeTolerance: -1 }),
      /relativeTolerance must be ≥ 0/,
    );
    assert.throws(() => withLambdaOne(null as never, 1), /rnn must be an RNN/);
    assert.throws(() => nonNormalExample(Infinity), /diagonal must be a finite number/);
  });
});
