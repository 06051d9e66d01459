import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorSignalsFigure, omegaGradientsFigure } from "../../src/notebook/gradientFigures";
import { lintFigure } from "../figures/lint";

describe("errorSignalsFigure", () => {
  const figure = errorSignalsFigure([0.9, -0.2, 0.4], [1, 0.5, 2], 6, "tanh");
  it("one cosine and one norm-ratio series, per lag 1 … 3", () => {
    const traces = figure.data.filter((t) => (t as { name?: string }).name);
    const byName = (name: string) =>
      traces.find((t) => (t as { name: string }).name === name) as { x: number[]; y: number[] };
    assert.deepEqual(byName("cos(printed, correct)").y, [0.9, -0.2, 0.4]);
    assert.deepEqual(byName("norm ratio printed / correct").x, [1, 2, 3]);
    assert.match(figure.title, /n = 6, tanh/);
    assert.deepEqual(lintFigure(figure), []);
  });
});

describe("omegaGradientsFigure", () => {
  it("three panels, the third the difference printed − correct", () => {
    const correct = [
      [1, 2],
      [3, 4],
    ];
    const printed = [
      [1, 5],
      [0, 4],
    ];
    const figure = omegaGradientsFigure(correct, printed);
    const heatmaps = figure.data.filter((t) => t.type === "heatmap") as { z: number[][] }[];
    assert.equal(heatmaps.length, 3);
    assert.deepEqual(heatmaps[2].z, [
      [0, 3],
      [-3, 0],
    ]);
    assert.deepEqual(lintFigure(figure), []);
  });
});
