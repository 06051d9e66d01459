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

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  return JSON.stringify(value) ?? String(value);
}

export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${describe(value)}`);
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

export function assertPositiveInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${describe(value)}`);
  }
}

export function assertInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new RangeError(`${name} must be an integer, got ${describe(value)}`);
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
  if (value.length === 0) {
    throw new RangeError(`${name} must not be empty`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must have length ${length}, got length ${value.length}`);
  }
  value.forEach((entry, i) => {
    if (typeof entry !== "number" || !Number.isFinite(entry)) {
      throw new RangeError(`${name}[${i}] must be a finite number, got ${describe(entry)}`);
    }
  });
}

/** A rectangular, non-empty matrix of finite numbers, of the given shape when one is given. */
export function assertMatrix(
  name: string,
  value: unknown,
  rows?: number,
  cols?: number,
): asserts value is Matrix {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(
      `${name} must be a non-empty matrix (array of rows), got ${shapeOf(value)}`,
    );
  }
  if (!value.every((row) => Array.isArray(row))) {
    throw new TypeError(`${name} must be an array of rows, got ${shapeOf(value)}`);
  }
  const width = (value[0] as unknown[]).length;
  if (width === 0 || !value.every((row) => (row as unknown[]).length === width)) {
    throw new RangeError(`${name} must be rectangular and non-empty, got ${shapeOf(value)}`);
  }
  if ((rows !== undefined && value.length !== rows) || (cols !== undefined && width !== cols)) {
    const want = `${rows ?? "any"}×${cols ?? "any"}`;
    throw new RangeError(`${name} must be ${want}, got ${shapeOf(value)}`);
  }
  value.forEach((row, i) =>
    (row as unknown[]).forEach((entry, j) => {
      if (typeof entry !== "number" || !Number.isFinite(entry)) {
        throw new RangeError(`${name}[${i}][${j}] must be a finite number, got ${describe(entry)}`);
      }
    }),
  );
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

/** An index in [0, size): used for neuron indices and time steps. */
export function assertIndex(name: string, value: unknown, size: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= size) {
    throw new RangeError(`${name} must be an integer in [0, ${size - 1}], got ${describe(value)}`);
  }
}

export function assertOneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.join(", ")}, got ${describe(value)}`);
  }
}

/** The seeds the generators honour: 32-bit unsigned integers (random.ts keeps 32 bits of state). */
export const SEED_MAX = 2 ** 32 - 1;

/** An integer seed in [0, max] (default 2³² − 1): beyond it a seed would alias another one. */
export function assertSeed(name: string, value: unknown, max = SEED_MAX): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer in [0, ${max}], got ${describe(value)}`);
  }
}

/**
 * Refuses work that would hold `numbers` float64 values at once when they cannot fit in the
 * JavaScript heap (each number in a plain array costs 8 bytes or more; half the heap is left for
 * everything else), naming what was asked for.
 */
export function assertFitsInMemory(what: string, numbers: number): void {
  const available = getHeapStatistics().heap_size_limit / 2;
  const needed = numbers * 8;
  if (!(needed <= available)) {
    throw new RangeError(
      `${what} needs about ${formatBytes(needed)}, more than the ${formatBytes(available)} ` +
        "this process can hold: choose a smaller size",
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}
