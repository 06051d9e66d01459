/**
 * Eigenvalues in float64 (ml-matrix; tfjs has no eig; the norms are checked/norms.ts's), and the
 * quantities of the paper's bounds (6)–(7) in Pascanu, Mikolov & Bengio (2013).
 *
 * Eq. (6) bounds one factor of eq. (5):  ‖∂x⁽ᵏ⁺¹⁾/∂x⁽ᵏ⁾‖ ≤ ‖W_recᵀ‖ ‖diag(σ′(x⁽ᵏ⁾))‖ ≤ λ₁ γ, and
 * eq. (7) multiplies the factors: ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖ ≤ (λ₁ γ)^{t−k}. So λ₁ < 1/γ suffices for vanishing
 * gradients and λ₁ > 1/γ is necessary for exploding ones. The ICML text calls λ₁ the largest
 * singular value of W_rec; arXiv v2 calls it the largest eigenvalue in absolute value. Only the
 * singular value makes (6) true: for a non-normal W the spectral radius can be below 1 while
 * ‖W‖₂ is above 1 (see `nonNormalExample`). The bounds survive the transpose printed in eq. (5),
 * because ‖Wᵀ‖₂ = ‖W‖₂ and W, Wᵀ share their eigenvalues; the per-step gains do not
 * (`stepGains`, and the example W = [[1,2],[0,1]], D = diag(1, 0.1) below).
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { JACOBIAN_FORMS, JacobianForm, formMatrix } from "../core/forms";
import { assertWeightsAndDerivative } from "../checked/jacobians";
import { spectralNorm } from "../checked/norms";
import { RNN } from "../core/model";
import { assertRNN, createRNN } from "../checked/network";
import {
  Matrix,
  Vector,
  assertFiniteNumber,
  assertFiniteResult,
  assertInteger,
  assertIntegerIn,
  assertNonNegativeNumber,
  assertPositiveNumber,
  assertOneOf,
  assertSquare,
  assertVector,
} from "../shared/validate";

/** A complex number; eigenvalues of a real matrix come in conjugate pairs. */
type Complex = { re: number; im: number };

/**
 * The eigenvalues of the square matrix `a`, ordered by modulus (largest first), then by real
 * part, then by imaginary part, so conjugate pairs sit together with the positive part first.
 */
export function eigenvalues(a: Matrix): Complex[] {
  assertSquare("a", a);
  // Scaled to max |a_ij| = 1 first: the decomposition squares entries on the way, so 1e300 would
  // overflow although the eigenvalues (at most n·max |a_ij|) fit. λ(c·A) = c·λ(A).
  const scale = Math.max(...a.map((row) => Math.max(...row.map(Math.abs))));
  const scaled = scale === 0 ? a : a.map((row) => row.map((value) => value / scale));
  const decomposition = new EigenvalueDecomposition(new MlMatrix(scaled));
  const factor = scale === 0 ? 1 : scale;
  const re = decomposition.realEigenvalues.map((value) => value * factor);
  const im = decomposition.imaginaryEigenvalues.map((value) => value * factor);
  assertFiniteResult("the eigenvalues", [...re, ...im], "float64", "the matrix is too large");
  return re
    .map((value, i) => ({ re: value, im: im[i] }))
    .sort((x, y) => Math.hypot(y.re, y.im) - Math.hypot(x.re, x.im) || y.re - x.re || y.im - x.im);
}

/** max |λ| over the eigenvalues λ of `a`. */
export function spectralRadius(a: Matrix): number {
  const largest = eigenvalues(a)[0];
  const radius = Math.hypot(largest.re, largest.im);
  assertFiniteResult("the spectral radius", radius, "float64", "the matrix is too large");
  return radius;
}

/** Which quantity is called λ₁: the ICML text's largest singular value or arXiv v2's eigenvalue. */
const LAMBDA_READINGS = ["singularValue", "eigenvalue"] as const;
export type LambdaReading = (typeof LAMBDA_READINGS)[number];

/**
 * λ₁ of W_rec in the given reading: ‖W‖₂ ("singularValue", ICML 2013, the reading under which
 * eq. (6) holds) or the spectral radius ("eigenvalue", arXiv 1211.5063 v2).
 */
function lambdaOne(wRec: Matrix, reading: LambdaReading): number {
  assertOneOf("reading", reading, LAMBDA_READINGS);
  assertSquare("wRec", wRec);
  return reading === "singularValue" ? spectralNorm(wRec) : spectralRadius(wRec);
}

/**
 * log₁₀ of the bound (λ₁γ)^{distance} of eq. (7) for each distance t − k, with λ₁ = ‖W_rec‖₂ (the
 * reading under which it holds). Logarithms because the bound itself leaves float64 for long
 * distances (3^1000 overflows).
 */
export function productBoundLog10(wRec: Matrix, gamma: number, distances: number[]): number[] {
  assertPositiveNumber("gamma", gamma);
  assertVector("distances", distances);
  distances.forEach((d, i) =>
    assertIntegerIn(`distances[${i}]`, d, 0, Infinity, "a non-negative integer t − k"),
  );
  const perStep = Math.log10(lambdaOne(wRec, "singularValue") * gamma);
  return distances.map((d) => (d === 0 ? 0 : d * perStep));
}

/** The bound (λ₁γ)^{distance} itself (may be 0 or Infinity in float64 for long distances). */
export function productBound(wRec: Matrix, gamma: number, distance: number): number {
  assertInteger("distance", distance);
  return 10 ** productBoundLog10(wRec, gamma, [distance])[0];
}

/**
 * Checks ‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖₂ ≤ (λ₁γ)^{t−k} for measured norms given as log₁₀ values (as
 * `suffixProductNorms` returns them; pass Math.log10 of plain norms otherwise). `relativeTolerance`
 * (default 1e-4) absorbs the float32 rounding of the measured products.
 */
export function checkProductBound(
  log10Norms: number[],
  distances: number[],
  wRec: Matrix,
  gamma: number,
  options: { relativeTolerance?: number } = {},
) {
  if (!Array.isArray(log10Norms) || log10Norms.length === 0) {
    throw new RangeError(
      `log10Norms must be a non-empty array of numbers, got ${String(log10Norms)}`,
    );
  }
  log10Norms.forEach((value, i) => {
    // −Infinity is a legitimate log₁₀ of a product that underflowed to 0; NaN and +∞ are not.
    if (typeof value !== "number" || Number.isNaN(value) || value === Infinity) {
      throw new RangeError(`log10Norms[${i}] must be a number or −Infinity, got ${String(value)}`);
    }
  });
  assertVector("distances", distances, log10Norms.length);
  const { relativeTolerance = 1e-4 } = options;
  assertNonNegativeNumber("relativeTolerance", relativeTolerance);
  const bounds = productBoundLog10(wRec, gamma, distances);
  /** log₁₀(norm) − log₁₀(bound) per entry: ≤ 0 where the bound holds. */
  const log10Excess = log10Norms.map((value, i) => value - bounds[i]);
  const index = log10Excess.reduce(
    (worst, value, i) => (value > log10Excess[worst] ? i : worst),
    0,
  );
  return {
    /** Every measured norm within the bound, up to the relative tolerance. */
    holds: log10Excess.every((value) => value <= Math.log10(1 + relativeTolerance)),
    /** The per-step factor λ₁γ. */
    perStep: spectralNorm(wRec) * gamma,
    log10Excess,
    worst: { index, log10Excess: log10Excess[index] },
  };
}

/**
 * A non-normal matrix [[d, c], [0, d]]: both eigenvalues are d, but ‖W‖₂ grows with the coupling
 * c. The default [[0.5, 3], [0, 0.5]] has spectral radius 0.5 < 1 < ‖W‖₂ ≈ 3.08, so "largest
 * eigenvalue below 1/γ" (arXiv v2 wording, tanh) does not bound the one-step gain, while "largest
 * singular value below 1/γ" (ICML wording) does.
 */
export function nonNormalExample(diagonal = 0.5, coupling = 3): Matrix {
  assertFiniteNumber("diagonal", diagonal);
  assertFiniteNumber("coupling", coupling);
  return [
    [diagonal, coupling],
    [0, diagonal],
  ];
}

/**
 * w scaled so that its λ₁ in `reading` equals `target`: the way to put λ₁ below or above 1/γ
 * while keeping the direction of w.
 */
function rescaleToLambdaOne(w: Matrix, target: number, reading: LambdaReading): Matrix {
  assertPositiveNumber("target", target);
  const current = lambdaOne(w, reading);
  if (!(current > 0)) {
    throw new RangeError(
      `w must have a non-zero ${reading === "singularValue" ? "spectral norm" : "spectral radius"} to be rescaled, got ${current}`,
    );
  }
  return w.map((row) => row.map((value) => value * (target / current)));
}

/** w scaled to spectral norm `target`. */
export function rescaleToSpectralNorm(w: Matrix, target: number): Matrix {
  assertSquare("w", w);
  return rescaleToLambdaOne(w, target, "singularValue");
}

/** A copy of `rnn` whose W_rec is rescaled to λ₁ = target (see `rescaleToLambdaOne`). */
export function withLambdaOne(
  rnn: RNN,
  target: number,
  reading: LambdaReading = "singularValue",
): RNN {
  assertRNN(rnn);
  return createRNN({ ...rnn, wRec: rescaleToLambdaOne(rnn.wRec, target, reading) });
}

/**
 * The per-step gains of section 2.1 for one W and one s = σ′(x⁽ᵏ⁾): ‖J‖₂ for each form (numerator
 * W D and denominator D Wᵀ are equal; paper Wᵀ D is the matrix printed in eq. (5)), and the
 * bound ‖W‖₂ ‖D‖₂ of eq. (6) on all of them.
 */
export type StepGains = Record<JacobianForm, number> & { bound: number };

/**
 * ‖W D‖₂, ‖D Wᵀ‖₂, ‖Wᵀ D‖₂ and ‖W‖₂‖D‖₂ with D = diag(sigmaPrime). For W = [[1,2],[0,1]],
 * D = diag(1, 0.1): 1.0200, 1.0200, 2.2379 and 2.4142 — the bound holds for both, the gains differ.
 */
export function stepGains(wRec: Matrix, sigmaPrime: Vector): StepGains {
  assertWeightsAndDerivative(wRec, sigmaPrime);
  const gains = Object.fromEntries(
    JACOBIAN_FORMS.map((form) => [form, spectralNorm(formMatrix(wRec, sigmaPrime, form))]),
  ) as Record<JacobianForm, number>;
  return { ...gains, bound: spectralNorm(wRec) * Math.max(...sigmaPrime.map(Math.abs)) };
}
