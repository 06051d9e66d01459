import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeEntry } from "../../src/notebook/symbolic";
import { lintFigure } from "../figures/lint";
import { readingsRecapCells, readingsRecapFigure } from "../../src/notebook/plots/recap";
import { MEANING_COLORS } from "../../src/notebook/plots/style";
import { assertWellFormedSvg, countOf } from "./plotsSvgCheck";

describe("readingsRecapFigure", () => {
  it("says what each matrix, read in each layout, gives for ∂x₁⁽²⁾/∂x₂⁽¹⁾", () => {
    // Independent of the library: entry (r, c) of W D is W_rc σ′_c, of Wᵀ D is W_cr σ′_c; the
    // numerator layout stores ∂x_j/∂x_k at (j, k), the denominator layout at (k, j).
    const j = 0;
    const k = 1;
    const expected = (form: string, layout: string) => {
      const [r, c] = layout === "numerator" ? [j, k] : [k, j];
      return form === "numerator" ? { row: r, col: c, neuron: c } : { row: c, col: r, neuron: c };
    };
    const cells = readingsRecapCells();
    assert.equal(cells.length, 4);
    for (const cell of cells) {
      const e = expected(cell.form, cell.layout);
      assert.deepEqual(
        [cell.weight.row, cell.weight.col, cell.sigmaPrimeOf],
        [e.row, e.col, e.neuron],
        `${cell.form} read in ${cell.layout} layout`,
      );
    }
    const byKey = new Map(cells.map((c) => [`${c.form}/${c.layout}`, c]));
    assert.equal(byKey.get("numerator/numerator")!.entry, "W₁₂ σ′(x₂⁽¹⁾)");
    assert.equal(byKey.get("numerator/numerator")!.verdict, "correct");
    assert.equal(byKey.get("paper/numerator")!.entry, "W₂₁ σ′(x₂⁽¹⁾)");
    assert.equal(byKey.get("paper/numerator")!.verdict, "wrong edge");
    assert.equal(byKey.get("paper/denominator")!.entry, "W₁₂ σ′(x₁⁽¹⁾)");
    assert.equal(byKey.get("paper/denominator")!.verdict, "wrong neuron");
    assert.equal(byKey.get("numerator/denominator")!.entry, "W₂₁ σ′(x₁⁽¹⁾)");
    assert.equal(byKey.get("numerator/denominator")!.verdict, "wrong edge and wrong neuron");
    assert.equal(byKey.get("numerator/denominator")!.reading, undefined, "no one's reading");
    assert.equal(byKey.get("paper/denominator")!.reading, "paperDenominator");
  });

  it("holds for other pairs and sizes, and gives values when W and σ′ are given", () => {
    const w = [
      [0.5, -1.2, 0.3],
      [0.9, 0.1, -0.4],
      [0.2, 0.7, 0.6],
    ];
    const s = [0.9, 0.4, 0.7];
    const cells = readingsRecapCells(2, 0, 3, 5, w, s);
    const correct = cells.find((c) => c.verdict === "correct")!;
    assert.equal(correct.entry, "W₃₁ σ′(x₁⁽⁴⁾)");
    assert.ok(Math.abs(correct.value! - w[2][0] * s[0]) < 1e-15);
    const wrongNeuron = cells.find((c) => c.verdict === "wrong neuron")!;
    assert.ok(Math.abs(wrongNeuron.value! - w[2][0] * s[2]) < 1e-15);
    // A cell that is one of the library's readings says what describeEntry says of it.
    for (const cell of cells.filter((c) => c.reading)) {
      const d = describeEntry({ reading: cell.reading!, j: 2, k: 0, n: 3, previousStep: 4 });
      assert.deepEqual(
        [cell.weight, cell.sigmaPrimeOf, cell.entry],
        [d.weight, d.sigmaPrimeOf, d.text],
      );
      assert.deepEqual(cell.position, d.matrixEntry);
    }
    assert.throws(() => readingsRecapCells(1, 1), /j and k must differ/);
    assert.throws(() => readingsRecapCells(0, 1, 5), /n must be an integer in \[2, 4\]/);
    assert.throws(() => readingsRecapCells(0, 1, 2, 2, w, s), /weights must be n×n = 2×2/);
  });

  it("draws the 2×2 grid, coloured correct or wrong, live and static", () => {
    const figure = readingsRecapFigure();
    assert.equal(figure.kind, "readingsRecap");
    assertWellFormedSvg(figure.staticSvg);
    assert.equal(countOf(figure.staticSvg, 'class="recap-cell correct"'), 1);
    assert.equal(countOf(figure.staticSvg, 'class="recap-cell wrong"'), 3);
    const shapes = figure.layout.shapes as { line: { color: string } }[];
    assert.deepEqual(
      shapes.map((s) => s.line.color).sort(),
      [
        MEANING_COLORS.correct,
        MEANING_COLORS.printed,
        MEANING_COLORS.printed,
        MEANING_COLORS.printed,
      ].sort(),
    );
    for (const text of ["✓ correct", "✗ wrong edge", "✗ wrong neuron", "W₂₁ σ′(x₂⁽¹⁾)"]) {
      assert.ok(figure.staticSvg.includes(text), `static SVG shows ${text}`);
    }
    assert.deepEqual(lintFigure(figure), []);
  });
});
