/**
 * The public linear algebra, in float64: the transpose and the norms (Euclidean, Frobenius,
 * spectral by ml-matrix's SVD; tfjs has no SVD). Each checks its argument.
 */
import { Matrix as MlMatrix, SingularValueDecomposition } from "ml-matrix";
import { transpose } from "../core/linalg";
import { Matrix, assertMatrix } from "../shared/validate";

/** The transpose of a matrix: to read a numerator-layout Jacobian in denominator layout. */
export function transposeMatrix(matrix: Matrix): Matrix {
  assertMatrix("matrix", matrix);
  return transpose(matrix);
}

/**
 * sqrt(Σ v²) of a list of numbers, computed with scaling so that huge or tiny entries do not
 * overflow or underflow: the one Euclidean norm behind ‖a‖_F, ‖∂E/∂x⁽ᵏ⁾‖ and clipping's ‖ĝ‖.
 */
export function euclideanNorm(values: readonly number[]): number {
  let scale = 0;
  for (const value of values) scale = Math.max(scale, Math.abs(value));
  if (scale === 0) return 0;
  let sum = 0;
  for (const value of values) sum += (value / scale) ** 2;
  return scale * Math.sqrt(sum);
}

/** ‖a‖_F = sqrt(Σ a_ij²), with the scaling of `euclideanNorm`. */
export function frobeniusNorm(a: Matrix): number {
  assertMatrix("a", a);
  return euclideanNorm(a.flat());
}

/** ‖a‖₂, the largest singular value of `a` (any r×c matrix). */
export function spectralNorm(a: Matrix): number {
  assertMatrix("a", a);
  const svd = new SingularValueDecomposition(new MlMatrix(a), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return Math.max(...svd.diagonal);
}
