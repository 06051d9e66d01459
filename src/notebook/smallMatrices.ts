/**
 * Plain float64 arithmetic on small dense matrices for notebook cells that build a product
 * themselves (notebook 5 multiplies the printed and the true factors in denominator order) and
 * bound its rounding. Each function checks its arguments' shapes and names them in its error.
 */
import { Matrix, Vector } from "../shared/validate";

function checkMatrix(name: string, m: unknown): asserts m is Matrix {
  const ok =
    Array.isArray(m) &&
    m.length > 0 &&
    m.every(
      (row) =>
        Array.isArray(row) &&
        row.length === (m[0] as unknown[]).length &&
        row.length > 0 &&
        row.every((v) => typeof v === "number" && !Number.isNaN(v)),
    );
  if (!ok) throw new RangeError(`${name} must be a non-empty rectangular matrix of numbers`);
}

function checkLength(name: string, v: Vector, length: number, what: string): void {
  if (v.length !== length) {
    throw new RangeError(`${name} has ${v.length} entries, ${what} needs ${length}`);
  }
}

/** The n×n identity. */
export function identityMatrix(n: number): Matrix {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => +(r === c)));
}

/** A B, entry (r, c) = Σ_l A_rl B_lc. */
export function matrixProduct(a: Matrix, b: Matrix): Matrix {
  checkMatrix("a", a);
  checkMatrix("b", b);
  if (a[0].length !== b.length) {
    throw new RangeError(`a is ${a.length}×${a[0].length} and b is ${b.length}×${b[0].length}`);
  }
  return a.map((row) => b[0].map((_, c) => row.reduce((sum, v, l) => sum + v * b[l][c], 0)));
}

/** M v for a column v. */
export function matrixTimesVector(m: Matrix, v: Vector): Vector {
  checkMatrix("m", m);
  checkLength("v", v, m[0].length, `m (${m.length}×${m[0].length})`);
  return m.map((row) => row.reduce((sum, x, c) => sum + x * v[c], 0));
}

/** diag(s) M: row r scaled by s_r. */
export function diagTimes(s: Vector, m: Matrix): Matrix {
  checkMatrix("m", m);
  checkLength("s", s, m.length, `diag(s) M with m ${m.length}×${m[0].length}`);
  return m.map((row, r) => row.map((v) => v * s[r]));
}

/** M diag(s): column c scaled by s_c. */
export function timesDiag(m: Matrix, s: Vector): Matrix {
  checkMatrix("m", m);
  checkLength("s", s, m[0].length, `M diag(s) with m ${m.length}×${m[0].length}`);
  return m.map((row) => row.map((v, c) => v * s[c]));
}

/** |M|, entry by entry. */
export function absoluteMatrix(m: Matrix): Matrix {
  checkMatrix("m", m);
  return m.map((row) => row.map(Math.abs));
}

/** Mᵏ for k ≥ 1. */
export function matrixPower(m: Matrix, k: number): Matrix {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  let power = m;
  for (let i = 1; i < k; i++) power = matrixProduct(power, m);
  return power;
}

/** tr M = Σ M_rr of a square matrix. */
export function matrixTrace(m: Matrix): number {
  checkMatrix("m", m);
  if (m.length !== m[0].length)
    throw new RangeError(`m must be square, got ${m.length}×${m[0].length}`);
  return m.reduce((sum, row, r) => sum + row[r], 0);
}

/**
 * max over entries of |a − b| / scale, the gap measured in units of a per-entry scale (such as
 * a rounding bound); an entry whose scale is 0 counts only if a and b differ there (then ∞).
 */
export function worstScaledGap(a: Matrix, b: Matrix, scale: Matrix): number {
  for (const [name, m] of [
    ["a", a],
    ["b", b],
    ["scale", scale],
  ] as const)
    checkMatrix(name, m);
  if (b.length !== a.length || scale.length !== a.length || b[0].length !== a[0].length) {
    throw new RangeError("a, b and scale must have the same shape");
  }
  let worst = 0;
  a.forEach((row, r) =>
    row.forEach((v, c) => {
      const gap = Math.abs(v - b[r][c]);
      if (gap > 0) worst = Math.max(worst, gap / scale[r][c]);
    }),
  );
  return worst;
}
