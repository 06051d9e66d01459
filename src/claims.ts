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

function asMatrix(value: Matrix | number): Matrix {
  return typeof value === "number" ? [[value]] : value;
}

function maxAbsGap(a: Matrix | number, b: Matrix | number): number {
  const left = asMatrix(a);
  const right = asMatrix(b);
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
  const expectedShape = shapeText(expected);
  const answerShape = shapeText(answer);
  if (answerShape !== expectedShape) {
    throw new ClaimError(
      `claim failed: ${what} (the answer is ${answerShape}, the expected value is ${expectedShape})`,
    );
  }
  const gap = maxAbsGap(answer, expected);
  if (Number.isFinite(gap) && gap <= tolerance) {
    return `✓ ${what} (max |difference| = ${gap.toExponential(2)} ≤ ${tolerance})`;
  }
  for (const suspect of suspects) {
    const nearSuspect = maxAbsGap(answer, suspect.value);
    // A suspect that equals the expected value cannot explain the error (e.g. a symmetric W).
    if (nearSuspect <= tolerance && maxAbsGap(suspect.value, expected) > tolerance) {
      throw new ClaimError(`claim failed: ${what}: ${suspect.explanation}`);
    }
  }
  throw new ClaimError(
    `claim failed: ${what} (max |difference| from the expected value = ${
      Number.isFinite(gap) ? gap.toExponential(2) : String(gap)
    }, tolerance ${tolerance})`,
  );
}

function shapeText(value: Matrix | number): string {
  if (typeof value === "number") return "a number";
  if (!Array.isArray(value)) return typeof value;
  return `${value.length}×${value[0]?.length ?? 0}`;
}
