import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { autodiffJacobianOverTime } from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { JACOBIAN_FORMS } from "../../src/core/forms";
import { readableSuffixProducts } from "../../src/core/products";
import {
  FAST_PRODUCTS_WORK,
  fastSuffixProducts,
  preferFastProducts,
  productsOverTime,
  suffixProductNorms,
  suffixProductNormsOfFactors,
  suffixProductsOfFactors,
} from "../../src/fast/products";
import {
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { checkProductBound, rescaleToSpectralNorm } from "../../src/consequences/spectra";
import { Matrix } from "../../src/shared/validate";
import { spectralNorm } from "../../src/checked/norms";

function maxRelativeDifference(a: Matrix[], b: Matrix[]): number {
  let difference = 0;
  let scale = 0;
  a.forEach((m, k) =>
    m.forEach((row, r) =>
      row.forEach((value, c) => {
        difference = Math.max(difference, Math.abs(value - b[k][r][c]));
        scale = Math.max(scale, Math.abs(b[k][r][c]));
      }),
    ),
  );
  return difference / scale;
}

const transpose = (p: Matrix) => p[0].map((_, c) => p.map((row) => row[c]));

// The independent computation: float64 loops written out here, P_k = F_{T−1} ⋯ F_k.
function loopProducts(m: Matrix, slopes: Matrix): Matrix[] {
  const n = m.length;
  const steps = slopes.length;
  const factor = (i: number) => m.map((row) => row.map((value, c) => value * slopes[i][c]));
  const out: Matrix[] = new Array<Matrix>(steps);
  let current = factor(steps - 1);
  out[steps - 1] = current;
  for (let k = steps - 2; k >= 0; k--) {
    const f = factor(k);
    current = current.map((row) =>
      Array.from({ length: n }, (_, c) => row.reduce((sum, value, i) => sum + value * f[i][c], 0)),
    );
    out[k] = current;
  }
  return out;
}

describe("fastProducts: the fast path of the products over time, against float64 loops", () => {
  // The input term named explicitly: the core's forward and the oracle's must run the same eq. (2).
  const rnn = Object.assign({}, randomRNN({ n: 5, seed: 21, gain: 1.4 }), { inputTerm: "answer" });
  const u = randomInputs(23, 1, 22);
  const x0 = randomState(5, 23);
  let states: Matrix;
  let slopes: Matrix;
  before(async () => {
    await useBackend("wasm");
    states = forward(rnn, u, x0);
    slopes = states.slice(0, 23).map((x) => x.map((v) => 1 - Math.tanh(v) ** 2));
  });

  it("matches the readable float64 products for every form (float32 rounding only)", () => {
    for (const form of JACOBIAN_FORMS) {
      const readable = readableSuffixProducts(rnn.wRec, slopes, form);
      const fast = fastSuffixProducts(rnn.wRec, slopes, form);
      assert.equal(fast.length, 23);
      const error = maxRelativeDifference(fast, readable);
      assert.ok(error < 2e-6, `${form}: relative error ${error}`);
      assert.ok(error > 0, `${form}: float32 products should not be bit-identical to float64`);
    }
    const numerator = fastSuffixProducts(rnn.wRec, slopes, "numerator");
    const denominator = fastSuffixProducts(rnn.wRec, slopes, "denominator");
    const paper = fastSuffixProducts(rnn.wRec, slopes, "paper");
    assert.deepEqual(denominator, numerator.map(transpose));
    assert.ok(maxRelativeDifference(paper, numerator) > 0.1);
  });

  it("slice 0 equals the autodiff Jacobian ∂x⁽ᵀ⁾/∂x⁽⁰⁾ (one batched backward pass)", () => {
    const fast = fastSuffixProducts(rnn.wRec, slopes, "numerator")[0];
    const autodiff = autodiffJacobianOverTime(rnn, u, x0, 0, 23);
    assert.ok(maxRelativeDifference([fast], [autodiff]) < 1e-5);
  });

  it("slice k is F_{T−1}⋯F_k for any square M, and its transpose with transpose: true", () => {
    const n = 24;
    const m = randomRNN({ n, seed: 41, gain: 1.2 }).wRec; // these functions know nothing of forms
    const s = randomInputs(30, n, 42).map((row) => row.map((x) => 0.5 + 0.5 * Math.tanh(x)));
    const expected = loopProducts(m, s);
    assert.ok(maxRelativeDifference(suffixProductsOfFactors(m, s), expected) < 1e-5);
    const transposed = suffixProductsOfFactors(m, s, true);
    assert.ok(maxRelativeDifference(transposed, expected.map(transpose)) < 1e-5);
  });

  it("productsOverTime takes the fast path exactly where the size calls for it", () => {
    // n = 32 with n³·t just above the threshold: the result is the fast path's, bit for bit.
    const n = 32;
    const t = Math.ceil(FAST_PRODUCTS_WORK / n ** 3);
    const net = randomRNN({ n, seed: 3 });
    const run = forward(net, randomInputs(t, 1, 4), randomState(n, 5));
    const s = run.slice(0, t).map((x) => x.map((v) => 1 - Math.tanh(v) ** 2));
    const products = productsOverTime(net, run, "paper");
    assert.deepEqual(products[0], fastSuffixProducts(net.wRec, s, "paper")[0]);
    assert.notDeepEqual(products[0], readableSuffixProducts(net.wRec, s, "paper")[0]);
    // One step fewer: the readable loops.
    const shorter = productsOverTime(net, run, "paper", t - 1);
    assert.deepEqual(shorter[0], readableSuffixProducts(net.wRec, s.slice(0, t - 1), "paper")[0]);
  });

  it("per-k spectral norms (SVD for n ≤ 16, power method above) agree with float64 norms", () => {
    const svd = suffixProductNorms(rnn, states, "paper");
    assert.deepEqual(svd.distance.slice(0, 3), [23, 22, 21]);
    productsOverTime(rnn, states, "paper").forEach((m, k) => {
      const expected = spectralNorm(m);
      assert.ok(Math.abs(svd.norms[k] - expected) <= 2e-6 * expected, `svd k=${k}`);
      assert.ok(Math.abs(svd.log10Norms[k] - Math.log10(expected)) < 1e-6);
    });
    const n = 24;
    const m = randomRNN({ n, seed: 43, gain: 1.2 }).wRec;
    const s = randomInputs(30, n, 44).map((row) => row.map((x) => 0.5 + 0.5 * Math.tanh(x)));
    const power = suffixProductNormsOfFactors(m, s);
    assert.equal(power.converged, true);
    loopProducts(m, s).forEach((p, k) => {
      const expected = spectralNorm(p);
      assert.ok(Math.abs(power.norms[k] - expected) <= 2e-5 * expected, `power k=${k}`);
      // The power estimate approaches ‖·‖₂ from below (up to float32 rounding of the products).
      assert.ok(power.norms[k] <= expected * (1 + 1e-5), `power k=${k} above ‖·‖₂`);
    });
  });

  it("keeps long horizons exact in log scale where float32 over- or underflows", () => {
    // W = a·I with unit slopes: P_k = a^{t−k} I, so log₁₀‖P_k‖₂ = (t−k)·log₁₀ a.
    const t = 300;
    for (const a of [1.5, 0.5]) {
      const identity = (n: number) =>
        Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => (r === c ? a : 0)));
      const w = identity(3);
      const ones = Array.from({ length: t }, () => [1, 1, 1]);
      // n = 3 by SVD, n = 20 by the power method (products near 1e-90 would underflow if squared
      // unscaled: the power method works on P / max|P|).
      for (const n of [3, 20]) {
        const unit = Array.from({ length: t }, () => new Array<number>(n).fill(1));
        const norms = suffixProductNormsOfFactors(identity(n), unit);
        assert.equal(norms.converged, true);
        norms.log10Norms.forEach((value, k) => {
          const expected = (t - k) * Math.log10(a);
          assert.ok(Math.abs(value - expected) < 1e-4, `a=${a} k=${k}: ${value} vs ${expected}`);
        });
      }
      // The products themselves come out whole in float64 (1.5^300 ≈ 1e53, beyond float32).
      const p0 = suffixProductsOfFactors(w, ones)[0];
      assert.ok(Math.abs(p0[1][1] / a ** t - 1) < 1e-4, `a=${a}: ${p0[1][1]} vs ${a ** t}`);
      assert.equal(p0[0][1], 0);
    }
  });

  it("a step that leaves float32's range is an error naming the product", () => {
    const ones = [[1], [1], [1]];
    // 1e30 fits float32; 1e30 · 1e30 does not.
    assert.throws(
      () => suffixProductsOfFactors([[1e30]], ones),
      /^RangeError: ∂x⁽3⁾\/∂x⁽1⁾ left float32's range while multiplying \(max \|entry\| = Infinity\)/,
    );
    // The same in a 4×4 product, whose entries the scan reads four at a time.
    const big = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => (r === c ? 1e30 : 0)));
    const slopes4 = [0, 1, 2].map(() => [1, 1, 1, 1]);
    assert.throws(() => suffixProductsOfFactors(big, slopes4), /∂x⁽3⁾\/∂x⁽1⁾ left float32's range/);
    // A factor beyond float32 fails at the first product; the norms refuse the same way.
    assert.throws(
      () => suffixProductNormsOfFactors([[1e39]], ones),
      /∂x⁽3⁾\/∂x⁽2⁾ left float32's range/,
    );
  });

  it("eq. (7) holds for both forms: ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖₂ ≤ (λ₁γ)^{t−k} with λ₁ = ‖W‖₂ (tanh and sigmoid)", () => {
    for (const [activation, gamma] of [
      ["tanh", 1],
      ["sigmoid", 0.25],
    ] as const) {
      for (const lambda of [0.8 / gamma, 1.5 / gamma]) {
        const base = randomRNN({ n: 8, seed: 5, activation });
        const net = createRNN({ ...base, wRec: rescaleToSpectralNorm(base.wRec, lambda) });
        const run = forward(net, randomInputs(60, 1, 6), randomState(8, 7));
        for (const form of ["numerator", "paper"] as const) {
          const norms = suffixProductNorms(net, run, form);
          const check = checkProductBound(norms.log10Norms, norms.distance, net.wRec, gamma);
          assert.ok(
            check.holds,
            `${activation} λ₁=${lambda} ${form}: excess ${check.worst.log10Excess}`,
          );
        }
      }
    }
  });

  it("does not leak tensors, also when it throws half-way", () => {
    const identity20 = Array.from({ length: 20 }, (_, r) =>
      Array.from({ length: 20 }, (_, c) => +(r === c)),
    );
    const ones20 = Array.from({ length: 5 }, () => new Array<number>(20).fill(0.9));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      suffixProductsOfFactors(rnn.wRec, slopes, true);
      suffixProductNormsOfFactors(rnn.wRec, slopes);
      suffixProductNormsOfFactors(identity20, ones20);
      assert.throws(() => suffixProductsOfFactors([[1e30]], [[1], [1], [1]]));
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it("prefers the tfjs path on wasm only", async () => {
    assert.equal(preferFastProducts(), true);
    await useBackend("cpu");
    try {
      assert.equal(preferFastProducts(), false);
    } finally {
      await useBackend("wasm");
    }
  });

  it("rejects bad input with messages that name the argument", () => {
    const m = rnn.wRec;
    assert.throws(() => suffixProductsOfFactors([[1, 2]], [[1, 1]]), /m must be square/);
    assert.throws(
      () => suffixProductsOfFactors(m, [[1, 2]]),
      /slopes must be T×n with n = 5 \(m is 5×5\), got 1×2/,
    );
    const bad = slopes.map((row) => [...row]);
    bad[3][2] = NaN;
    assert.throws(() => suffixProductNormsOfFactors(m, bad), /slopes\[3\]\[2\] must be a finite/);
    assert.throws(() => suffixProductNorms(rnn, states, "transposed" as never), /form must be/);
    assert.throws(
      () => suffixProductNorms(rnn, states, "paper", 24),
      /t must be an integer in \[1, 23\]/,
    );
  });
});
