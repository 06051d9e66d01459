import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MAX_LOG_TICKS,
  lineChartFigure,
  linePanelsFigure,
  logTickLabel,
  logTicks,
  niceTicks,
} from "../../src/notebook/plots/lineChart";
import { lintFigure } from "../figures/lint";
import { MEANING_COLORS, SVG_DASHARRAY } from "../../src/notebook/plots/style";
import { PlotlyObject } from "../../src/notebook/plots/figure";
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
      { name: "bound", x: steps, y: steps.map((k) => 0.9 ** k) },
    ],
  });
  const data = figure.data as (PlotlyObject & { line: { dash: string; color: string } })[];

  it("builds one scatter trace per series on a log y axis", () => {
    assert.equal(figure.kind, "lineChart");
    assert.deepEqual(
      data.map((t) => [t.type, t.name, t.line.dash]),
      [
        ["scatter", "correct", "solid"],
        ["scatter", "paper's form", "dash"],
        ["scatter", "bound", "dot"],
      ],
    );
    assert.deepEqual(
      data.map((t) => t.line.color),
      [MEANING_COLORS.correct, MEANING_COLORS.printed, MEANING_COLORS.bound],
      "colours by the meaning the names announce",
    );
    assert.deepEqual(data[0].y, decay);
    const yaxis = figure.layout.yaxis as PlotlyObject;
    assert.equal(yaxis.type, "log");
    assert.deepEqual(yaxis.ticktext, ["10⁻³", "0.01", "0.1", "1"], "decades, labelled in full");
    assert.deepEqual(lintFigure(figure), []);
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
    assert.equal(
      countOf(svg, `stroke-dasharray="${SVG_DASHARRAY.dash}"`),
      2,
      "dashed line + legend",
    );
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
      () =>
        lineChartFigure({ ...base, series: [{ name: "a", x: [1], y: [1], dash: "dot" as never }] }),
      /series\[0\]\.dash must be true or false when given, got "dot"/,
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
    assert.deepEqual((short.layout.yaxis as PlotlyObject).ticktext, ["0.2", "0.5"]);
  });

  it("ticks a 60-decade log axis at most six times, on decades", () => {
    const x = Array.from({ length: 40 }, (_, i) => i + 1);
    const wide = lineChartFigure({
      title: "t",
      xTitle: "x",
      yTitle: "y",
      logY: true,
      series: [{ name: "s", x, y: x.map((d) => 10 ** (20 - 1.5 * d)) }],
    });
    const ticks = (wide.layout.yaxis as PlotlyObject).tickvals as number[];
    assert.ok(ticks.length <= 6 && ticks.length >= 3, `${ticks.length} ticks`);
    assert.ok(ticks.every((t) => Number.isInteger(Math.round(Math.log10(t) * 1e9) / 1e9)));
    assert.deepEqual(lintFigure(wide), []);
  });

  it("keeps a fixed y range and draws a band, rejecting points outside the range", () => {
    const x = [1, 2, 3];
    const banded = lineChartFigure({
      title: "t",
      xTitle: "lag",
      yTitle: "relative error",
      yRange: [0, 2],
      series: [
        {
          name: "printed: median",
          x,
          y: [0.3, 0.5, 0.6],
          band: { lower: [0.2, 0.3, 0.4], upper: [0.5, 0.9, 1.1], name: "10th–90th percentile" },
        },
      ],
    });
    assert.deepEqual((banded.layout.yaxis as PlotlyObject).range, [0, 2]);
    assert.equal(banded.data.length, 2, "the band (one closed, filled outline), the median line");
    assert.equal((banded.data[0] as PlotlyObject).fill, "toself");
    assert.equal(countOf(banded.staticSvg, 'class="band"'), 1);
    assert.deepEqual(lintFigure(banded), []);
    assert.throws(
      () =>
        lineChartFigure({
          title: "t",
          xTitle: "x",
          yTitle: "y",
          yRange: [0, 1],
          series: [{ name: "s", x, y: [0.5, 1.5, 0.2] }],
        }),
      /series\[0\]\.y\[1\] must be inside yRange \[0,1\], got 1\.5 \(series "s"\)/,
    );
  });

  it("flags series drawn against their meaning", () => {
    const wrong = lineChartFigure({
      title: "t",
      xTitle: "x",
      yTitle: "y",
      series: [{ name: "correct form", x: [1, 2], y: [1, 2] }],
    });
    (wrong.data[0].line as { color: string }).color = "#1a9850";
    assert.match(lintFigure(wrong).join("\n"), /means correct but is drawn #1a9850/);
  });
});

describe("linePanelsFigure", () => {
  const x = [1, 2, 3, 4];
  const panels = ["tanh", "sigmoid"].flatMap((activation) =>
    ["below", "above"].map((regime) => ({
      title: `${activation}, ${regime}`,
      yTitle: "norm",
      logY: true,
      series: [
        { name: "correct", x, y: x.map((d) => 0.5 ** d) },
        { name: "printed", x, y: x.map((d) => 0.6 ** d) },
        { name: "bound", x, y: x.map((d) => 0.9 ** d) },
      ],
    })),
  );
  const figure = linePanelsFigure({ title: "small multiples", xTitle: "lag", columns: 2, panels });

  it("puts each panel on its own axes in a grid, with one legend entry per series", () => {
    assert.equal(figure.kind, "linePanels");
    assert.equal(figure.data.length, 12);
    assert.deepEqual(
      figure.data.map((t) => t.showlegend),
      [true, true, true, ...Array(9).fill(false)],
    );
    const y = (k: string) => ((figure.layout as PlotlyObject)[k] as { domain: number[] }).domain;
    assert.deepEqual(y("yaxis"), y("yaxis2"));
    assert.ok(y("yaxis3")[1] < y("yaxis")[0], "second row below the first");
    assert.equal(countOf(figure.staticSvg, 'class="panel"'), 4);
    assert.deepEqual(lintFigure(figure), []);
  });

  it("requires panel titles", () => {
    assert.throws(
      () =>
        linePanelsFigure({
          title: "t",
          xTitle: "x",
          panels: panels.map((p) => ({ ...p, title: undefined })),
        }),
      /panels\[0\]\.title must be given/,
    );
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
    assert.deepEqual(logTicks(-38, 20), [1e-30, 1e-20, 1e-10, 1, 1e10, 1e20]);
    assert.ok(logTicks(-40, 0).length <= MAX_LOG_TICKS, "many decades are thinned");
  });

  it("labels log ticks as powers of ten when far from 1", () => {
    assert.equal(logTickLabel(0.001), "10⁻³");
    assert.equal(logTickLabel(2e-7), "2×10⁻⁷");
    assert.equal(logTickLabel(0.01), "0.01");
    assert.equal(logTickLabel(50), "50");
    assert.equal(logTickLabel(1e6), "10⁶");
  });
});
