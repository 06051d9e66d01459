import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DIVERGING } from "../../src/notebook/plots/colors";
import {
  heatmapFigure,
  heatmapGridFigure,
  sliderHeatmapFigure,
  symmetricRange,
} from "../../src/notebook/plots/heatmap";
import { lintFigure } from "../figures/lint";
import { MAX_FIGURE_WIDTH } from "../../src/notebook/plots/style";
import { jacobianAxisLabels } from "../../src/notebook/plots/labels";
import { PlotlyObject } from "../../src/notebook/plots/figure";
import { assertWellFormedSvg, countOf } from "./plotsSvgCheck";

// W = [[0.5, −1.2], [0.9, 0.1]], σ′ = [0.9, 0.4]: W D, Wᵀ D and their difference.
const correct = [
  [0.45, -0.48],
  [0.81, 0.04],
];
const paper = [
  [0.45, 0.36],
  [-1.08, 0.04],
];
const difference = correct.map((row, r) => row.map((v, c) => v - paper[r][c]));

type Trace = PlotlyObject & { z: number[][]; x: string[]; y: string[]; text?: string[][] };

function traces(data: PlotlyObject[]): Trace[] {
  return data as Trace[];
}

function axis(layout: PlotlyObject, name: string): PlotlyObject {
  return layout[name] as PlotlyObject;
}

describe("heatmapFigure", () => {
  const hover = [
    ["W₁₁ σ′(x₁⁽¹⁾)", "W₁₂ σ′(x₂⁽¹⁾)"],
    ["W₂₁ σ′(x₁⁽¹⁾)", "W₂₂ σ′(x₂⁽¹⁾)"],
  ];
  const figure = heatmapFigure({ title: "W diag(σ′)", matrix: correct, hover, zTitle: "value" });
  const [trace] = traces(figure.data);

  it("builds one plotly heatmap of the matrix with Jacobian labels by default", () => {
    assert.equal(figure.kind, "heatmap");
    assert.equal(figure.data.length, 1);
    assert.equal(trace.type, "heatmap");
    assert.deepEqual(trace.z, correct);
    assert.deepEqual(trace.y, ["∂x₁⁽ⁱ⁾", "∂x₂⁽ⁱ⁾"]);
    assert.deepEqual(trace.x, ["∂x₁⁽ⁱ⁻¹⁾", "∂x₂⁽ⁱ⁻¹⁾"]);
    assert.equal(axis(figure.layout, "yaxis").autorange, "reversed", "row 1 is drawn at the top");
  });

  it("centres the diverging scale on zero with a symmetric range", () => {
    assert.equal(trace.zmid, 0);
    assert.equal(trace.zmin, -0.81);
    assert.equal(trace.zmax, 0.81);
    assert.deepEqual(trace.colorscale, DIVERGING);
  });

  it("shows the symbolic entry and the value on hover", () => {
    assert.deepEqual(trace.text, hover);
    assert.match(trace.hovertemplate as string, /^%\{text\}<br>.*%\{z:\.4g\}/);
    assert.equal(trace.texttemplate, "%{z:.3g}");
  });

  it("draws a well-formed static SVG with one coloured cell per entry and the values", () => {
    assertWellFormedSvg(figure.staticSvg);
    assert.equal(countOf(figure.staticSvg, 'class="cell"'), 4);
    assert.ok(figure.staticSvg.includes("<title>W diag(σ′)</title>"));
    // The largest entry gets the top of the scale, zero would get the white middle.
    assert.ok(figure.staticSvg.includes(`fill="${DIVERGING[DIVERGING.length - 1][1]}"`));
    for (const text of ["0.450", "−0.480", "0.810", "0.0400", "∂x₂⁽ⁱ⁻¹⁾", "value"]) {
      assert.ok(figure.staticSvg.includes(text), `static SVG shows ${text}`);
    }
  });

  it("accepts labels as arrays or functions and keeps them distinct", () => {
    const [t] = traces(
      heatmapFigure({
        title: "t",
        matrix: correct,
        rowLabels: ["a", "b"],
        colLabels: (j) => `c${j}`,
      }).data,
    );
    assert.deepEqual(t.y, ["a", "b"]);
    assert.deepEqual(t.x, ["c0", "c1"]);
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: correct, rowLabels: ["a", "a"] }),
      /rowLabels must be distinct/,
    );
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: correct, colLabels: ["a"] }),
      /colLabels must have 2 labels, got 1/,
    );
  });

  it("writes non-square matrices with row/column labels", () => {
    const [t] = traces(heatmapFigure({ title: "t", matrix: [[1, 2, 3]] }).data);
    assert.deepEqual(t.x, ["column 1", "column 2", "column 3"]);
  });

  it("escapes user text in plotly and in the SVG", () => {
    const f = heatmapFigure({
      title: "a <b> & c",
      matrix: correct,
      hover: [
        ["<x>", "y"],
        ["z", "w"],
      ],
    });
    assert.ok(f.staticSvg.includes("a &lt;b&gt; &amp; c"));
    assert.equal((f.layout.title as { text: string }).text, "a &lt;b&gt; &amp; c");
    assert.equal(traces(f.data)[0].text?.[0][0], "&lt;x&gt;");
    assertWellFormedSvg(f.staticSvg);
  });

  it("throws on non-finite input, naming the argument and the entry", () => {
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: [[1, NaN]] }),
      /matrix\[0\]\[1\] must be a finite number, got NaN/,
    );
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: [[1], [Infinity]] }),
      /matrix\[1\]\[0\] must be a finite number, got Infinity/,
    );
  });

  it("rejects bad hover, title and id", () => {
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: correct, hover: [["a", "b"]] }),
      /hover must be 2×2 to match the matrix \(2×2\), got 1×2/,
    );
    assert.throws(
      () =>
        heatmapFigure({
          title: "t",
          matrix: correct,
          hover: [
            ["a", "b"],
            ["c", 1 as never],
          ],
        }),
      /hover\[1\]\[1\] must be a string/,
    );
    assert.throws(() => heatmapFigure({ title: "", matrix: correct }), /title must be a non-empty/);
    assert.throws(
      () => heatmapFigure({ title: "t", matrix: correct, id: "1 bad" }),
      /id must match/,
    );
  });

  it("derives a deterministic id from the content, or takes the given one", () => {
    const again = heatmapFigure({ title: "W diag(σ′)", matrix: correct, hover, zTitle: "value" });
    assert.equal(again.id, figure.id);
    assert.match(figure.id, /^heatmap-w-diag-[0-9a-f]{8}$/);
    const other = heatmapFigure({ title: "W diag(σ′)", matrix: paper, hover, zTitle: "value" });
    assert.notEqual(other.id, figure.id);
    assert.equal(heatmapFigure({ title: "t", matrix: correct, id: "mine" }).id, "mine");
  });
});

describe("heatmapGridFigure", () => {
  const labels = jacobianAxisLabels(2, "numerator", 2);
  const figure = heatmapGridFigure({
    title: "correct | paper | difference",
    ...labels,
    panels: [
      { title: "W diag(σ′)", matrix: correct },
      { title: "Wᵀ diag(σ′)", matrix: paper },
      { title: "difference", matrix: difference, difference: true },
    ],
  });
  const data = traces(figure.data);

  it("puts one heatmap per panel on its own axes, left to right", () => {
    assert.equal(figure.kind, "heatmapGrid");
    assert.deepEqual(
      data.map((t) => [t.xaxis, t.yaxis]),
      [
        ["x", "y"],
        ["x2", "y2"],
        ["x3", "y3"],
      ],
    );
    const domains = ["xaxis", "xaxis2", "xaxis3"].map(
      (name) => axis(figure.layout, name).domain as [number, number],
    );
    for (let p = 1; p < 3; p++)
      assert.ok(domains[p][0] > domains[p - 1][1], "panels don't overlap");
    assert.ok(domains.every(([a, b]) => a >= 0 && b <= 1 && a < b));
  });

  it("labels axes with indices as in the text", () => {
    assert.deepEqual(data[0].y, ["∂x₁⁽²⁾", "∂x₂⁽²⁾"]);
    assert.deepEqual(data[2].x, ["∂x₁⁽¹⁾", "∂x₂⁽¹⁾"]);
    const titles = (figure.layout.annotations as { text: string }[]).map((a) => a.text);
    assert.deepEqual(titles, ["<b>W diag(σ′)</b>", "<b>Wᵀ diag(σ′)</b>", "<b>difference</b>"]);
  });

  it("puts the forms and their difference on ONE symmetric range, with one colour bar", () => {
    for (const t of data) {
      assert.ok(Math.abs((t.zmax as number) - 1.89) < 1e-12, "±max|entry| over all panels");
      assert.equal(t.zmin, -(t.zmax as number));
      assert.equal(t.zmid, 0);
      assert.deepEqual(t.meta, { compared: "compared" });
    }
    assert.deepEqual(
      data.map((t) => t.showscale),
      [true, false, false],
      "one colour bar for the shared range",
    );
    const bar = data[0].colorbar as { title: { text: string }; tickvals: number[] };
    assert.equal(bar.title.text, "entry value");
    assert.equal(bar.tickvals.length, 5);
  });

  it("takes an explicit shared range, so two figures can share one scale", () => {
    const range = symmetricRange(correct, paper, difference, [
      [3, 0],
      [0, 0],
    ]);
    assert.equal(range, 3);
    const wide = traces(
      heatmapGridFigure({
        title: "t",
        range,
        panels: [
          { title: "a", matrix: correct },
          { title: "d", matrix: difference, difference: true },
        ],
      }).data,
    );
    assert.deepEqual(
      wide.map((t) => [t.zmin, t.zmax]),
      [
        [-3, 3],
        [-3, 3],
      ],
    );
    assert.throws(
      () => heatmapGridFigure({ title: "t", range: 1, panels: [{ title: "a", matrix: paper }] }),
      /range = 1 must contain every value it colours, but max \|entry\| = 1\.08/,
    );
    assert.throws(
      () => heatmapGridFigure({ title: "t", range: -1, panels: [{ title: "a", matrix: paper }] }),
      /range must be a positive finite number/,
    );
  });

  it("says 'identical' instead of drawing a zero difference", () => {
    const zero = [
      [0, 0],
      [0, 0],
    ];
    const tiny = [
      [1e-9, 0],
      [0, -2e-9],
    ];
    const grid = heatmapGridFigure({
      title: "t",
      identicalBelow: 1e-6,
      panels: [
        { title: "a", matrix: correct },
        { title: "exact", matrix: zero, difference: true },
        { title: "round-off", matrix: tiny, difference: true },
        { title: "real", matrix: difference, difference: true },
      ],
    });
    assert.equal(grid.data.length, 2, "no heatmap for the identical panels");
    const notes = (grid.layout.annotations as { text: string }[]).map((a) => a.text);
    assert.ok(notes.includes("identical<br>(max |diff| = 0)"));
    assert.ok(
      notes.includes("identical to within<br>1e−6<br>(max |diff| = 2.0e-9)"),
      notes.join(" | "),
    );
    assert.ok(grid.staticSvg.includes("(max |diff| = 0)"));
    assert.equal(countOf(grid.staticSvg, 'class="identical"'), 2);
    // A given range is checked even when every panel is identical and none is coloured.
    assert.throws(
      () =>
        heatmapGridFigure({
          title: "t",
          range: 0,
          panels: [{ title: "exact", matrix: zero, difference: true }],
        }),
      /range must be a positive finite number, got 0/,
    );
    // Without a tolerance only the exact zero counts.
    const strict = heatmapGridFigure({
      title: "t",
      panels: [
        { title: "a", matrix: correct },
        { title: "round-off", matrix: tiny, difference: true },
      ],
    });
    assert.equal(strict.data.length, 2);
  });

  it("titles every axis and colour bar, and writes values only where they fit", () => {
    assert.equal(
      axis(figure.layout, "xaxis").title &&
        (axis(figure.layout, "xaxis").title as { text: string }).text,
      "input neuron k (step 1)",
    );
    assert.equal(
      (axis(figure.layout, "yaxis").title as { text: string }).text,
      "output neuron j (step 2)",
    );
    assert.deepEqual(lintFigure(figure), []);
    // 2×2 panels have room for 3-digit values; 12×12 panels do not.
    assert.equal(data[0].texttemplate, "%{z:.3g}");
    const big = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: 12 }, (_, j) => Math.sin(i * 12 + j)),
    );
    const crowded = heatmapGridFigure({
      title: "t",
      panels: [
        { title: "a", matrix: big },
        { title: "b", matrix: big },
      ],
    });
    assert.equal(traces(crowded.data)[0].texttemplate, undefined);
    assert.deepEqual(lintFigure(crowded), []);
    assert.ok((crowded.layout.width as number) <= MAX_FIGURE_WIDTH);
  });

  it("wraps four panels onto two rows instead of shrinking or clipping them", () => {
    const big = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 8 }, (_, j) => Math.cos(i + 3 * j)),
    );
    const four = heatmapGridFigure({
      title: "four readings",
      panels: [1, 2, 3, 4].map((p) => ({ title: `p${p}`, matrix: big, difference: true })),
    });
    const domains = ["yaxis", "yaxis2", "yaxis3", "yaxis4"].map(
      (name) => (axis(four.layout, name).domain as number[])[0],
    );
    assert.equal(domains[0], domains[1]);
    assert.ok(domains[2] < domains[0], "panels 3 and 4 are on a lower row");
    assert.ok((four.layout.width as number) <= MAX_FIGURE_WIDTH);
    assert.deepEqual(lintFigure(four), []);
  });

  it("draws every panel in the static SVG", () => {
    assertWellFormedSvg(figure.staticSvg);
    assert.equal(countOf(figure.staticSvg, 'class="cell"'), 12);
    assert.equal(countOf(figure.staticSvg, 'class="panel"'), 3);
    for (const text of ["W diag(σ′)", "Wᵀ diag(σ′)", "difference", "1.89", "∂x₂⁽²⁾"]) {
      assert.ok(figure.staticSvg.includes(text), `static SVG shows ${text}`);
    }
    // The zero entries of the difference are painted with the white midpoint of the scale.
    assert.deepEqual(DIVERGING[5], [0.5, "#f7f7f7"]);
    assert.ok(figure.staticSvg.includes('fill="#f7f7f7"'));
  });

  it("names the panel in errors", () => {
    assert.throws(
      () =>
        heatmapGridFigure({
          title: "t",
          panels: [
            { title: "a", matrix: correct },
            {
              title: "b",
              matrix: [
                [1, 2],
                [NaN, 3],
              ],
            },
          ],
        }),
      /panels\[1\]\.matrix\[1\]\[0\] must be a finite number, got NaN/,
    );
    assert.throws(
      () => heatmapGridFigure({ title: "t", panels: [] }),
      /panels must be a non-empty/,
    );
    assert.throws(
      () => heatmapGridFigure({ title: "t", panels: [{ title: "a", matrix: correct, hover: [] }] }),
      /panels\[0\]\.hover must be 2×2/,
    );
  });
});

describe("sliderHeatmapFigure", () => {
  const frames = Array.from({ length: 8 }, (_, f) => ({
    label: `t − k = ${f + 1}`,
    matrix: difference.map((row) => row.map((v) => v * 0.5 ** f)),
    hover: [
      ["a", "b"],
      ["c", `d${f}`],
    ],
  }));
  const figure = sliderHeatmapFigure({ title: "difference of products", frames, sliderPrefix: "" });

  it("has one plotly frame and one slider step per frame", () => {
    assert.equal(figure.kind, "sliderHeatmap");
    assert.equal(figure.frames?.length, 8);
    const sliders = figure.layout.sliders as { steps: { label: string; args: unknown[] }[] }[];
    assert.equal(sliders[0].steps.length, 8);
    assert.equal(sliders[0].steps[7].label, "t − k = 8");
    assert.deepEqual(sliders[0].steps[3].args[0], ["frame-3"]);
    assert.equal(figure.frames?.[3].name, "frame-3");
  });

  it("keeps ONE symmetric range across all frames by default", () => {
    const frameData = figure.frames!.map((f) => (f.data as PlotlyObject[])[0]);
    frameData.forEach((d) => {
      assert.equal(d.zmid, 0);
      assert.ok(Math.abs((d.zmax as number) - 1.89) < 1e-12);
      assert.equal(d.zmin, -(d.zmax as number));
    });
    assert.deepEqual((frameData[5].text as string[][])[1][1], "d5");
    assert.deepEqual(lintFigure(figure), []);
  });

  it("titles the axes as given, live and in the static image", () => {
    const titled = sliderHeatmapFigure({
      title: "s",
      frames,
      rowLabels: ["∂x₁⁽⁸⁾", "∂x₂⁽⁸⁾"],
      colLabels: ["∂x₁⁽ᵗ⁾", "∂x₂⁽ᵗ⁾"],
      xTitle: "input neuron k (step t)",
      yTitle: "output neuron j (step 8)",
      zTitle: "printed − correct",
    });
    const layout = titled.layout as Record<string, { title?: { text: string } }>;
    assert.equal(layout.xaxis.title?.text, "input neuron k (step t)");
    assert.equal(layout.yaxis.title?.text, "output neuron j (step 8)");
    for (const text of [
      "input neuron k (step t)",
      "output neuron j (step 8)",
      "printed − correct",
    ]) {
      assert.ok(titled.staticSvg.includes(text), `static SVG shows ${text}`);
    }
    assert.deepEqual(lintFigure(titled), []);
  });

  it("gives each frame its own range only on request (and the lint flags it)", () => {
    const own = sliderHeatmapFigure({ title: "s", frames, scale: "perFrame" });
    const maxima = own.frames!.map((f) => (f.data as PlotlyObject[])[0].zmax as number);
    maxima.forEach((m, f) => assert.ok(Math.abs(m - 1.89 * 0.5 ** f) < 1e-12));
    assert.ok(lintFigure(own).some((p) => /frames must share one scale/.test(p)));
  });

  it("shows the first, middle and last frame in the static image", () => {
    assertWellFormedSvg(figure.staticSvg);
    assert.equal(countOf(figure.staticSvg, 'class="panel"'), 3);
    for (const label of ["t − k = 1", "t − k = 5", "t − k = 8", "3 of 8 slider frames"]) {
      assert.ok(figure.staticSvg.includes(label), `static SVG shows ${label}`);
    }
    assert.ok(!figure.staticSvg.includes("t − k = 2<"));
    // Two frames: both shown, and the title does not say some are left out.
    const two = sliderHeatmapFigure({ title: "two", frames: frames.slice(0, 2) });
    assert.equal(countOf(two.staticSvg, 'class="panel"'), 2);
    assert.ok(!two.staticSvg.includes("slider frames"));
    const one = sliderHeatmapFigure({ title: "one", frames: frames.slice(0, 1) });
    assert.equal(countOf(one.staticSvg, 'class="panel"'), 1);
  });

  it("checks frames by index", () => {
    const bad = frames.map((f, i) =>
      i === 2
        ? {
            ...f,
            matrix: [
              [1, NaN],
              [0, 0],
            ],
          }
        : f,
    );
    assert.throws(
      () => sliderHeatmapFigure({ title: "s", frames: bad }),
      /frames\[2\]\.matrix\[0\]\[1\] must be a finite number/,
    );
    const shapes = [frames[0], { label: "x", matrix: [[1, 2, 3]] }];
    assert.throws(
      () => sliderHeatmapFigure({ title: "s", frames: shapes }),
      /frames\[1\]\.matrix must have the shape of frames\[0\]\.matrix \(2×2\), got 1×3/,
    );
    assert.throws(
      () => sliderHeatmapFigure({ title: "s", frames: [frames[0], frames[0]] }),
      /frames\[1\]\.label must be distinct/,
    );
    assert.throws(
      () => sliderHeatmapFigure({ title: "s", frames: [] }),
      /frames must be a non-empty/,
    );
  });
});
