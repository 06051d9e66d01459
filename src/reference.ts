/**
 * A float64 reference in plain TypeScript, with no tfjs: the forward pass of eq. (2), the
 * Jacobian forms of jacobian.ts and their products over time (eq. 5), and central finite
 * differences of the float64 forward pass. This is the second independent check of jacobian.ts
 * (autodiff.ts is the first): finite differences know nothing about any Jacobian formula, and
 * float64 arithmetic puts the float32 library's rounding errors in plain view.
 *
 * Matrices are n×n, so plain loops are as clear as any library and keep every operation in a
 * fixed order (the results are the same bytes on every run and machine).
 */
import { getActivation } from "./activations";
import { JACOBIAN_FORMS, JacobianForm, checkWeightsAndDerivative } from "./jacobian";
import { RNN, assertSequenceFits, assertSpanFits, checkTrajectory } from "./rnn";
import { Matrix, Vector, assertFiniteNumber, assertOneOf, assertVector } from "./validate";

/** y = A x for an r×c matrix A and a vector x of length c. */
function multiplyVector(a: Matrix, x: Vector): Vector {
  return a.map((row) => {
    let sum = 0;
    for (let c = 0; c < row.length; c++) sum += row[c] * x[c];
    return sum;
  });
}

/** A B for n×n matrices. */
function multiply(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) {
      const left = a[r][i];
      if (left === 0) continue;
      for (let c = 0; c < n; c++) out[r][c] += left * b[i][c];
    }
  }
  return out;
}

/** The input drive W_in σ(u) + b of one step: the part of eq. (2) that does not depend on x. */
function inputDrive(rnn: RNN, input: Vector): Vector {
  const sigma = getActivation(rnn.activation).sigma;
  const driven = multiplyVector(rnn.wIn, input.map(sigma));
  return driven.map((value, j) => value + rnn.b[j]);
}

/** One step of eq. (2): W_rec σ(x) + drive. */
function step(rnn: RNN, x: Vector, drive: Vector): Vector {
  const sigma = getActivation(rnn.activation).sigma;
  return multiplyVector(rnn.wRec, x.map(sigma)).map((value, j) => value + drive[j]);
}

/** Runs steps from `start` with the given inputs (rows); returns [start, …, last state]. */
function run(rnn: RNN, inputs: Matrix, start: Vector): Matrix {
  const states: Matrix = [[...start]];
  for (const input of inputs) {
    states.push(step(rnn, states[states.length - 1], inputDrive(rnn, input)));
  }
  return states;
}

/**
 * eq. (2) in float64: the same semantics as `forward` in rnn.ts. Returns all T+1 states
 * [x⁽⁰⁾, x⁽¹⁾, …, x⁽ᵀ⁾] of the run from x0 over the rows of u (T×m).
 */
export function forward64(rnn: RNN, u: Matrix, x0: Vector): Matrix {
  assertSequenceFits(rnn, u, x0);
  return run(rnn, u, x0);
}

/** The one-step matrix of `form` from W and s = σ′(x⁽ⁱ⁻¹⁾). Unchecked. */
function formMatrix(form: JacobianForm, w: Matrix, s: Vector): Matrix {
  const n = w.length;
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => {
      switch (form) {
        case "numerator":
          return w[r][c] * s[c]; // W D
        case "denominator":
          return s[r] * w[c][r]; // D Wᵀ
        case "paper":
          return w[c][r] * s[c]; // Wᵀ D
      }
    }),
  );
}

/**
 * The one-step matrix of `form` in float64 (see jacobian.ts for the forms):
 * numerator W·diag(s), denominator diag(s)·Wᵀ, paper Wᵀ·diag(s), with s = σ′(x⁽ⁱ⁻¹⁾).
 */
export function jacobian64(form: JacobianForm, wRec: Matrix, sigmaPrime: Vector): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  checkWeightsAndDerivative(wRec, sigmaPrime);
  return formMatrix(form, wRec, sigmaPrime);
}

/** ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of `rnn` at x⁽ⁱ⁻¹⁾ = xPrevious in the given form, in float64. */
export function stepJacobian64(rnn: RNN, xPrevious: Vector, form: JacobianForm): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  assertVector("xPrevious", xPrevious, rnn.n);
  const derivative = getActivation(rnn.activation).derivative;
  return formMatrix(form, rnn.wRec, xPrevious.map(derivative));
}

function assertStep(h: unknown): asserts h is number {
  assertFiniteNumber("h", h);
  if (h <= 0) throw new RangeError(`h must be a positive step, got ${h}`);
}

/**
 * Central differences of `map` at `point`: column c is (map(x + δ e_c) − map(x − δ e_c)) / 2δ, so
 * entry (r, c) ≈ ∂map_r/∂x_c (numerator layout). The step is relative to the coordinate's size,
 * δ = h·max(1, |x_c|): the rounding error of the difference is about ε₆₄·|map(x)|/δ, and with a
 * relative step it stays near ε₆₄/h even when the states grow large (a linear or relu network
 * with spectral radius above 1). The truncation error is O(δ²).
 * Where σ has a kink (relu at 0) the difference is only right when no coordinate of the
 * evaluation points crosses the kink: a difference straddling it averages the two slopes.
 */
function centralDifferences(map: (x: Vector) => Vector, point: Vector, h: number): Matrix {
  const n = point.length;
  const columns: Matrix = [];
  for (let c = 0; c < n; c++) {
    const delta = h * Math.max(1, Math.abs(point[c]));
    const plus = [...point];
    const minus = [...point];
    plus[c] += delta;
    minus[c] -= delta;
    const up = map(plus);
    const down = map(minus);
    // Divide by the step actually taken: x ± δ is rounded, so (x + δ) − (x − δ) may not be 2δ.
    const taken = plus[c] - minus[c];
    columns.push(up.map((value, r) => (value - down[r]) / taken));
  }
  return Array.from({ length: columns[0].length }, (_, r) => columns.map((column) => column[r]));
}

/**
 * ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at x⁽ⁱ⁻¹⁾ = xPrevious by central finite differences of the float64 one-step map
 * of eq. (2) (with input u = 0; the input term does not depend on x). Numerator layout. The step
 * for coordinate c is h·max(1, |x_c|); h = 1e-6 balances truncation and rounding near 1e-10.
 */
export function finiteDifferenceStepJacobian(rnn: RNN, xPrevious: Vector, h = 1e-6): Matrix {
  assertVector("xPrevious", xPrevious, rnn.n);
  assertStep(h);
  const drive = inputDrive(rnn, new Array<number>(rnn.m).fill(0));
  return centralDifferences((x) => step(rnn, x, drive), xPrevious, h);
}

/**
 * The products of eq. (5) in float64, with the semantics and factor order of `productsOverTime`
 * in jacobian.ts: index k of the result is ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ for k = 0…t−1 in the given form, where
 * `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] and t defaults to T.
 *   numerator, paper:  P_k = J_t J_{t−1} ⋯ J_{k+1}
 *   denominator:       P_k = J_{k+1} ⋯ J_{t−1} J_t
 */
export function products64(rnn: RNN, states: Matrix, form: JacobianForm, t?: number): Matrix[] {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const last = checkTrajectory(rnn, states, t);
  const derivative = getActivation(rnn.activation).derivative;
  const products: Matrix[] = new Array(last);
  let product = formMatrix(form, rnn.wRec, states[last - 1].map(derivative));
  products[last - 1] = product;
  for (let k = last - 2; k >= 0; k--) {
    const factor = formMatrix(form, rnn.wRec, states[k].map(derivative));
    product = form === "denominator" ? multiply(factor, product) : multiply(product, factor);
    products[k] = product;
  }
  return products;
}

/**
 * ∂x⁽ᵗ⁾/∂x⁽ᵏ⁾ by central finite differences of the float64 forward pass: x⁽ᵏ⁾ comes from the run
 * from x0 over u, then x⁽ᵏ⁾ is perturbed and the network is run again through steps k+1…t (inputs:
 * rows k…t−1 of u). Requires 0 ≤ k < t ≤ T. Numerator layout.
 *
 * The default h = 1e-5 is larger than the one-step default: products over time can be small
 * (|∂x⁽ᵗ⁾/∂x⁽ᵏ⁾| ≈ 1e-4 for sigmoid after 5 steps) while x⁽ᵗ⁾ itself is O(1), so the rounding
 * error ε₆₄·|x⁽ᵗ⁾|/h matters more than truncation. Measured on seeded networks (n ≤ 64, T = 5):
 * about 1e-10 absolute error with h = 1e-5, against up to 1e-9 with h = 1e-6.
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
  assertStep(h);
  const start = run(rnn, u.slice(0, k), x0)[k];
  const inputs = u.slice(k, t);
  return centralDifferences((x) => run(rnn, inputs, x)[t - k], start, h);
}
