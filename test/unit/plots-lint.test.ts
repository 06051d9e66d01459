import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { heatmapGridFigure } from "../../src/notebook/plots/heatmap";
import { lineChartFigure } from "../../src/notebook/plots/lineChart";
import { LintableFigure, lintFigure } from "../figures/lint";

const a = [
  [0.4, -0.2],
  [0.1, 0.3],
];
const b = [
  [0.4, 0.1],
  [-0.2, 0.3],
];

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describe("lintFigure", () => {
  const good = heatmapGridFigure({
    title: "a, b, and b − a",
    panels: [
      { title: "a", matrix: a },
      { title: "b", matrix: b },
      { title: "b − a", matrix: b.map((r, i) => r.map((v, j) => v - a[i][j])), difference: true },
    ],
  });
  const chart = lineChartFigure({
    title: "norms",
    xTitle: "lag",
    yTitle: "norm",
    logY: true,
    series: [{ name: "correct", x: [1, 2, 3], y: [1, 1e-10, 1e-30] }],
  });

  it("passes figures built in the style", () => {
    assert.deepEqual(lintFigure(good), []);
    assert.deepEqual(lintFigure(chart), []);
  });

  it("flags compared panels on different ranges", () => {
    const bad = clone(good) as LintableFigure;
    bad.data[2].zmin = -2;
    bad.data[2].zmax = 2;
    assert.match(
      lintFigure(bad).join("\n"),
      /compared heatmaps \(compared\) use different colour ranges/,
    );
  });

  it("flags missing titles, small fonts and wide figures", () => {
    const bad = clone(good) as LintableFigure;
    (bad.layout.xaxis as { title?: unknown }).title = undefined;
    (bad.data[0].colorbar as { title: { text: string } }).title.text = "";
    (bad.layout.font as { size: number }).size = 12;
    bad.layout.width = 1100;
    bad.staticSvg = bad.staticSvg.replace('font-size="14"', 'font-size="9"');
    const problems = lintFigure(bad).join("\n");
    assert.match(problems, /xaxis has tick labels but no axis title/);
    assert.match(problems, /colour bar without a title/);
    assert.match(problems, /layout\.font\.size 12 is below the minimum 14/);
    assert.match(problems, /layout\.width 1100 px exceeds 780 px/);
    assert.match(problems, /staticSvg uses font-size 9/);
    const apart = clone(good) as LintableFigure;
    apart.layout.width = (apart.layout.width as number) - 50;
    assert.match(lintFigure(apart).join("\n"), /staticSvg is \d+ px wide but the live figure/);
  });

  it("flags values that do not fit their cells", () => {
    const bad = clone(good) as LintableFigure;
    bad.data[0].texttemplate = "%{z:.9g}";
    bad.data[0].z = [
      [0.123456789, -0.2],
      [0.1, 0.3],
    ];
    bad.layout.width = 300;
    assert.match(lintFigure(bad).join("\n"), /writes values \d+ px wide at 14 px into/);
  });

  it("flags crowded or minor-labelled log axes", () => {
    const crowded = clone(chart) as LintableFigure;
    const axis = crowded.layout.yaxis as { tickvals?: number[]; ticktext?: string[] };
    axis.tickvals = Array.from({ length: 31 }, (_, i) => 10 ** -i);
    axis.ticktext = axis.tickvals.map(String);
    assert.match(lintFigure(crowded).join("\n"), /has 31 ticks, more than 6/);
    const minor = clone(chart) as LintableFigure;
    const minorAxis = minor.layout.yaxis as { tickvals?: number[]; ticktext?: string[] };
    minorAxis.tickvals = [0.05, 0.2, 0.5, 5];
    minorAxis.ticktext = ["5", "2", "5", "5"];
    assert.match(lintFigure(minor).join("\n"), /bare minor labels/);
    // 1, 2, 5, 10 labelled as themselves are full labels, not minor digits.
    minorAxis.tickvals = [1, 2, 5, 10];
    minorAxis.ticktext = ["1", "2", "5", "10"];
    assert.doesNotMatch(lintFigure(minor).join("\n"), /bare minor labels/);
    const implicit = clone(chart) as LintableFigure;
    delete (implicit.layout.yaxis as { tickvals?: number[] }).tickvals;
    assert.match(lintFigure(implicit).join("\n"), /without explicit tickvals/);
  });

  it("flags series drawn against their meaning, and series that look the same", () => {
    const bad = clone(chart) as LintableFigure;
    (bad.data[0].line as { color: string }).color = "#ff0000";
    bad.data.push({ ...clone(bad.data[0]), name: "another" });
    const problems = lintFigure(bad).join("\n");
    assert.match(problems, /series "correct" means correct but is drawn #ff0000/);
    assert.match(problems, /series "another" and "correct" look the same/);
  });
});
