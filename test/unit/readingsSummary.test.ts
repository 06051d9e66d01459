import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReadingRow, readingsFigure, readingsTable } from "../../src/notebook/readingsSummary";
import { lintFigure } from "../figures/lint";

const rows: ReadingRow[] = [
  {
    reading: "correct",
    layout: "numerator",
    tex: "W D",
    difference: [
      [0, 1e-9],
      [0, 0],
    ],
    largest: 1e-9,
  },
  {
    reading: "paper's",
    layout: "denominator",
    tex: "W^\\top D",
    difference: [
      [0.3, 0],
      [0, -0.1],
    ],
    largest: 0.3,
  },
];

describe("readingsTable", () => {
  const table = readingsTable(rows, 1e-6);
  it("marks a reading within the tolerance ✓ and one beyond it ×, in row order", () => {
    const body = table.split("\\hline")[1];
    const lines = body.split("\\\\");
    assert.equal(lines.length, 2);
    assert.match(lines[0], /\\text\{correct\} & W D & 1\.00e-9 & \\checkmark/);
    assert.match(lines[1], /\\text\{paper’s\} & W\^\\top D & 3\.00e-1 & \\times/);
  });
  it("is one LaTeX array", () => {
    assert.ok(table.startsWith("\\begin{array}{llrl}") && table.endsWith("\\end{array}"));
  });
});

describe("readingsFigure", () => {
  const figure = readingsFigure(rows, "Each reading minus autodiff", 1e-6);
  it("draws one panel per reading, the one within the tolerance as identical", () => {
    assert.equal(figure.title, "Each reading minus autodiff");
    assert.deepEqual(lintFigure(figure), []);
    assert.match(figure.staticSvg, /identical/);
    assert.match(figure.staticSvg, /paper’s|paper&#39;s|paper's/);
  });
});
