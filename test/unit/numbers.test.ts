import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { maxAbs, neurons, rounded } from "../../src/notebook/numbers";

describe("numbers (the cells' shared helpers)", () => {
  it("maxAbs takes the largest |entry| of a list or a matrix", () => {
    assert.equal(maxAbs([1, -3, 2]), 3);
    assert.equal(
      maxAbs([
        [1, -0.5],
        [-7, 2],
      ]),
      7,
    );
    assert.equal(maxAbs([]), 0);
    assert.throws(() => maxAbs([1, NaN]), /NaN/);
  });

  it("rounded keeps two significant digits", () => {
    assert.equal(rounded(1.2345e-5), 1.2e-5);
    assert.equal(rounded(0.0996), 0.1);
    assert.equal(rounded(0), 0);
    assert.throws(() => rounded(-1), /tolerance must be a finite number ≥ 0, got -1/);
  });

  it("neurons lists 0 … n − 1", () => {
    assert.deepEqual(neurons(3), [0, 1, 2]);
    assert.deepEqual(neurons(0), []);
    assert.throws(() => neurons(1.5), /n must be an integer ≥ 0, got 1.5/);
  });
});
