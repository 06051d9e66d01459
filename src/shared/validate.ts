/**
 * Input checks shared by every public function. Each throws before any work is done, with a
 * message that names the argument and the shapes or values involved, so a caller never gets a
 * silent broadcast or a NaN further down.
 */
import { getHeapStatistics } from "node:v8";

export type Matrix = number[][];
export type Vector = number[];

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

/** Every entry of a vector or row is a finite number; `name` is the array's name. */
function assertFiniteEntries(name: string, values: unknown[]): void {
  values.forEach((entry, i) => assertFiniteNumber(`${name}[${i}]`, entry));
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
  if (!value.every((row) => Array.isArray(row))) {
    throw new TypeError(`${name} must be an array of rows, got ${shapeOf(value)}`);
  }
  const rows = value as unknown[][];
  if (rows[0].length === 0 || !rows.every((row) => row.length === rows[0].length)) {
    throw new RangeError(`${name} must be rectangular and non-empty, got ${shapeOf(value)}`);
  }
  rows.forEach((row, i) => assertFiniteEntries(`${name}[${i}]`, row));
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

/**
 * Refuses work that would hold `numbers` float64 values at once (8 bytes or more each) when they
 * cannot fit in half the JavaScript heap, naming what was asked for.
 */
export function assertFitsInMemory(what: string, numbers: number): void {
  const bytes = (b: number) =>
    b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(0)} MB`;
  const [needed, available] = [numbers * 8, getHeapStatistics().heap_size_limit / 2];
  if (!(needed <= available)) {
    throw new RangeError(
      `${what} needs about ${bytes(needed)}, more than the ${bytes(available)} ` +
        "this process can hold: choose a smaller size",
    );
  }
}
