import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { autodiffJacobianOverTime } from "../../src/autodiff";
import { useBackend } from "../../src/backend";
import { JACOBIAN_FORMS } from "../../src/core/forms";
import { productsOverTime } from "../../src/core/products";
import {
  chooseStrategy,
  suffixProductFlops,
  suffixProductNorms,
  suffixProductNormsFromDerivatives,
  suffixProducts,
  suffixProductsFromDerivatives,
  preferFastProducts,
  suffixProductNormsOfFactors,
  suffixProductsOfFactors,
} from "../../src/fastProducts";
import { createRNN, forward, randomInputs, randomRNN, randomState } from "../../src/core/model";
import {
  checkProductBound,
  frobeniusNorm,
  rescaleToSpectralNorm,
  spectralNorm,
} from "../../src/consequences/spectra";
import { Matrix } from "../../src/validate";

const STRATEGIES = ["js", "blocked", "sequential"] as const;

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

function toArrays(tensor: tf.Tensor3D): Matrix[] {
  const values = tensor.arraySync() as Matrix[];
  tensor.dispose();
  return values;
}

describe("fastProducts: all ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ without one tfjs call per step", () => {
  // The input term named explicitly: the core's forward and the oracle's must run the same eq. (2).
  const rnn = Object.assign({}, randomRNN({ n: 5, seed: 21, gain: 1.4 }), { inputTerm: "answer" });
  const u = randomInputs(23, 1, 22);
  const x0 = randomState(5, 23);
  let states: Matrix;
  before(async () => {
    await useBackend("wasm");
    states = forward(rnn, u, x0);
  });

  it("matches productsOverTime for every form, strategy and block length (float32)", () => {
    for (const form of JACOBIAN_FORMS) {
      const expected = productsOverTime(rnn, states, form);
      for (const strategy of STRATEGIES) {
        for (const blockLength of [undefined, 1, 4, 7, 40]) {
          const actual = toArrays(
            suffixProducts(rnn, states, form, undefined, { strategy, blockLength }),
          );
          assert.equal(actual.length, 23);
          const error = maxRelativeDifference(actual, expected);
          assert.ok(error < 2e-6, `${form}/${strategy}/L=${blockLength}: relative error ${error}`);
        }
      }
      // Up to an earlier t, too.
      const upTo = toArrays(suffixProducts(rnn, states, form, 9));
      assert.ok(maxRelativeDifference(upTo, productsOverTime(rnn, states, form, 9)) < 2e-6);
    }
  });

  it("the printed form differs from the correct one, and denominator is numerator transposed", () => {
    const numerator = toArrays(suffixProducts(rnn, states, "numerator"));
    const denominator = toArrays(suffixProducts(rnn, states, "denominator"));
    const paper = toArrays(suffixProducts(rnn, states, "paper"));
    const transposed = numerator.map((m) => m[0].map((_, c) => m.map((row) => row[c])));
    assert.ok(maxRelativeDifference(denominator, transposed) < 1e-7);
    assert.ok(maxRelativeDifference(paper, numerator) > 0.1);
  });

  it("slice 0 equals the autodiff Jacobian ∂x⁽ᵀ⁾/∂x⁽⁰⁾ (one batched backward pass, autodiff.ts)", () => {
    const fast = toArrays(suffixProducts(rnn, states, "numerator"))[0];
    const autodiff = autodiffJacobianOverTime(rnn, u, x0, 0, 23);
    assert.ok(maxRelativeDifference([fast], [autodiff]) < 1e-5);
  });

  it("per-k norms: spectral (svd and power) and Frobenius agree with float64 norms of the products", () => {
    const products = productsOverTime(rnn, states, "paper");
    for (const strategy of STRATEGIES) {
      const svd = suffixProductNorms(rnn, states, "paper", undefined, { strategy });
      const power = suffixProductNorms(rnn, states, "paper", undefined, {
        strategy,
        spectralMethod: "power",
      });
      const frob = suffixProductNorms(rnn, states, "paper", undefined, {
        strategy,
        norm: "frobenius",
      });
      assert.equal(svd.strategy, strategy);
      assert.deepEqual(svd.distance.slice(0, 3), [23, 22, 21]);
      assert.equal(power.converged, true);
      products.forEach((m, k) => {
        const expected = spectralNorm(m);
        assert.ok(Math.abs(svd.norms[k] - expected) <= 2e-6 * expected, `svd k=${k}`);
        assert.ok(Math.abs(power.norms[k] - expected) <= 2e-5 * expected, `power k=${k}`);
        // The power estimate approaches ‖·‖₂ from below (up to the float32 rounding of the
        // products, which differ from productsOverTime's by a few ulps).
        assert.ok(power.norms[k] <= expected * (1 + 1e-5), `power k=${k} above ‖·‖₂`);
        const f = frobeniusNorm(m);
        assert.ok(Math.abs(frob.norms[k] - f) <= 2e-6 * f, `frobenius k=${k}`);
        assert.ok(Math.abs(svd.log10Norms[k] - Math.log10(expected)) < 1e-6);
      });
    }
  });

  it("keeps long horizons exact in log scale where float32 over- or underflows", () => {
    // W = a·I with a linear activation: ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ = a^{t−k} I, so log₁₀‖·‖₂ = (t−k)·log₁₀ a.
    const t = 300;
    for (const a of [1.5, 0.5]) {
      const w = [
        [a, 0, 0],
        [0, a, 0],
        [0, 0, a],
      ];
      const sigmaPrime = Array.from({ length: t }, () => [1, 1, 1]);
      for (const [strategy, spectralMethod] of STRATEGIES.flatMap((st) =>
        (["svd", "power"] as const).map((m) => [st, m] as const),
      )) {
        // (float64 products near 1e-90 would underflow if squared unscaled: the power method
        // must work on P / max|P|.)
        const norms = suffixProductNormsFromDerivatives(w, sigmaPrime, "paper", {
          strategy,
          spectralMethod,
        });
        assert.equal(norms.converged, true);
        norms.log10Norms.forEach((value, k) => {
          const expected = (t - k) * Math.log10(a);
          assert.ok(
            Math.abs(value - expected) < 1e-4,
            `a=${a} ${strategy} k=${k}: ${value} vs ${expected}`,
          );
        });
      }
      if (a > 1) {
        // 1.5^300 ≈ 1e53 has no float32 representation: the tensor form refuses with a reason.
        assert.throws(
          () =>
            suffixProductsFromDerivatives(w, sigmaPrime, "numerator", { strategy: "sequential" }),
          /beyond float32; use suffixProductNorms/,
        );
      }
    }
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

  it("does not leak tensors", () => {
    for (const strategy of STRATEGIES) {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 2; i++) {
        suffixProducts(rnn, states, "paper", undefined, { strategy }).dispose();
        suffixProductNorms(rnn, states, "numerator", undefined, {
          strategy,
          spectralMethod: "power",
        });
        suffixProductNorms(rnn, states, "numerator", undefined, { strategy, norm: "frobenius" });
      }
      assert.equal(tf.memory().numTensors, before, strategy);
    }
    // An error half-way through a scan leaves nothing behind either.
    const before = tf.memory().numTensors;
    const w = [[1.5]];
    const s = Array.from({ length: 300 }, () => [1]);
    for (const strategy of ["blocked", "sequential"] as const) {
      assert.throws(() => suffixProductsFromDerivatives(w, s, "numerator", { strategy }));
    }
    assert.equal(tf.memory().numTensors, before);
  });

  it("chooses a strategy by size and counts flops", () => {
    assert.equal(chooseStrategy(8, 1000), "js");
    assert.equal(chooseStrategy(16, 1000), "blocked");
    assert.equal(chooseStrategy(16, 10), "sequential");
    assert.equal(chooseStrategy(256, 1000), "sequential");
    assert.equal(chooseStrategy(256, 1000, "cpu"), "js");
    assert.equal(suffixProductFlops(4, 3), 2 * 64 * 2);
  });

  it("rejects bad input with messages that name the argument", () => {
    assert.throws(() => suffixProducts(rnn, states, "transposed" as never), /form must be one of/);
    assert.throws(
      () => suffixProducts(rnn, [[1, 2]], "paper"),
      /states must be \(T\+1\)×n with n = 5/,
    );
    assert.throws(
      () => suffixProducts(rnn, states.slice(0, 1), "paper"),
      /states must be \(T\+1\)×n with n = 5 and T ≥ 1/,
    );
    assert.throws(
      () => suffixProducts(rnn, states, "paper", 24),
      /t must be an integer in \[1, 23\]/,
    );
    assert.throws(
      () => suffixProducts(rnn, states, "paper", undefined, { strategy: "fast" as never }),
      /strategy must be one of auto, js, blocked, sequential/,
    );
    assert.throws(
      () => suffixProducts(rnn, states, "paper", undefined, { blockLength: 0 }),
      /blockLength must be a positive integer/,
    );
    assert.throws(() => suffixProducts(null as never, states, "paper"), /rnn must be an RNN/);
    assert.throws(
      () =>
        suffixProductsFromDerivatives(
          [
            [1, 0],
            [0, 1],
          ],
          [[1, 1, 1]],
          "paper",
        ),
      /sigmaPrime must be t×n with n = 2/,
    );
    assert.throws(
      () => suffixProductsFromDerivatives([[1, 0]], [[1, 1]], "paper"),
      /wRec must be square/,
    );
    assert.throws(
      () => suffixProductNorms(rnn, states, "paper", undefined, { norm: "nuclear" as never }),
      /norm must be one of spectral, frobenius/,
    );
    assert.throws(
      () => suffixProductNorms(rnn, states, "paper", undefined, { spectralMethod: "qr" as never }),
      /spectralMethod must be one of svd, power/,
    );
    assert.throws(
      () => suffixProductNorms(rnn, states, "paper", undefined, { tolerance: 0 }),
      /tolerance must be a number in \(0, 1\)/,
    );
    assert.throws(
      () => suffixProductNorms(rnn, states, "paper", undefined, { maxIterations: 1.5 }),
      /maxIterations must be a positive integer/,
    );
    assert.throws(() => chooseStrategy(0, 1), /n must be a positive integer/);
  });
});

describe("fastProducts: form-agnostic suffix products of M·diag(s_i)", () => {
  before(async () => {
    await useBackend("wasm");
  });

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
        Array.from({ length: n }, (_, c) =>
          row.reduce((sum, value, i) => sum + value * f[i][c], 0),
        ),
      );
      out[k] = current;
    }
    return out;
  }

  const n = 24;
  const steps = 30;
  const source = randomRNN({ n, seed: 41, gain: 1.2 });
  const m = source.wRec; // any square matrix: these functions know nothing of forms
  const slopes = randomInputs(steps, n, 42).map((row) => row.map((x) => 0.5 + 0.5 * Math.tanh(x)));

  it("slice k is F_{T−1}⋯F_k, and its transpose with transpose: true (float32 vs float64)", () => {
    const expected = loopProducts(m, slopes);
    const plain = toArrays(suffixProductsOfFactors(m, slopes));
    const transposed = toArrays(suffixProductsOfFactors(m, slopes, { transpose: true }));
    assert.ok(maxRelativeDifference(plain, expected) < 1e-5);
    const expectedT = expected.map((p) => p[0].map((_, c) => p.map((row) => row[c])));
    assert.ok(maxRelativeDifference(transposed, expectedT) < 1e-5);
  });

  it("norms of the same products, with float64 log scale", () => {
    const expected = loopProducts(m, slopes);
    const norms = suffixProductNormsOfFactors(m, slopes, { norm: "frobenius" });
    norms.norms.forEach((value, k) => {
      const reference = frobeniusNorm(expected[k]);
      assert.ok(Math.abs(value - reference) <= 1e-5 * reference, `k = ${k}`);
    });
    const spectral = suffixProductNormsOfFactors(m, slopes);
    spectral.norms.forEach((value, k) => {
      const reference = spectralNorm(expected[k]);
      assert.ok(Math.abs(value - reference) <= 1e-4 * reference, `k = ${k}`);
    });
  });

  it("prefers the tfjs path only where it is faster, and rejects bad input by name", () => {
    assert.equal(preferFastProducts(256, 1000), true);
    assert.equal(preferFastProducts(4, 1000), false);
    assert.throws(() => suffixProductsOfFactors([[1, 2]], [[1, 1]]), /m must be square/);
    assert.throws(
      () => suffixProductsOfFactors(m, [[1, 2]]),
      /slopes must be T×n with n = 24 \(m is 24×24\), got 1×2/,
    );
    assert.throws(
      () => suffixProductsOfFactors(m, slopes, { transpose: "yes" as never }),
      /options.transpose must be a boolean/,
    );
    const bad = slopes.map((row) => [...row]);
    bad[3][2] = NaN;
    assert.throws(() => suffixProductNormsOfFactors(m, bad), /slopes\[3\]\[2\] must be a finite/);
  });
});
