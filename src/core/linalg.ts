/**
 * The linear algebra the core needs, in float64: products of small dense matrices, the transpose,
 * and the norms (Euclidean, Frobenius, spectral by ml-matrix's SVD; tfjs has no SVD).
 * `transpose`, `multiply` and `scaleColumns` are unchecked (the core calls them on matrices it
 * has checked); the norms and `transposeMatrix` are public and check their argument.
 */
import { Matrix as MlMatrix, SingularValueDecomposition } from "ml-matrix";
import { Matrix, Vector, assertMatrix } from "../shared/validate";

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  return a[0].map((_, c) => a.map((row) => row[c]));
}

/** A diag(s): column c scaled by s_c. */
export function scaleColumns(a: Matrix, s: Vector): Matrix {
  return a.map((row) => row.map((value, c) => value * s[c]));
}

/** A B for n×n matrices. */
export function multiply(a: Matrix, b: Matrix): Matrix {
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
