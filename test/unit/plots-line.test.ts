import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lineChartFigure, logTickLabel, logTicks, niceTicks } from "../../src/plots/lineChart";
import { PlotlyObject } from "../../src/plots/figure";
import { assertWellFormedSvg, countOf } from "./plotsSvgCheck";

const steps = [1, 2, 3, 4, 5, 6, 7, 8];
const decay = steps.map((k) => 0.4 ** k);
const paper = steps.map((k) => 1.3 * 0.6 ** k);

describe("lineChartFigure", () => {
  const figure = lineChartFigure({
    title: "‖∂x⁽ᵗ⁾/∂x⁽ᵏ⁾‖ against t − k",
    xTitle: "t − k",
    yTitle: "norm",
    logY: true,
    series: [
      { name: "correct", x: steps, y: decay },
      { name: "paper's form", x: steps, y: paper },
      { name: "bound", x: steps, y: steps.map((k) => 0.9 ** k), dash: true },
    ],
  });
  const data = figure.data as (PlotlyObject & { line: { dash: string; color: string } })[];

  it("builds one scatter trace per series on a log y axis", () => {
    assert.equal(figure.kind, "lineChart");
    assert.deepEqual(
      data.map((t) => [t.type, t.name, t.line.dash]),
      [
        ["scatter", "correct", "solid"],
        ["scatter", "paper's form", "solid"],
        ["scatter", "bound", "dash"],
      ],
    );
    assert.deepEqual(data[0].y, decay);
    const yaxis = figure.layout.yaxis as PlotlyObject;
    assert.equal(yaxis.type, "log");
    assert.equal(yaxis.dtick, 1, "more than two decades: one tick per decade");
    assert.equal((figure.layout.xaxis as { title: { text: string } }).title.text, "t − k");
  });

  it("draws the same series, legend and log ticks in the static SVG", () => {
    const svg = figure.staticSvg;
    assertWellFormedSvg(svg);
    assert.equal(countOf(svg, 'class="series"'), 3);
    assert.equal(countOf(svg, 'class="legend-entry"'), 3);
    for (const text of ["correct", "paper&#39;s form", "bound", "10⁻³", "0.1", "norm", "t − k"]) {
      assert.ok(svg.includes(text), `static SVG shows ${text}`);
    }
    assert.equal(countOf(svg, 'stroke-dasharray="7 4"'), 2, "the dashed line and its legend");
    assert.ok(svg.includes(`stroke="${data[1].line.color}"`), "static colours match the live ones");
  });

  it("rejects non-positive y on a log scale, naming the series and index", () => {
    assert.throws(
      () =>
        lineChartFigure({
          title: "t",
          xTitle: "x",
          yTitle: "y",
          logY: true,
          series: [
            { name: "ok", x: [1, 2], y: [1, 2] },
            { name: "zero", x: [1, 2, 3], y: [1, 0, 2] },
          ],
        }),
      /series\[1\]\.y\[1\] must be > 0 on a log scale \(logY\), got 0 \(series "zero"\)/,
    );
    const linear = lineChartFigure({
      title: "t",
      xTitle: "x",
      yTitle: "y",
      series: [{ name: "s", x: [1, 2, 3], y: [1, 0, -2] }],
    });
    assert.equal((linear.layout.yaxis as PlotlyObject).type, "linear");
    assertWellFormedSvg(linear.staticSvg);
  });

  it("throws on non-finite numbers on any scale, naming the argument", () => {
    const chart = (y: number[], x = [1, 2]) =>
      lineChartFigure({ title: "t", xTitle: "x", yTitle: "y", series: [{ name: "s", x, y }] });
    assert.throws(() => chart([1, NaN]), /series\[0\]\.y\[1\] must be a finite number, got NaN/);
    assert.throws(
      () => chart([1, 2], [0, Infinity]),
      /series\[0\]\.x\[1\] must be a finite number/,
    );
    assert.throws(() => chart([1, 2, 3]), /series\[0\]\.y must have length 2, got length 3/);
  });

  it("rejects bad options", () => {
    const base = { title: "t", xTitle: "x", yTitle: "y" };
    assert.throws(() => lineChartFigure({ ...base, series: [] }), /series must be a non-empty/);
    assert.throws(
      () =>
        lineChartFigure({
          ...base,
          series: [
            { name: "a", x: [1], y: [1] },
            { name: "a", x: [1], y: [2] },
          ],
        }),
      /series\[1\]\.name must be distinct/,
    );
    assert.throws(
      () => lineChartFigure({ ...base, series: [{ name: "a", x: [1], y: [1], color: "red" }] }),
      /series\[0\]\.color must be "#rrggbb"/,
    );
    assert.throws(
      () => lineChartFigure({ ...base, xTitle: "", series: [{ name: "a", x: [1], y: [1] }] }),
      /xTitle must be a non-empty string/,
    );
  });

  it("uses 1-2-5 ticks within a short log range", () => {
    const short = lineChartFigure({
      title: "t",
      xTitle: "x",
      yTitle: "y",
      logY: true,
      series: [{ name: "s", x: [1, 2, 3], y: [0.2, 0.5, 0.9] }],
    });
    assert.equal((short.layout.yaxis as PlotlyObject).dtick, "D2");
  });
});

describe("axis ticks of the static chart", () => {
  it("chooses round linear steps", () => {
    assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
  });

  it("puts log ticks on decades, with 2 and 5 in short ranges", () => {
    assert.deepEqual(logTicks(-3, 0), [0.001, 0.01, 0.1, 1]);
    assert.deepEqual(logTicks(-1, 0), [0.1, 0.2, 0.5, 1]);
    assert.ok(logTicks(-40, 0).length <= 10, "many decades are thinned");
  });

  it("labels log ticks as powers of ten when far from 1", () => {
    assert.equal(logTickLabel(0.001), "10⁻³");
    assert.equal(logTickLabel(2e-7), "2×10⁻⁷");
    assert.equal(logTickLabel(0.01), "0.01");
    assert.equal(logTickLabel(50), "50");
    assert.equal(logTickLabel(1e6), "10⁶");
  });
});
