import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeEntry } from "../../src/notebook/symbolic";
import { jacobianAxisLabels } from "../../src/notebook/plots/labels";
import {
  formEntriesTex,
  formEntriesText,
  jacobianSymbolsTex,
  matrixTex,
} from "../../src/notebook/symbolic";

/** The cells of a TeX matrix, split on \\ and &. */
function cells(tex: string): string[][] {
  const body = /^\\begin\{(\w+)\}\n([\s\S]*)\n\\end\{\1\}$/.exec(tex);
  assert.ok(body, `a single matrix environment: ${tex}`);
  return body[2].split(" \\\\\n").map((row) => row.split(" & "));
}

const d = (j: number, k: number, i = "i", before = "i-1") =>
  `\\frac{\\partial x_{${j}}^{(${i})}}{\\partial x_{${k}}^{(${before})}}`;

describe("jacobianSymbolsTex", () => {
  it("writes the numerator-layout Jacobian for n = 2 exactly", () => {
    assert.equal(
      jacobianSymbolsTex(2, "numerator"),
      "\\begin{bmatrix}\n" +
        "\\frac{\\partial x_{1}^{(i)}}{\\partial x_{1}^{(i-1)}} & \\frac{\\partial x_{1}^{(i)}}{\\partial x_{2}^{(i-1)}} \\\\\n" +
        "\\frac{\\partial x_{2}^{(i)}}{\\partial x_{1}^{(i-1)}} & \\frac{\\partial x_{2}^{(i)}}{\\partial x_{2}^{(i-1)}}\n" +
        "\\end{bmatrix}",
    );
  });

  it("writes the denominator layout as the transpose", () => {
    const m = cells(jacobianSymbolsTex(3, "denominator", 2));
    assert.equal(m.length, 3);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) assert.equal(m[r][c], d(c + 1, r + 1, "2", "1"));
    }
  });

  it("has every entry for n = 3 in numerator layout", () => {
    const m = cells(jacobianSymbolsTex(3, "numerator"));
    assert.deepEqual(
      m,
      [1, 2, 3].map((j) => [1, 2, 3].map((k) => d(j, k))),
    );
  });
});

describe("formEntriesTex", () => {
  it("writes W diag(σ′) for n = 2 at step 2 exactly", () => {
    assert.equal(
      formEntriesTex(2, "numerator", 2),
      "\\begin{bmatrix}\n" +
        "W_{11}\\,\\sigma'(x_{1}^{(1)}) & W_{12}\\,\\sigma'(x_{2}^{(1)}) \\\\\n" +
        "W_{21}\\,\\sigma'(x_{1}^{(1)}) & W_{22}\\,\\sigma'(x_{2}^{(1)})\n" +
        "\\end{bmatrix}",
    );
  });

  it("puts W_kj σ′(x_k) at (j, k) for the paper's Wᵀ diag(σ′), n = 3", () => {
    const m = cells(formEntriesTex(3, "paperNumerator"));
    for (let j = 1; j <= 3; j++) {
      for (let k = 1; k <= 3; k++) {
        assert.equal(m[j - 1][k - 1], `W_{${k}${j}}\\,\\sigma'(x_{${k}}^{(i-1)})`);
      }
    }
    assert.equal(formEntriesTex(3, "paperDenominator"), formEntriesTex(3, "paperNumerator"));
  });

  it("writes diag(σ′) Wᵀ as the transpose of W diag(σ′)", () => {
    const numerator = cells(formEntriesTex(3, "numerator"));
    const denominator = cells(formEntriesTex(3, "denominator"));
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) assert.equal(denominator[r][c], numerator[c][r]);
    }
  });

  it("gives the same entries as Unicode hover text, matching describeEntry", () => {
    const text = formEntriesText(2, "paperNumerator", 2);
    assert.deepEqual(text, [
      ["W₁₁ σ′(x₁⁽¹⁾)", "W₂₁ σ′(x₂⁽¹⁾)"],
      ["W₁₂ σ′(x₁⁽¹⁾)", "W₂₂ σ′(x₂⁽¹⁾)"],
    ]);
    // The seed's example: the paper's form read in numerator layout gives ∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₂₁ σ′(x₂⁽¹⁾).
    assert.equal(
      text[0][1],
      describeEntry({ reading: "paperNumerator", j: 0, k: 1, n: 2, previousStep: 1 }).text,
    );
    assert.equal(formEntriesText(2, "numerator", 2)[0][1], "W₁₂ σ′(x₂⁽¹⁾)");
    assert.equal(formEntriesText(2, "paperDenominator", 2)[1][0], "W₁₂ σ′(x₁⁽¹⁾)");
    // Hover text for a large heatmap: no TeX-size limit, two-digit indices get a comma.
    const large = formEntriesText(40, "numerator", 2);
    assert.equal(large.length, 40);
    assert.equal(large[39][0], "W₄₀,₁ σ′(x₁⁽¹⁾)");
    assert.throws(() => formEntriesText(501, "numerator"), /n must be an integer in \[1, 500\]/);
    assert.throws(() => formEntriesTex(21, "numerator"), /n must be an integer in \[1, 20\]/);
  });
});

describe("numeric matrices", () => {
  it("writes numbers with fixed decimals and no negative zero", () => {
    assert.deepEqual(
      cells(
        matrixTex(
          [
            [1, -0.0001],
            [2.5, -3.14159],
          ],
          3,
        ),
      ),
      [
        ["1.000", "0.000"],
        ["2.500", "-3.142"],
      ],
    );
    assert.deepEqual(cells(matrixTex([[0.5]], 0)), [["1"]]);
  });
});

describe("axis labels", () => {
  it("writes ∂x_j⁽ⁱ⁾ rows and ∂x_k⁽ⁱ⁻¹⁾ columns in numerator layout, swapped in denominator", () => {
    assert.deepEqual(jacobianAxisLabels(2, "numerator"), {
      rowLabels: ["∂x₁⁽ⁱ⁾", "∂x₂⁽ⁱ⁾"],
      colLabels: ["∂x₁⁽ⁱ⁻¹⁾", "∂x₂⁽ⁱ⁻¹⁾"],
      yTitle: "output neuron j (step i)",
      xTitle: "input neuron k (step i − 1)",
    });
    const denominator = jacobianAxisLabels(2, "denominator", 12);
    assert.deepEqual(denominator.rowLabels, ["∂x₁⁽¹¹⁾", "∂x₂⁽¹¹⁾"]);
    assert.equal(denominator.yTitle, "input neuron k (step 11)");
    assert.equal(denominator.xTitle, "output neuron j (step 12)");
  });
});

describe("bad input", () => {
  it("names the argument", () => {
    assert.throws(
      () => jacobianSymbolsTex(0, "numerator"),
      /n must be an integer in \[1, 20\], got 0/,
    );
    assert.throws(() => jacobianSymbolsTex(1.5, "numerator"), /n must be an integer/);
    assert.throws(
      () => jacobianSymbolsTex(2, "row" as never),
      /layout must be one of numerator, denominator, got "row"/,
    );
    assert.throws(
      () => jacobianSymbolsTex(2, "numerator", 0),
      /step must be "i" or a positive integer, got 0/,
    );
    assert.throws(
      () => formEntriesTex(2, "paper" as never),
      /reading must be one of numerator, denominator, paperNumerator, paperDenominator/,
    );
    assert.throws(
      () => formEntriesText(2, "numerator", "t" as never),
      /step must be "i" or a positive integer/,
    );
    assert.throws(() => matrixTex([[1, NaN]]), /values\[0\]\[1\] must be a finite number, got NaN/);
    assert.throws(() => matrixTex([[1]], -1), /digits must be an integer in \[0, 12\]/);
  });
});
