/**
 * Central finite differences of the float64 forward pass of eq. (2) (src/core/model.ts): the
 * second independent check of the core's Jacobians (tfjs autodiff is the first). They know
 * nothing about any Jacobian formula: they only run the network.
 */
import { RNN, inputDrive, run, step } from "../core/model";
import { assertSpanFits, assertRNN } from "../checked/network";
import {
  Matrix,
  Vector,
  assertFiniteResult,
  assertPositiveNumber,
  assertVector,
} from "../shared/validate";

/** Why a finite difference overflows. */
const TOO_LARGE = "the weights, states or number of steps are too large for float64 differences";

/**
 * Central differences of `map` at `point`: column c is (map(x + δ e_c) − map(x − δ e_c)) / 2δ, so
 * entry (r, c) ≈ ∂map_r/∂x_c (numerator layout). The step is relative to the coordinate's size,
 * δ = h·max(1, |x_c|): the rounding error of the difference is about ε₆₄·|map(x)|/δ, and with a
 * relative step it stays near ε₆₄/h even when the states grow large. The truncation error is
 * O(δ²). Where σ has a kink (relu at 0) the difference is only right when no coordinate of the
 * evaluation points crosses the kink: a difference straddling it averages the two slopes.
 */
export function centralDifferences(map: (x: Vector) => Vector, point: Vector, h: number): Matrix {
  const columns = point.map((value, c) => {
    const delta = h * Math.max(1, Math.abs(value));
    const plus = [...point];
    const minus = [...point];
    plus[c] += delta;
    minus[c] -= delta;
    const up = map(plus);
    const down = map(minus);
    // Divide by the step actually taken: x ± δ is rounded, so (x + δ) − (x − δ) may not be 2δ.
    const taken = plus[c] - minus[c];
    return up.map((v, r) => (v - down[r]) / taken);
  });
  return columns[0].map((_, r) => columns.map((column) => column[r]));
}

/**
 * ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at x⁽ⁱ⁻¹⁾ = xPrevious by central differences of one step of eq. (2) (input
 * u = 0; the input term does not depend on x). Numerator layout. h = 1e-6 balances truncation
 * and rounding near 1e-10.
 */
export function finiteDifferenceStepJacobian(rnn: RNN, xPrevious: Vector, h = 1e-6): Matrix {
  assertRNN(rnn);
  assertVector("xPrevious", xPrevious, rnn.n);
  assertPositiveNumber("h", h);
  const drive = inputDrive(rnn, new Array<number>(rnn.m).fill(0));
  const jacobian = centralDifferences((x) => step(rnn, x, drive), xPrevious, h);
  assertFiniteResult("the finite-difference Jacobian", jacobian, "float64", TOO_LARGE);
  return jacobian;
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ by central differences of the float64 forward pass: x⁽ᵏ⁾ comes from the run from x0
 * over u, then it is perturbed and the network is run again through steps k+1…t (inputs: rows
 * k…t−1 of u). Requires 0 ≤ k < t ≤ T. Numerator layout.
 *
 * The default h = 1e-5 is larger than the one-step default: products over time can be small
 * (≈ 1e-4 for sigmoid after 5 steps) while x⁽ᵗ⁾ is O(1), so the rounding error ε₆₄·|x⁽ᵗ⁾|/h
 * matters more than truncation. Measured on seeded networks (n ≤ 64, T = 5): about 1e-10
 * absolute error with h = 1e-5, against up to 1e-9 with h = 1e-6.
 */
export function finiteDifferenceJacobianOverTime(
  rnn: RNN,
  u: Matrix,
  x0: Vector,
  k: number,
  t: number,
  h = 1e-5,
): Matrix {
  assertSpanFits(rnn, u, x0, k, t);
  assertPositiveNumber("h", h);
  const start = run(rnn, u.slice(0, k), x0)[k];
  assertFiniteResult(`x⁽${k}⁾ of the forward pass`, start, "float64", TOO_LARGE);
  const inputs = u.slice(k, t);
  const jacobian = centralDifferences((x) => run(rnn, inputs, x)[t - k], start, h);
  assertFiniteResult(`the finite-difference ∂x⁽${t}⁾/∂x⁽${k}⁾`, jacobian, "float64", TOO_LARGE);
  return jacobian;
}
