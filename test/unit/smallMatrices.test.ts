import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  absoluteMatrix,
  diagTimes,
  identityMatrix,
  matrixPower,
  matrixProduct,
  matrixTimesVector,
  matrixTrace,
  timesDiag,
  worstScaledGap,
} from "../../src/notebook/smallMatrices";

const a = [
  [1, 2],
  [3, 4],
];
const b = [
  [0, 1],
  [-1, 2],
];

describe("smallMatrices (float64 arithmetic for notebook cells)", () => {
  it("multiplies, including rectangular shapes, and refuses mismatched ones", () => {
    assert.deepEqual(matrixProduct(a, b), [
      [-2, 5],
      [-4, 11],
    ]);
    assert.deepEqual(matrixProduct([[1, 2, 3]], [[1], [0], [-1]]), [[-2]]);
    assert.throws(() => matrixProduct(a, [[1, 2]]), /a is 2×2 and b is 1×2/);
    assert.deepEqual(matrixTimesVector(a, [1, -1]), [-1, -1]);
    assert.throws(() => matrixTimesVector(a, [1]), /v has 1 entries/);
  });

  it("scales rows (diag(s) M) and columns (M diag(s))", () => {
    assert.deepEqual(diagTimes([2, 0], a), [
      [2, 4],
      [0, 0],
    ]);
    assert.deepEqual(timesDiag(a, [2, 0]), [
      [2, 0],
      [6, 0],
    ]);
    assert.throws(() => timesDiag(a, [1, 2, 3]), /s has 3 entries/);
  });

  it("powers, traces, identity and absolute values", () => {
    assert.deepEqual(matrixPower(a, 2), matrixProduct(a, a));
    assert.deepEqual(matrixPower(a, 1), a);
    assert.throws(() => matrixPower(a, 0), /k must be an integer ≥ 1, got 0/);
    assert.equal(matrixTrace(a), 5);
    assert.throws(() => matrixTrace([[1, 2]]), /m must be square, got 1×2/);
    assert.deepEqual(identityMatrix(2), [
      [1, 0],
      [0, 1],
    ]);
    assert.deepEqual(absoluteMatrix(b), [
      [0, 1],
      [1, 2],
    ]);
  });

  it("measures the worst gap in units of a per-entry scale", () => {
    const scale = [
      [1, 10],
      [1, 0],
    ];
    assert.equal(worstScaledGap(a, a, scale), 0);
    assert.equal(
      worstScaledGap(
        a,
        [
          [1, 7],
          [3, 4],
        ],
        scale,
      ),
      0.5,
    );
    assert.equal(
      worstScaledGap(
        a,
        [
          [1, 2],
          [3, 5],
        ],
        scale,
      ),
      Infinity,
    );
    assert.throws(() => worstScaledGap(a, [[1]], scale), /same shape/);
  });
});
