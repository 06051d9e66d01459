// The answer checker of the exercises: the right answer passes, each typical slip is named, and
// 1-based indices and shape mistakes get a message that says so.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkExercise } from "../../src/notebook/exercises";

const w = [
  [0.5, -1.2, 0.3],
  [0.8, 0.1, -0.7],
  [-0.4, 0.9, 0.2],
];
const s = [0.9, 0.4, 0.7];
const entries = (entry: (j: number, k: number) => number) =>
  w.map((_, j) => w.map((__, k) => entry(j, k)));
// The expected value as the notebook gets it from autodiff: here written out, W_jk s_k.
const expected = entries((j, k) => w[j][k] * s[k]);
const given = { expected, tolerance: 1e-12, w, s };

describe("checkExercise", () => {
  it("accepts the right answer", () => {
    assert.match(checkExercise("3.1", expected, given), /^✓ Exercise 3\.1/);
  });
  it("names the transposed W and σ′ on the wrong neuron", () => {
    assert.throws(
      () =>
        checkExercise(
          "3.1",
          entries((j, k) => w[k][j] * s[k]),
          given,
        ),
      {
        message: /reversed edge/,
      },
    );
    assert.throws(
      () =>
        checkExercise(
          "3.1",
          entries((j, k) => w[j][k] * s[j]),
          given,
        ),
      {
        message: /σ′ is on the wrong neuron/,
      },
    );
  });
  it("explains a 1-based index, thrown or left as NaN", () => {
    assert.throws(
      () => checkExercise("3.1", () => entries((j, k) => w[j - 1][k - 1] * s[k - 1]), given),
      {
        message: /claim failed: .*0-based/,
      },
    );
    assert.throws(
      () =>
        checkExercise(
          "3.1",
          entries((j, k) => w[j][k] * s[k + 1]),
          given,
        ),
      {
        message: /entry \(0, 2\) is not a finite number.*0-based/,
      },
    );
  });
  it("names both shapes when they differ", () => {
    assert.throws(() => checkExercise("3.2", [[1], [2], [3]], given), {
      message: /the answer has the shape 3×1, the expected value 3×3/,
    });
  });
  it("refuses an unknown id and missing inputs", () => {
    assert.throws(() => checkExercise("0.9", 1, { expected: 1, tolerance: 0 }), /unknown exercise/);
    assert.throws(() => checkExercise("3.1", [[1]], { expected: [[2]], tolerance: 0 }), /need "w"/);
  });
});
