import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RELATIVE_SCALE_FLOOR, compareMatrices, withinTolerance } from "../../src/shared/compare";
import { transposeMatrix } from "../../src/checked/norms";

describe("compare: element-wise difference, max absolute and max relative error", () => {
  it("returns actual − expected, max|Δ| and max|Δ| / max|expected|", () => {
    const result = compareMatrices(
      [
        [1, 2.5],
        [-3, 4],
      ],
      [
        [1, 2],
        [-2, -8],
      ],
    );
    assert.deepEqual(result.difference, [
      [0, 0.5],
      [-1, 12],
    ]);
    assert.equal(result.maxAbs, 12);
    assert.equal(result.maxRel, 12 / 8);
  });

  it("measures relative error against the largest expected entry, not entry by entry", () => {
    // An error of 1e-9 on an entry that should be 0 is a tiny error for this matrix.
    const { maxRel } = compareMatrices([[1, 1e-9]], [[1, 0]]);
    assert.equal(maxRel, 1e-9);
  });

  it("gives a finite relative error when expected is all zeros", () => {
    assert.equal(compareMatrices([[0, 0]], [[0, 0]]).maxRel, 0);
    const { maxRel } = compareMatrices([[1e-200]], [[0]]);
    assert.equal(maxRel, 1e-200 / RELATIVE_SCALE_FLOOR);
    assert.ok(Number.isFinite(maxRel));
  });

  it("throws, naming both shapes, when the shapes differ (no broadcasting)", () => {
    assert.throws(() => compareMatrices([[1, 2]], [[1], [2]]), {
      name: "RangeError",
      message: "actual and expected must have the same shape, got actual 1×2 and expected 2×1",
    });
    assert.throws(() => compareMatrices([[1, 2, 3]], [[1, 2]]), /got actual 1×3 and expected 1×2/);
  });

  it("rejects NaN, ±Inf, ragged and empty matrices, naming the argument", () => {
    assert.throws(
      () => compareMatrices([[NaN]], [[1]]),
      /actual\[0\]\[0\] must be a finite number, got NaN/,
    );
    assert.throws(
      () => compareMatrices([[1]], [[-Infinity]]),
      /expected\[0\]\[0\] must be a finite number, got -Infinity/,
    );
    assert.throws(
      () =>
        compareMatrices(
          [[1, 2], [3]],
          [
            [1, 2],
            [3, 4],
          ],
        ),
      /actual must be rectangular/,
    );
    assert.throws(() => compareMatrices([], [[1]]), /actual must be a non-empty matrix/);
  });

  it("withinTolerance passes on either bound", () => {
    const small = compareMatrices([[1e-3 + 1e-9]], [[1e-3]]); // |Δ| 1e-9, relative 1e-6
    assert.equal(withinTolerance(small, { relative: 1e-7, absolute: 0 }), false);
    assert.equal(withinTolerance(small, { relative: 1e-7, absolute: 1e-8 }), true);
    assert.equal(withinTolerance(small, { relative: 1e-5, absolute: 0 }), true);
  });

  it("transposeMatrix swaps rows and columns", () => {
    assert.deepEqual(
      transposeMatrix([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      [
        [1, 4],
        [2, 5],
        [3, 6],
      ],
    );
    assert.throws(() => transposeMatrix([[1, NaN]]), /matrix\[0\]\[1\] must be a finite number/);
  });
});
