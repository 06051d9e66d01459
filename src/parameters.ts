/**
 * The checks a notebook's validation cell makes of the parameters a reader may change (the `let`
 * cell tagged `parameters`). Each returns the value when it is allowed and otherwise stops the
 * notebook with one message naming the parameter, what is allowed and what it got, e.g.
 * "n must be an integer in [1, 12], got 0". One vocabulary for every notebook, so a student who
 * changes a parameter in any of them reads the same kind of message.
 */
export class ParameterError extends RangeError {
  override name = "ParameterError";
}

function checkBounds(name: string, low: number, high: number): void {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new RangeError(
      `the allowed range of ${name} must be finite with low ≤ high, got [${low}, ${high}]`,
    );
  }
}

function got(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `value` if it is an integer in [low, high]. */
export function requireInteger(name: string, value: unknown, low: number, high: number): number {
  checkBounds(name, low, high);
  if (typeof value !== "number" || !Number.isInteger(value) || value < low || value > high) {
    throw new ParameterError(`${name} must be an integer in [${low}, ${high}], got ${got(value)}`);
  }
  return value;
}

/** `value` if it is a (finite) number in [low, high]. */
export function requireNumber(name: string, value: unknown, low: number, high: number): number {
  checkBounds(name, low, high);
  // NaN fails both comparisons, so it is refused too.
  if (typeof value !== "number" || !(value >= low && value <= high)) {
    throw new ParameterError(`${name} must be a number in [${low}, ${high}], got ${got(value)}`);
  }
  return value;
}

/** `value` if it is one of `options`. */
export function requireOneOf<T extends string>(
  name: string,
  value: unknown,
  options: readonly T[],
): T {
  if (options.length === 0) throw new RangeError(`the options of ${name} must not be empty`);
  if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
    throw new ParameterError(`${name} must be one of ${options.join(", ")}, got ${got(value)}`);
  }
  return value as T;
}

/** `value` if it is true or false. */
export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ParameterError(`${name} must be true or false, got ${got(value)}`);
  }
  return value;
}
