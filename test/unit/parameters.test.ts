import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ParameterError,
  assertBoolean,
  assertIntegerIn,
  assertNumberIn,
  assertOneOf,
} from "../../src/notebook/parameters";

describe("parameter checks (the notebooks' validation cells)", () => {
  it("return an allowed value unchanged, including the ends of the range", () => {
    assert.equal(assertIntegerIn("n", 1, 1, 12), 1);
    assert.equal(assertIntegerIn("n", 12, 1, 12), 12);
    assert.equal(assertNumberIn("gain", 0.5, 0.5, 3), 0.5);
    assert.equal(assertNumberIn("gain", 3, 0.5, 3), 3);
    assert.equal(assertOneOf("activation", "tanh", ["tanh", "sigmoid"]), "tanh");
    assert.equal(assertBoolean("recompute", false), false);
  });

  it("refuse a value outside the range, naming the parameter, the range and the value", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => assertIntegerIn("n", 0, 1, 12), "n must be an integer in [1, 12], got 0"],
      [() => assertIntegerIn("n", 13, 1, 12), "n must be an integer in [1, 12], got 13"],
      [() => assertIntegerIn("seed", 1.5, 0, 10), "seed must be an integer in [0, 10], got 1.5"],
      [() => assertIntegerIn("seed", "3", 0, 10), 'seed must be an integer in [0, 10], got "3"'],
      [() => assertNumberIn("gain", 5, 0.5, 3), "gain must be a number in [0.5, 3], got 5"],
      [() => assertNumberIn("gain", NaN, 0.5, 3), "gain must be a number in [0.5, 3], got NaN"],
      [() => assertNumberIn("gain", "1", 0.5, 3), 'gain must be a number in [0.5, 3], got "1"'],
      [
        () => assertOneOf("activation", "relu", ["tanh", "sigmoid"]),
        'activation must be one of tanh, sigmoid, got "relu"',
      ],
      [() => assertBoolean("recompute", 1), "recompute must be true or false, got 1"],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof ParameterError, `${message}: a ParameterError`);
        assert.equal((error as Error).message, message);
        return true;
      });
    }
  });

  it("refuse a malformed range or an empty list of options (a notebook's own mistake)", () => {
    assert.throws(() => assertIntegerIn("n", 1, 5, 1), /allowed range of n .* got \[5, 1\]/);
    assert.throws(() => assertNumberIn("x", 1, 0, Infinity), /allowed range of x/);
    assert.throws(() => assertOneOf("activation", "tanh", []), /options of activation/);
  });
});
