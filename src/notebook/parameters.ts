/**
 * The checks a notebook's validation cell makes of the parameters a reader may change (the `let`
 * cell tagged `parameters`). Each returns the value when it is allowed and otherwise stops the
 * notebook with one message naming the parameter, what is allowed and what it got, e.g.
 * "n must be an integer in [1, 12], got 0". The names and messages are the library's own
 * (shared/validate.ts: assertIntegerIn, assertOneOf, assertBoolean); these differ only in
 * returning the value, for `const n = rj.assertIntegerIn("n", N, 1, 12)`, and in throwing a
 * ParameterError, so a student who changes a parameter reads the same kind of message everywhere.
 */
import { describeValue } from "../shared/validate";

export class ParameterError extends RangeError {
  override name = "ParameterError";
}

function assertBounds(name: string, low: number, high: number): void {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new RangeError(
      `the allowed range of ${name} must be finite with low ≤ high, got [${low}, ${high}]`,
    );
  }
}

/** Stops the notebook: "<name> must be <expected>, got <value>", values written as validate.ts does. */
function refuse(name: string, expected: string, value: unknown): never {
  throw new ParameterError(`${name} must be ${expected}, got ${describeValue(value)}`);
}

/** `value` if it is an integer in [low, high]. */
export function assertIntegerIn(name: string, value: unknown, low: number, high: number): number {
  assertBounds(name, low, high);
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    refuse(name, `an integer in [${low}, ${high}]`, value);
  }
  return value;
}

/** `value` if it is a (finite) number in [low, high]. */
export function assertNumberIn(name: string, value: unknown, low: number, high: number): number {
  assertBounds(name, low, high);
  // NaN fails both comparisons, so it is refused too.
  if (typeof value !== "number" || !(value >= low && value <= high)) {
    refuse(name, `a number in [${low}, ${high}]`, value);
  }
  return value;
}

/** `value` if it is one of `options`. */
export function assertOneOf<T extends string>(
  name: string,
  value: unknown,
  options: readonly T[],
): T {
  if (options.length === 0) throw new RangeError(`the options of ${name} must not be empty`);
  if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
    refuse(name, `one of ${options.join(", ")}`, value);
  }
  return value as T;
}

/** `value` if it is true or false. */
export function assertBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") refuse(name, "true or false", value);
  return value;
}
