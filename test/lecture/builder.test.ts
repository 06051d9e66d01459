// The pieces `npm run lecture` and `npm run handout` are built from: the slide source format and
// its word count, LaTeX rendered at build time (an error fails the build), the deck style's scale,
// and the output folders that are cleared only when the script made them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deckFigureScale } from "../../src/notebook/plots/style";
import { MARKER, prepareOutputFolder } from "../../scripts/lecture-output.mjs";
import { texToSvg } from "../../scripts/lecture-math.mjs";
import {
  bodyHtml,
  countWords,
  markAppendix,
  parseSlides,
  visibleText,
} from "../../scripts/lecture-source.mjs";

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

test("an output folder is cleared only when the script made it", () => {
  const base = mkdtempSync(join(tmpdir(), "lecture-output-"));
  const fresh = join(base, "fresh");
  prepareOutputFolder(fresh, [], "test");
  assert.ok(existsSync(join(fresh, MARKER)));
  writeFileSync(join(fresh, "old.html"), "from the last run");
  prepareOutputFolder(fresh, [], "test");
  assert.equal(existsSync(join(fresh, "old.html")), false, "a marked folder is emptied");

  const users = join(base, "users");
  mkdirSync(users);
  writeFileSync(join(users, "notes.txt"), "mine");
  assert.throws(() => prepareOutputFolder(users, [], "test"), /refusing .*users.*did not write/);
  assert.equal(readFileSync(join(users, "notes.txt"), "utf8"), "mine");

  const source = join(base, "src", "slides.md");
  mkdirSync(join(base, "src"));
  writeFileSync(source, "## x");
  assert.throws(
    () => prepareOutputFolder(join(base, "src"), [source], "test"),
    /contains .*slides\.md/,
  );
  assert.throws(() => prepareOutputFolder(base, [source], "test"), /contains/);
  assert.equal(readFileSync(source, "utf8"), "## x");
});
