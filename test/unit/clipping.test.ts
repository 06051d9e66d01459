import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { clipGradients } from "../../src/consequences/clipping";

describe("clipping: Algorithm 1 as printed (global norm, ‖ĝ‖ ≥ threshold)", () => {
  const gradients = {
    w: [
      [3, 0],
      [0, 0],
    ],
    b: [0, 4],
  };

  it("takes the norm over all parameters together", () => {
    assert.equal(clipGradients(gradients, 10).norm, 5);
    assert.equal(clipGradients([[[1e200]], [1e200]], 1).norm, Math.SQRT2 * 1e200);
  });

  it("rescales to the threshold when the norm is above it, keeping the direction", () => {
    const result = clipGradients(gradients, 1);
    assert.equal(result.clipped, true);
    assert.equal(result.norm, 5);
    assert.equal(result.scale, 0.2);
    assert.deepEqual(result.gradients, {
      w: [
        [0.6000000000000001, 0],
        [0, 0],
      ],
      b: [0, 0.8],
    });
    assert.ok(Math.abs(clipGradients(result.gradients, 10).norm - 1) < 1e-15);
    assert.deepEqual(
      gradients.w,
      [
        [3, 0],
        [0, 0],
      ],
      "the input is not modified",
    );
  });

  it("fires at equality (≥), where the factor is exactly 1", () => {
    const result = clipGradients(gradients, 5);
    assert.equal(result.clipped, true);
    assert.equal(result.scale, 1);
    assert.deepEqual(result.gradients, gradients);
  });

  it("leaves a norm below the threshold alone, including zero gradients", () => {
    const result = clipGradients(gradients, 5.000001);
    assert.equal(result.clipped, false);
    assert.equal(result.scale, 1);
    assert.deepEqual(result.gradients, gradients);
    assert.equal(clipGradients({ b: [0, 0] }, 1).clipped, false);
  });

  it("accepts a list of gradients and returns a list", () => {
    const result = clipGradients([[6, 8], [[0]]], 5);
    assert.deepEqual(result.gradients, [[3, 4], [[0]]]);
  });

  it("rejects bad input with messages that name the argument", () => {
    assert.throws(() => clipGradients(gradients, 0), /threshold must be a positive number, got 0/);
    assert.throws(() => clipGradients(gradients, -1), /threshold must be a positive number/);
    assert.throws(() => clipGradients(gradients, Number.NaN), /threshold must be a finite number/);
    assert.throws(() => clipGradients({}, 1), /gradients must hold at least one gradient/);
    assert.throws(
      () => clipGradients({ w: 3 } as never, 1),
      /gradients.w must be a matrix or a vector/,
    );
    assert.throws(
      () => clipGradients({ b: [1, Number.NaN] }, 1),
      /gradients.b\[1\] must be a finite number/,
    );
    assert.throws(() => clipGradients({ w: [[1], [1, 2]] }, 1), /gradients.w must be rectangular/);
    assert.throws(() => clipGradients(null as never, 1), /gradients must be a record or array/);
    assert.throws(
      () => clipGradients([1, 2] as never, 1),
      /gradients.0 must be a matrix or a vector/,
    );
  });
});
