/**
 * Input checks shared by every public function. Each throws before any work is done, with a
 * message that names the argument and the shapes or values involved, so a caller never gets a
 * silent broadcast or a NaN further down.
 */
import { getHeapStatistics } from "node:v8";

import { Matrix, Vector } from "./matrix";

export type { Matrix, Vector };

/** "2×3" for a matrix, "[4]" for a vector: how shapes are written in messages. */
export function shapeOf(value: unknown): string {
  if (!Array.isArray(value)) return typeof value;
  if (value.length > 0 && Array.isArray(value[0])) {
    const widths = new Set(value.map((row) => (Array.isArray(row) ? row.length : -1)));
    if (widths.size === 1) return `${value.length}×${value[0].length}`;
    return `${value.length} rows of lengths [${[...widths].join(", ")}]`;
  }
  return `[${value.length}]`;
}

/** How a refused value is written in messages: numbers as they are, the rest as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  return JSON.stringify(value) ?? String(value);
}

export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${describeValue(value)}`);
  }
}

export function assertPositiveNumber(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
}

export function assertNonNegativeNumber(name: string, value: unknown): asserts value is number {
  assertFiniteNumber(name, value);
  if (value < 0) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
}

/** An integer in [min, max]; the message says `what` is expected, by default the range. */
export function assertIntegerIn(
  name: string,
  value: unknown,
  min: number,
  max: number,
  what = `an integer in [${min}, ${max}]`,
): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be ${what}, got ${describeValue(value)}`);
  }
}

export function assertPositiveInteger(name: string, value: unknown): asserts value is number {
  assertIntegerIn(name, value, 1, Infinity, "a positive integer");
}

export function assertInteger(name: string, value: unknown): asserts value is number {
  assertIntegerIn(name, value, -Infinity, Infinity, "an integer");
}

/** An index in [0, size): used for neuron indices and time steps. */
export function assertIndex(name: string, value: unknown, size: number): asserts value is number {
  assertIntegerIn(name, value, 0, size - 1);
}

/**
 * An integer seed in [0, max], by default [0, 2³² − 1]: random.ts keeps 32 bits of state, so a
 * larger seed would alias another one.
 */
export function assertSeed(
  name: string,
  value: unknown,
  max = 2 ** 32 - 1,
): asserts value is number {
  assertIntegerIn(name, value, 0, max);
}

/**
 * An options object holding only the `known` keys (each may be missing): a misspelled option
 * (`step` for `steps`) is refused, naming the known ones, instead of being silently ignored.
 */
export function assertOptions(
  name: string,
  value: unknown,
  known: readonly string[],
): asserts value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${name} must be an object with keys among ${known.join(", ")}, got ${describeValue(value)}`,
    );
  }
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new RangeError(
      `${name} has unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; ` +
        `the known keys are ${known.join(", ")}`,
    );
  }
}

/** true or false, nothing else (not the string "false", which is truthy). */
export function assertBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`${name} must be true or false, got ${describeValue(value)}`);
  }
}

/** The name of a random stream (random.ts): a non-empty string. */
export function assertStreamName(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(
      `${name} must be a non-empty string naming a random stream, got ${describeValue(value)}`,
    );
  }
}

export function assertOneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(
      `${name} must be one of ${allowed.join(", ")}, got ${describeValue(value)}`,
    );
  }
}

/**
 * Every entry of a vector or row is a finite number; `name` is the array's name. A plain loop, so
 * that a hole of a sparse array ([1, , 3]) is seen as undefined and refused (forEach skips it).
 */
function assertFiniteEntries(name: string, values: unknown[]): void {
  for (let i = 0; i < values.length; i++) assertFiniteNumber(`${name}[${i}]`, values[i]);
}

/**
 * A computed result is finite: every number of `values` (a number, a vector or a matrix), else a
 * RangeError naming `what`, the first bad entry, and `why` (the inputs are too large for `range`).
 */
export function assertFiniteResult(
  what: string,
  values: number | readonly number[] | readonly (readonly number[])[],
  range: "float64" | "float32" = "float64",
  why = "the weights, inputs or number of steps are too large for this network",
): void {
  const check = (value: number, where: string) => {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${what} left ${range}'s range (${where}is ${value}): ${why}`);
    }
  };
  if (typeof values === "number") return check(values, "");
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    if (typeof row === "number") check(row, `entry ${i} `);
    else for (let j = 0; j < row.length; j++) check(row[j], `entry (${i}, ${j}) `);
  }
}

/** A non-empty array of finite numbers, of the given length when one is given. */
export function assertVector(
  name: string,
  value: unknown,
  length?: number,
): asserts value is Vector {
  if (!Array.isArray(value) || value.some((entry) => Array.isArray(entry))) {
    throw new TypeError(`${name} must be an array of numbers, got ${shapeOf(value)}`);
  }
  if (value.length === 0) throw new RangeError(`${name} must not be empty`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got length ${value.length}`);
  }
  assertFiniteEntries(name, value);
}

/** A vector of one entry per neuron: length n, the size of W_rec. */
export function assertLengthN(name: string, value: unknown, n: number): asserts value is Vector {
  assertVector(name, value);
  if (value.length !== n) {
    throw new RangeError(
      `${name} must have length n = ${n} (wRec is ${n}×${n}), got ${value.length}`,
    );
  }
}

/** A rectangular, non-empty matrix of finite numbers. */
export function assertMatrix(name: string, value: unknown): asserts value is Matrix {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(
      `${name} must be a non-empty matrix (array of rows), got ${shapeOf(value)}`,
    );
  }
  // A loop, not every(): every() skips the holes of a sparse array of rows.
  for (let i = 0; i < value.length; i++) {
    if (!Array.isArray(value[i])) {
      throw new TypeError(
        `${name} must be an array of rows, got ${shapeOf(value)} (row ${i} is ${describeValue(value[i])})`,
      );
    }
  }
  const rows = value as unknown[][];
  if (rows[0].length === 0 || !rows.every((row) => row.length === rows[0].length)) {
    throw new RangeError(`${name} must be rectangular and non-empty, got ${shapeOf(value)}`);
  }
  for (let i = 0; i < rows.length; i++) assertFiniteEntries(`${name}[${i}]`, rows[i]);
}

/** Two matrices of one shape (no broadcasting); the message names both shapes. */
export function assertSameShape(nameA: string, a: unknown, nameB: string, b: unknown): void {
  assertMatrix(nameA, a);
  assertMatrix(nameB, b);
  if (a.length !== b.length || a[0].length !== b[0].length) {
    throw new RangeError(
      `${nameA} and ${nameB} must have the same shape, got ${nameA} ${shapeOf(a)} and ${nameB} ${shapeOf(b)}`,
    );
  }
}

/** A square matrix; returns its size n. */
export function assertSquare(name: string, value: unknown): number {
  assertMatrix(name, value);
  if (value.length !== value[0].length) {
    throw new RangeError(`${name} must be square, got ${shapeOf(value)}`);
  }
  return value.length;
}

/** Refused because it would not fit in memory: a request to make smaller, not a failure. */
export class TooLargeError extends RangeError {}

/** Whether `numbers` float64 values (8 bytes or more each) fit in half the JavaScript heap. */
export function fitsInMemory(numbers: number): boolean {
  return numbers * 8 <= getHeapStatistics().heap_size_limit / 2;
}

/**
 * Refuses work that would hold `numbers` float64 values at once (8 bytes or more each) when they
 * cannot fit in half the JavaScript heap, naming what was asked for.
 */
export function assertFitsInMemory(what: string, numbers: number): void {
  const bytes = (b: number) =>
    b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(0)} MB`;
  const [needed, available] = [numbers * 8, getHeapStatistics().heap_size_limit / 2];
  if (!fitsInMemory(numbers)) {
    throw new TooLargeError(
      `${what} needs about ${bytes(needed)}, more than the ${bytes(available)} ` +
        "this process can hold: choose a smaller size",
    );
  }
}
