import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  denominatorExampleNote,
  denominatorMatrixNote,
  denominatorProductNote,
  numeratorExampleNote,
  numeratorMatrixNote,
  similarityTableTex,
} from "../../src/notebook/readingCases";
import { layoutPartialsTex, numeratorEntriesTex } from "../../src/notebook/layoutTex";
import { randomRNN, randomState } from "../../src/checked/network";
import { stepJacobian } from "../../src/checked/jacobians";
import {
  readingExampleDiagram,
  readingFormsFigure,
  sharedReadingRange,
} from "../../src/notebook/readingFigures";

describe("readingCases (what a draw of notebooks 4 and 5 shows)", () => {
  it("names the case of the answer's entry", () => {
    assert.match(numeratorExampleNote(0.1, [1, 1], 1e-5), /off by 0\.10000/);
    assert.match(numeratorExampleNote(0, [1, 0], 1e-5), /Neuron 2 is inactive/);
    assert.match(numeratorExampleNote(0, [1, 0.5], 1e-5), /below float32 rounding/);
    assert.match(denominatorExampleNote(0, [1, 1], 1e-5, "linear"), /= 1 here \(linear\)/);
    assert.throws(() => numeratorExampleNote(0, [], 1e-5), /slopes σ′/);
  });

  it("counts the wrong entries of the whole matrix", () => {
    const predicted = [
      [0, 0.5],
      [-0.2, 0],
    ];
    assert.match(numeratorMatrixNote(predicted, [1, 1], 1e-5), /gets 2 of the 2 off-diagonal/);
    assert.match(numeratorMatrixNote([[0]], [1], 1e-5), /n = 1/);
    assert.match(
      numeratorMatrixNote(
        [
          [0, 0],
          [0, 0],
        ],
        [0, 1],
        1e-5,
      ),
      /right to within float32 rounding\. 1 of the 2 neurons is inactive/,
    );
    assert.match(
      denominatorMatrixNote(
        [
          [0, 0],
          [0, 0],
        ],
        [1, 1],
        1e-5,
        "linear",
      ),
      /D = 1·I/,
    );
    assert.match(denominatorMatrixNote(predicted, [1, 0.5], 1e-5, "tanh"), /gets 2 of the 2/);
  });

  it("says whether the products agree and the factors do", () => {
    assert.match(denominatorProductNote(false, 1), /Q ≠ Pᵀ/);
    assert.match(denominatorProductNote(true, 0), /nothing is lost/);
    assert.match(denominatorProductNote(true, 0.5), /equal products do not need equal factors/);
  });

  it("writes the table without \\multicolumn, and undefined for a NaN", () => {
    const tex = similarityTableTex([["\\rho", 1, 2]], NaN);
    assert.ok(!tex.includes("multicolumn"));
    assert.match(tex, /\\rho & 1\.000 & 2\.000/);
    assert.match(tex, /= \\text\{undefined\}$/);
  });
});

describe("layoutTex and readingFigures", () => {
  it("writes symbols up to 4 neurons and dots beyond, in either layout", () => {
    assert.match(layoutPartialsTex(2, "numerator"), /x_\{1\}\^\{\(i\)\}/);
    const big = layoutPartialsTex(5, "denominator");
    assert.match(big, /\\cdots/);
    // denominator layout: row 1, last column holds ∂x_5/∂x_1
    assert.match(big, /\\cdots & \\frac\{\\partial x_\{5\}\^\{\(i\)\}\}\{\\partial x_\{1\}/);
    assert.match(numeratorEntriesTex(5), /_\{j,k=1\}\^\{5\}/);
    assert.throws(() => layoutPartialsTex(0, "numerator"), /n must be an integer ≥ 1, got 0/);
  });

  it("shares one colour range that covers every form and difference", () => {
    const net = randomRNN({ n: 3, seed: 1, activation: "tanh" });
    const x = randomState(3, 2);
    const range = sharedReadingRange(net, x);
    for (const form of ["numerator", "denominator", "paper"] as const) {
      for (const v of stepJacobian(net, x, form).flat()) assert.ok(Math.abs(v) <= range);
    }
    const figure = readingFormsFigure(
      "t",
      "denominator",
      [
        ["a", [[1]], "numerator"],
        ["d", [[0]]],
      ],
      1,
      1e-5,
    );
    assert.equal(figure.kind, "heatmapGrid");
    const diagram = readingExampleDiagram(
      [
        [1, 2],
        [3, 4],
      ],
      "d",
      [],
    );
    assert.equal(diagram.kind, "networkDiagram");
  });
});
