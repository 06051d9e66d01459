import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nonNormalPowersFigure, normBoundPanel } from "../../src/notebook/normBoundFigures";
import { linePanelsFigure } from "../../src/notebook/plots/lineChart";
import { lintFigure } from "../figures/lint";

describe("normBoundPanel", () => {
  // log₁₀ norms indexed by t = 0, 1, 2 (lags 3, 2, 1); the bound indexed by lag 1, 2, 3.
  const panel = normBoundPanel("tanh", [-3, -2, -1], [-2.5, -1.5, -0.5], [0.1, 0.2, 0.3]);
  it("puts the norms in lag order, next to the bound", () => {
    assert.deepEqual(
      panel.series.map((s) => [s.name, s.meaning, s.x, s.y]),
      [
        ["correct W diag(σ′)", "correct", [1, 2, 3], [-1, -2, -3]],
        ["printed Wᵀ diag(σ′)", "printed", [1, 2, 3], [-0.5, -1.5, -2.5]],
        ["bound (λ₁γ)^(T − t)", "bound", [1, 2, 3], [0.1, 0.2, 0.3]],
      ],
    );
  });
  it("makes a figure that passes the figure lint", () => {
    const figure = linePanelsFigure({
      title: "bounds",
      xTitle: "lag T − t",
      panels: [panel, panel],
    });
    assert.deepEqual(lintFigure(figure), []);
  });
});

describe("nonNormalPowersFigure", () => {
  const ds = [1, 2, 3, 4];
  const figure = nonNormalPowersFigure(ds, [3.08, 3.0, 2.3, 1.5], 0.5, 3.08);
  it("draws the powers, ρ^d and ‖W‖₂^d on a log axis", () => {
    const ys = figure.data.map((t) => (t as { y: number[] }).y);
    assert.deepEqual(ys[0], [3.08, 3.0, 2.3, 1.5]);
    assert.deepEqual(ys[1], [0.5, 0.25, 0.125, 0.0625]);
    assert.ok(Math.abs(ys[2][3] - 3.08 ** 4) < 1e-12);
    assert.equal((figure.layout.yaxis as { type: string }).type, "log");
    assert.deepEqual(lintFigure(figure), []);
  });
});
