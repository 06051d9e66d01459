/**
 * Claims a notebook cell makes, checked where they are shown: a wrong claim throws and stops the
 * notebook with a message saying what was claimed and what was measured. A claim that holds
 * returns a one-line "✓ …" record the cell can print, so the reader sees the check happen.
 */
import { compareMatrices } from "./compare";
import { Matrix } from "./validate";

export class ClaimError extends Error {
  override name = "ClaimError";
}

/** Throws ClaimError(`claim failed: ${what} (${detail})`) unless `holds`. */
export function claim(what: string, holds: boolean, detail = ""): string {
  if (!holds) {
    throw new ClaimError(`claim failed: ${what}${detail ? ` (${detail})` : ""}`);
  }
  return `✓ ${what}${detail ? ` (${detail})` : ""}`;
}

/** Claims |a − b| ≤ tolerance for two numbers. */
export function claimClose(what: string, a: number, b: number, tolerance: number): string {
  const gap = Math.abs(a - b);
  return claim(
    what,
    Number.isFinite(gap) && gap <= tolerance,
    `|difference| = ${gap.toExponential(2)} ≤ ${tolerance}`,
  );
}

/** Claims two matrices agree element-wise within `tolerance` (max absolute difference). */
export function claimMatricesClose(
  what: string,
  actual: Matrix,
  expected: Matrix,
  tolerance: number,
): string {
  const { maxAbs } = compareMatrices(actual, expected);
  return claim(
    what,
    maxAbs <= tolerance,
    `max |difference| = ${maxAbs.toExponential(2)}, tolerance ${tolerance.toExponential(0)}`,
  );
}

/** Claims two matrices differ: some element differs by more than `atLeast`. */
export function claimMatricesDiffer(
  what: string,
  actual: Matrix,
  expected: Matrix,
  atLeast: number,
): string {
  const { maxAbs } = compareMatrices(actual, expected);
  return claim(
    what,
    maxAbs > atLeast,
    `max |difference| = ${maxAbs.toExponential(2)} > ${atLeast.toExponential(0)}`,
  );
}
