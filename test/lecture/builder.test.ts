// The pieces `npm run lecture` and `npm run handout` are built from: the slide source format and
// its word count, LaTeX rendered at build time (an error fails the build), the deck style's scale,
// and the refusal of an output folder that holds the deck's source.
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spectralRadius } from "../../src/consequences/spectra";
import { deckFigureScale } from "../../src/notebook/plots/style";
import { projectRoot } from "../../scripts/jupyter.mjs";
import { texToSvg } from "../../scripts/lecture-math.mjs";
import {
  bodyHtml,
  countWords,
  markAppendix,
  parseSlides,
  visibleText,
} from "../../scripts/lecture-source.mjs";
import { spectralNorm } from "../../src/checked/norms";

const slide = (text: string) => `## A title\n\n${text}\n\nNote:\nTime: 2 min.\nAsk: why?\n`;

test("words are counted without formulas, and the title counts", () => {
  const [parsed] = parseSlides(slide("Entry $W_{jk}\\,\\sigma'(x_k)$ is **here**.\n\n$$J = W D$$"));
  assert.equal(visibleText(parsed).includes("sigma"), false);
  assert.equal(countWords(visibleText(parsed)), 5); // A title Entry is here
  assert.equal(parsed.minutes, 2);
});

test("a slide without a title or without timed notes is refused, naming the slide", () => {
  assert.throws(() => parseSlides("no title\n\nNote:\nTime: 1 min."), /slide 1 has no "## title"/);
  assert.throws(() => parseSlides("## T\n\ntext\n\nNote:\nAsk: x"), /slide 1 \("T"\).*Time/);
});

test("slides from an @appendix slide on are the appendix", () => {
  const slides = markAppendix(
    parseSlides(`${slide("a")}\n---\n@appendix\n${slide("b")}\n---\n${slide("c")}`),
  );
  assert.deepEqual(
    slides.map((s) => s.appendix),
    [false, true, true],
  );
});

test("formulas render to SVG at build time, and a LaTeX error fails", () => {
  const html = bodyHtml(["Entry $W_{jk}$ and", "$$J = W\\,\\mathrm{diag}(s)$$"], texToSvg);
  assert.equal((html.match(/<mjx-container/g) ?? []).length, 2);
  assert.equal(html.includes("$"), false);
  assert.throws(() => texToSvg("\\notamacro x", false), /Undefined control sequence/);
  assert.throws(() => texToSvg("x^{", true), /LaTeX error/);
});

test("the deck style scales a figure so its smallest text is at least 20 px, or refuses", () => {
  assert.equal(deckFigureScale("a", 600, 300, 640), 2); // width-limited: 1200 / 600
  assert.ok(deckFigureScale("b", 780, 453, 650) * 14 >= 20);
  assert.throws(() => deckFigureScale("tall", 780, 500, 600), /figure "tall".*below 20 px/);
});

test("npm run lecture and npm run handout refuse an output folder that holds their source", () => {
  for (const script of ["lecture", "handout"]) {
    const source = join(projectRoot, "lecture", script === "lecture" ? "slides.md" : "handout.md");
    const before = readFileSync(source, "utf8");
    const run = spawnSync(
      process.execPath,
      [join(projectRoot, "scripts", `${script}.mjs`), "--out", "lecture"],
      { cwd: projectRoot, encoding: "utf8" },
    );
    assert.equal(run.status, 2, `${script}: ${run.stderr}`);
    assert.match(
      run.stderr,
      // The path as typed, then where it leads.
      new RegExp(`npm run ${script}: refusing --out lecture \\(/.*/lecture\\): it (is|contains)`),
    );
    assert.equal(readFileSync(source, "utf8"), before);
    assert.equal(existsSync(join(projectRoot, "lecture", ".rnn-jacobian-output")), false);
  }
});

test("the numbers the slides print are the library's, and match a closed form", () => {
  const slides = readFileSync(join(projectRoot, "lecture", "slides.md"), "utf8");
  // σ_max of a 2×2 matrix in closed form: √((‖A‖_F² + √(‖A‖_F⁴ − 4 det(A)²)) / 2).
  const closedForm = (a: number[][]) => {
    const f2 = a.flat().reduce((s, v) => s + v * v, 0);
    const det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    return Math.sqrt((f2 + Math.sqrt(f2 * f2 - 4 * det * det)) / 2);
  };
  const w = [
    [1, 2],
    [0, 1],
  ];
  const d = [1, 0.1];
  const wd = w.map((row) => row.map((v, k) => v * d[k]));
  const wtd = w.map((row, j) => row.map((_, k) => w[k][j] * d[k]));
  const shown: [string, number][] = [
    ["\\|W D\\|_2 = ", spectralNorm(wd)],
    ["\\|W^{\\top} D\\|_2 = ", spectralNorm(wtd)],
    ["\\|W\\|_2\\,\\|D\\|_2 = ", spectralNorm(w) * Math.max(...d)],
  ];
  for (const [label, value] of shown) {
    assert.ok(
      slides.includes(`${label}${value.toFixed(4)}`),
      `slides lack ${label}${value.toFixed(4)}`,
    );
  }
  assert.ok(Math.abs(spectralNorm(wd) - closedForm(wd)) < 1e-12);
  assert.ok(Math.abs(spectralNorm(wtd) - closedForm(wtd)) < 1e-12);
  const nonNormal = [
    [0.5, 3],
    [0, 0.5],
  ];
  assert.equal(spectralRadius(nonNormal), 0.5);
  assert.ok(slides.includes(`\\|W\\|_2 \\approx ${spectralNorm(nonNormal).toFixed(2)}`));
  assert.ok(Math.abs(spectralNorm(nonNormal) - closedForm(nonNormal)) < 1e-12);
});
