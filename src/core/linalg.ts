/** The three small loops of linear algebra the core needs, on n×n float64 matrices. */
import { Matrix, Vector } from "../shared/matrix";

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
