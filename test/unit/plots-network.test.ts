import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_DRAWN_NEURONS, networkDiagramFigure } from "../../src/notebook/plots/network";
import { lintFigure } from "../figures/lint";
import { MEANING_COLORS } from "../../src/notebook/plots/style";
import { PlotlyObject } from "../../src/notebook/plots/figure";
import { textWidth } from "../../src/notebook/plots/svg";
import { assertWellFormedSvg, countOf } from "./plotsSvgCheck";

interface Annotation extends PlotlyObject {
  name: string;
  x: number;
  y: number;
  ax?: number;
  ay?: number;
  text: string;
  arrowwidth?: number;
  arrowcolor?: string;
}

function annotations(figure: { layout: PlotlyObject }): Annotation[] {
  return figure.layout.annotations as Annotation[];
}

function edges(figure: { layout: PlotlyObject }): Annotation[] {
  return annotations(figure).filter((a) => a.name.startsWith("edge "));
}

function labels(figure: { layout: PlotlyObject }): Annotation[] {
  return annotations(figure).filter((a) => a.name.startsWith("label "));
}

describe("networkDiagramFigure", () => {
  // The seed's picture: ∂x₁⁽²⁾/∂x₂⁽¹⁾ follows W₁₂ (correct); the paper's form uses W₂₁.
  const figure = networkDiagramFigure({
    title: "Two neurons, two steps",
    n: 2,
    highlight: [
      { from: 1, to: 0, meaning: "correct", label: "∂x₁⁽²⁾/∂x₂⁽¹⁾ = W₁₂ σ′(x₂⁽¹⁾)" },
      { from: 0, to: 1, label: "the paper's form uses W₂₁" },
    ],
  });

  it("draws every connection once, labelled W_jk", () => {
    assert.equal(figure.kind, "networkDiagram");
    assert.equal(edges(figure).length, 4);
    assert.deepEqual(
      labels(figure)
        .map((l) => l.text.replace(/<\/?b>/g, ""))
        .sort(),
      ["W₁₁", "W₁₂", "W₂₁", "W₂₂"],
    );
  });

  it("runs W₁₂ from neuron 2 at t = 1 to neuron 1 at t = 2", () => {
    const nodes = figure.data[0] as { x: number[]; y: number[]; text: string[] };
    assert.deepEqual(nodes.text, ["x₁⁽¹⁾", "x₂⁽¹⁾", "x₁⁽²⁾", "x₂⁽²⁾"]);
    const w12 = edges(figure).find((e) => e.name === "edge W₁₂ step 0")!;
    // The edge leaves neuron 2's σ node, on x₂⁽¹⁾'s row, right of it: x₂ → σ → a₂ → W₁₂ → x₁.
    assert.equal(w12.ay, nodes.y[1], "tail on x₂⁽¹⁾'s row");
    assert.ok((w12.ax as number) > nodes.x[1] && (w12.ax as number) < nodes.x[2], "tail at σ");
    const sigma = annotations(figure).find((a) => a.name === "σ 2")!;
    assert.deepEqual([sigma.x, sigma.y], [w12.ax, w12.ay], "σ of neuron 2 is where W₁₂ starts");
    assert.deepEqual([w12.x, w12.y], [nodes.x[2], nodes.y[2]], "head at x₁⁽²⁾");
  });

  it("draws the highlighted edges thick and coloured, the others thin and grey", () => {
    const byName = new Map(edges(figure).map((e) => [e.name, e]));
    assert.equal(byName.get("edge W₁₂ step 0")!.arrowcolor, MEANING_COLORS.correct);
    assert.equal(byName.get("edge W₁₂ step 0")!.arrowwidth, 4);
    assert.equal(byName.get("edge W₂₁ step 0")!.arrowcolor, MEANING_COLORS.printed);
    assert.equal(byName.get("edge W₁₁ step 0")!.arrowwidth, 1.5);
    const w21 = labels(figure).find((l) => l.name === "label W₂₁ step 0")!;
    assert.equal(w21.text, "<b>W₂₁</b>");
  });

  it("keeps the labels of the crossing edges W₁₂ and W₂₁ apart", () => {
    const all = labels(figure);
    for (let a = 0; a < all.length; a++) {
      for (let b = a + 1; b < all.length; b++) {
        const width = (textWidth(all[a].text, 13) + textWidth(all[b].text, 13)) / 2;
        const apart = Math.abs(all[a].x - all[b].x) > width || Math.abs(all[a].y - all[b].y) > 20;
        assert.ok(apart, `${all[a].name} and ${all[b].name} overlap`);
      }
    }
  });

  it("draws the same diagram in the static SVG", () => {
    const svg = figure.staticSvg;
    assertWellFormedSvg(svg);
    assert.equal(countOf(svg, 'class="edge"'), 2);
    assert.equal(countOf(svg, 'class="edge highlighted"'), 2);
    assert.equal(countOf(svg, "<circle"), 4);
    for (const text of ["W₁₂", "W₂₁", "t = 1", "t = 2", "x₂⁽¹⁾", "the paper&#39;s form uses W₂₁"]) {
      assert.ok(svg.includes(text), `static SVG shows ${text}`);
    }
    assert.ok(svg.includes(`stroke="${MEANING_COLORS.correct}"`));
  });

  it("draws each element once live and once static, from one description", () => {
    const live = annotations(figure);
    const arrows = live.filter((a) => a.showarrow === true);
    assert.equal(countOf(figure.staticSvg, "marker-end="), arrows.length, "one SVG arrow each");
    for (const a of arrows) {
      assert.ok(figure.staticSvg.includes(`stroke="${a.arrowcolor}"`), `${a.name} colour`);
    }
    const shapes = figure.layout.shapes as unknown[];
    assert.equal(countOf(figure.staticSvg, 'class="sigma'), shapes.length, "one σ box each");
    // Every text annotation's lines are in the SVG (plotly markup undone: bold, <br>, escapes).
    const unmarked = (t: string) =>
      t
        .replace(/<\/?b>/g, "")
        .replace(/&amp;/g, "&")
        .split("<br>");
    for (const a of live.filter((x) => x.showarrow === false)) {
      for (const line of unmarked(a.text)) {
        assert.ok(figure.staticSvg.includes(line.replace(/'/g, "&#39;")), `${a.name}: ${line}`);
      }
    }
  });

  it("has n·n·(steps − 1) edges for other sizes", () => {
    assert.equal(edges(networkDiagramFigure({ title: "t", n: 3 })).length, 9);
    const three = networkDiagramFigure({ title: "t", n: 2, steps: 3, firstStep: 0 });
    assert.equal(edges(three).length, 8);
    assert.equal(countOf(three.staticSvg, 'class="edge"'), 8);
    assert.ok(three.staticSvg.includes("x₂⁽²⁾") && three.staticSvg.includes("t = 0"));
  });

  it("shows weight values on the labels when given", () => {
    const weighted = networkDiagramFigure({
      title: "t",
      n: 2,
      weights: [
        [0.5, -1.2],
        [0.9, 0.1],
      ],
    });
    const texts = labels(weighted).map((l) => l.text);
    assert.ok(texts.includes("W₁₂ = −1.20"));
    assert.ok(texts.includes("W₂₁ = 0.90"));
    assert.ok(weighted.staticSvg.includes("W₁₂ = −1.20"));
  });

  it("rejects bad input, naming the argument", () => {
    assert.throws(
      () => networkDiagramFigure({ title: "t", n: 0 }),
      /n must be a positive integer, got 0/,
    );
    assert.throws(
      () => networkDiagramFigure({ title: "t", n: 2, steps: 1 }),
      /steps must be an integer in \[2, 4\]/,
    );
    assert.throws(
      () => networkDiagramFigure({ title: "t", n: 2, highlight: [{ from: 2, to: 0 }] }),
      /highlight\[0\]\.from must be an integer in \[0, 1\], got 2/,
    );
    assert.throws(
      () =>
        networkDiagramFigure({ title: "t", n: 2, highlight: [{ from: 0, to: 1, sigmaOf: -1 }] }),
      /highlight\[0\]\.sigmaOf must be an integer in \[0, 1\], got -1/,
    );
    assert.throws(
      () => networkDiagramFigure({ title: "t", n: 2, weights: [[1]] }),
      /weights must be n×n = 2×2, got 1×1/,
    );
    assert.throws(
      () =>
        networkDiagramFigure({
          title: "t",
          n: 2,
          weights: [
            [1, NaN],
            [0, 1],
          ],
        }),
      /weights\[0\]\[1\] must be a finite number, got NaN/,
    );
    assert.throws(
      () =>
        networkDiagramFigure({
          title: "t",
          n: 2,
          highlight: [{ from: 0, to: 1, meaning: "wrong" as "correct" }],
        }),
      /highlight\[0\]\.meaning must be one of correct, printed, bound, reference, got "wrong"/,
    );
  });

  it("outlines the σ whose slope a formula takes, in the formula's colour", () => {
    const read = networkDiagramFigure({
      title: "denominator reading",
      n: 2,
      highlight: [
        { from: 1, to: 0, meaning: "printed", sigmaOf: 0, label: "printed: W₁₂ σ′(x₁⁽¹⁾)" },
        { from: 1, to: 0, meaning: "correct", sigmaOf: 1, label: "correct: W₁₂ σ′(x₂⁽¹⁾)" },
      ],
    });
    const boxes = read.layout.shapes as { line: { color: string; width: number } }[];
    assert.deepEqual(
      boxes.map((b) => b.line.color),
      [MEANING_COLORS.printed, MEANING_COLORS.correct],
    );
    assert.equal(countOf(read.staticSvg, 'class="sigma highlighted"'), 2);
    assert.deepEqual(lintFigure(read), []);
  });

  it("draws a summary instead of throwing when n is too large to draw", () => {
    const large = networkDiagramFigure({
      title: "40 neurons",
      n: 40,
      highlight: [{ from: 1, to: 0, meaning: "correct", label: "W₁₂ σ′(x₂⁽¹⁾)" }],
    });
    const nodes = large.data[0] as { text: string[] };
    assert.ok(nodes.text.length <= 2 * MAX_DRAWN_NEURONS);
    assert.ok(nodes.text.includes("x₄₀⁽¹⁾"));
    assert.equal(edges(large).length, 1, "only the highlighted edge");
    assert.ok(large.staticSvg.includes("1599 of the 1600 edges"), "says what is left out");
    assert.ok((large.layout.width as number) <= 780);
    assert.deepEqual(lintFigure(large), []);
  });
});
