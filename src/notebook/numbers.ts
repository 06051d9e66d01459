/**
 * The small numeric helpers the notebooks' cells share, so that no cell re-types them: the
 * largest absolute entry, a tolerance rounded for printing, and the neuron indices 0 … n − 1.
 */

/** max |v| over a list of numbers or the entries of a matrix; 0 for an empty list. */
export function maxAbs(values: readonly number[] | readonly (readonly number[])[]): number {
  let largest = 0;
  for (const item of values) {
    const entries = typeof item === "number" ? [item] : item;
    for (const value of entries) {
      if (Number.isNaN(value)) throw new RangeError("maxAbs: values must not hold NaN");
      largest = Math.max(largest, Math.abs(value));
    }
  }
  return largest;
}

/**
 * A tolerance rounded to two significant digits, so that a claim's message reads "≤ 1.2e-5"
 * rather than "≤ 1.2345678e-5". Rounding moves it by at most 0.5 % either way.
 */
export function rounded(tolerance: number): number {
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(`rounded: tolerance must be a finite number ≥ 0, got ${tolerance}`);
  }
  return Number(tolerance.toPrecision(2));
}

/** The neuron indices 0, 1, …, n − 1 (arrays count from 0; the text counts from 1). */
export function neurons(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`neurons: n must be an integer ≥ 0, got ${n}`);
  }
  return Array.from({ length: n }, (_, k) => k);
}
