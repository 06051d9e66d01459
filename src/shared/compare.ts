/**
 * Comparing two matrices entry by entry: the helper every check in this project reports through
 * (the core against autodiff and finite differences, float32 against float64).
 */
import { Matrix, assertFiniteResult, assertNonNegativeNumber, assertSameShape } from "./validate";

/** The floor under the scale of a relative error, so a zero `expected` gives a finite number. */
export const RELATIVE_SCALE_FLOOR = 1e-300;

export interface MatrixComparison {
  /** actual − expected, entry by entry. */
  difference: Matrix;
  /** max over entries of |actual − expected|. */
  maxAbs: number;
  /**
   * maxAbs / max|expected| (at least RELATIVE_SCALE_FLOOR): the largest error relative to the
   * largest expected entry. A per-entry ratio would blow up on entries that are zero or nearly
   * so (σ′ of a saturated or dead neuron), which say nothing about the precision of the rest.
   */
  maxRel: number;
}

/** Compares `actual` with `expected` of the same shape (no broadcasting; throws naming both). */
export function compareMatrices(actual: Matrix, expected: Matrix): MatrixComparison {
  assertSameShape("actual", actual, "expected", expected);
  let maxAbs = 0;
  let scale = 0;
  const difference = actual.map((row, r) =>
    row.map((value, c) => {
      const delta = value - expected[r][c];
      maxAbs = Math.max(maxAbs, Math.abs(delta));
      scale = Math.max(scale, Math.abs(expected[r][c]));
      return delta;
    }),
  );
  // Finite entries can still differ by more than float64 holds (1e308 against −1e308): an
  // infinite maxAbs would make every "the matrices differ" check pass, so it is refused.
  assertFiniteResult(
    "actual − expected",
    difference,
    "float64",
    "the matrices are too large to compare; scale both down first",
  );
  return { difference, maxAbs, maxRel: maxAbs / Math.max(scale, RELATIVE_SCALE_FLOOR) };
}

/**
 * How close two matrices must be: maxRel ≤ relative or maxAbs ≤ absolute (0 when only the
 * relative bound counts). The absolute bound is a floor for matrices whose entries are all tiny,
 * where rounding errors of the computation (not of the result) dominate the relative error.
 */
export interface MatrixTolerance {
  relative: number;
  absolute: number;
}

export function withinTolerance(comparison: MatrixComparison, tolerance: MatrixTolerance): boolean {
  if (typeof comparison !== "object" || comparison === null) {
    throw new TypeError(
      `comparison must be a result of compareMatrices, got ${String(comparison)}`,
    );
  }
  if (typeof tolerance !== "object" || tolerance === null) {
    throw new TypeError(
      `tolerance must be an object {relative, absolute}, got ${String(tolerance)}`,
    );
  }
  // A NaN or negative bound would make every comparison fail (or, NaN in maxRel, pass): refuse it.
  assertNonNegativeNumber("tolerance.relative", tolerance.relative);
  assertNonNegativeNumber("tolerance.absolute", tolerance.absolute);
  assertNonNegativeNumber("comparison.maxRel", comparison.maxRel);
  assertNonNegativeNumber("comparison.maxAbs", comparison.maxAbs);
  return comparison.maxRel <= tolerance.relative || comparison.maxAbs <= tolerance.absolute;
}
