/**
 * Claims a notebook cell makes, checked where they are shown: a wrong claim throws and stops the
 * notebook with a message saying what was claimed and what was measured. A claim that holds
 * returns a one-line "✓ …" record the cell can print, so the reader sees the check happen.
 */
import { compareMatrices } from "../shared/compare";
import { Matrix, shapeOf } from "../shared/validate";

export class ClaimError extends Error {
  override name = "ClaimError";
}

/** Returns "✓ what (detail)"; throws ClaimError("claim failed: what (detail)") unless `holds`. */
export function claim(what: string, holds: boolean, detail = ""): string {
  const text = `${what}${detail ? ` (${detail})` : ""}`;
  if (!holds) throw new ClaimError(`claim failed: ${text}`);
  return `✓ ${text}`;
}

/** Claims |a − b| ≤ tolerance for two numbers. */
export function claimClose(what: string, a: number, b: number, tolerance: number): string {
  const gap = Math.abs(a - b);
  const holds = Number.isFinite(gap) && gap <= tolerance;
  // The relation printed is the one measured, so a failure never reads "≤ tolerance".
  return claim(
    what,
    holds,
    `|difference| = ${gap.toExponential(2)} ${holds ? "≤" : ">"} ${tolerance}`,
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
  const holds = maxAbs > atLeast;
  const relation = holds ? ">" : "≤";
  return claim(
    what,
    holds,
    `max |difference| = ${maxAbs.toExponential(2)} ${relation} ${atLeast.toExponential(0)}`,
  );
}

/** A typical wrong answer a check recognises: its value, and what to tell the student. */
export interface SuspectAnswer {
  /** The wrong answer, computed in the checking cell (e.g. with the transposed W). */
  value: Matrix | number;
  /** What is wrong when the answer equals this suspect, e.g. "it uses W_kj, the weight of the reversed edge". */
  explanation: string;
}

const shapeText = (value: Matrix | number) =>
  typeof value === "number" ? "a number" : shapeOf(value);

/** max |a − b| over the entries, Infinity when the shapes differ (a number is a 1×1 matrix). */
function maxAbsGap(a: Matrix | number, b: Matrix | number): number {
  const [left, right] = [a, b].map((v) => (typeof v === "number" ? [[v]] : v));
  if (left.length !== right.length || left.some((row, r) => row.length !== right[r].length)) {
    return Infinity;
  }
  return compareMatrices(left, right).maxAbs;
}

/**
 * Checks a student's (or the notebook's own) answer against the expected value, within `tolerance`
 * (max absolute difference). When it is wrong, the message says how: it names the first suspect
 * (a typical wrong answer the cell computed) that the answer matches, or else reports the size
 * of the error and the answer's shape. Exercises use this so that a transposed W, σ′ on the wrong
 * neuron or a product in the wrong order is reported as such, not as a bare "claim failed".
 */
export function claimAnswer(
  what: string,
  answer: Matrix | number,
  expected: Matrix | number,
  tolerance: number,
  suspects: readonly SuspectAnswer[] = [],
): string {
  const [answerShape, expectedShape] = [shapeText(answer), shapeText(expected)];
  if (answerShape !== expectedShape) {
    claim(what, false, `the answer is ${answerShape}, the expected value is ${expectedShape}`);
  }
  const gap = maxAbsGap(answer, expected);
  if (Number.isFinite(gap) && gap <= tolerance) {
    return claim(what, true, `max |difference| = ${gap.toExponential(2)} ≤ ${tolerance}`);
  }
  for (const suspect of suspects) {
    // A suspect that equals the expected value cannot explain the error (e.g. a symmetric W).
    if (
      maxAbsGap(answer, suspect.value) <= tolerance &&
      maxAbsGap(suspect.value, expected) > tolerance
    ) {
      throw new ClaimError(`claim failed: ${what}: ${suspect.explanation}`);
    }
  }
  const size = Number.isFinite(gap) ? gap.toExponential(2) : String(gap);
  return claim(
    what,
    false,
    `max |difference| from the expected value = ${size}, tolerance ${tolerance}`,
  );
}
