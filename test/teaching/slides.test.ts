// The decks (`npm run slides`): which cells become slides, then every deck opened in Chromium
// from a copied folder with the network blocked, walked with the next-slide key to the last
// slide, every figure drawn on its slide, the LaTeX typeset, no console error. Screenshots of a
// few slides of each deck go to build/test-slides/screenshots/.
//
// Built for the small fixture in test/teaching/fixtures/notebooks and for the real notebooks
// (RNN_JACOBIAN_NOTEBOOKS_DIR or notebooks/); executed notebooks are reused from
// build/test-notebooks/ when the notebook test has just run them.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDir, projectRoot } from "../../scripts/jupyter.mjs";
import {
  cellSource,
  inspectOutputs,
  listNotebooks,
  notebooksDirectory,
  readNotebook,
  type Notebook,
  type NotebookCell,
} from "../../scripts/notebooks.mjs";
import {
  combinedDeckNotebook,
  deckCells,
  hideInputTag,
  inlinePlotlyOnce,
  slideType,
} from "../../scripts/slides-deck.mjs";
import { buildSlides, lectureDeckName, type Deck } from "../../scripts/slides.mjs";
import { blockOutside, launchChromium, watchPage, type Browser } from "../e2e/chromium";
import { mathErrors } from "../e2e/figures";
import { waitForDeck, waitForMathJax, walkDeck } from "./deck-browser";

const banner = "Copyright 2012-2026, Plotly, Inc.";
// One per inlined plotly.js: the bundle's licence banner, or src/notebook/display.ts's compressed copy.
const anyBanner = /Copyright 2012-\d{4}, Plotly, Inc\.|rnn-jacobian inlines plotly\.js v\d/g;

function markdown(source: string, type?: string): NotebookCell {
  return {
    cell_type: "markdown",
    metadata: type ? { slideshow: { slide_type: type } } : {},
    source,
  };
}

function code(source: string, outputs: Array<Record<string, unknown>>, tags: string[] = []) {
  const cell: NotebookCell = { cell_type: "code", metadata: { tags }, source, outputs };
  return cell;
}

function notebookOf(cells: NotebookCell[]): Notebook {
  return { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
}

const printed = { output_type: "stream", name: "stdout", text: "✓ checked\n" };
const latex = { output_type: "display_data", data: { "text/latex": "$$x$$" }, metadata: {} };
const figure = (extra = "") => ({
  output_type: "display_data",
  data: {
    "text/html": `<div data-rnn-jacobian-figure="f">${extra}<div class="rnn-jacobian-live"></div></div>`,
  },
  metadata: {},
});

describe("which cells become slides", () => {
  it("without slide metadata, # and ## headings start slides and ### subslides", () => {
    const cells = deckCells(
      notebookOf([markdown("# A\n"), markdown("text"), markdown("## B"), markdown("### C")]),
    );
    assert.deepEqual(cells.map(slideType), ["slide", "-", "slide", "subslide"]);
  });

  it("with slide metadata, only the marked cells start slides", () => {
    const cells = deckCells(notebookOf([markdown("# A", "slide"), markdown("## B")]));
    assert.deepEqual(cells.map(slideType), ["slide", "-"]);
  });

  it("formula cells stay whole; other code cells keep only their rich outputs", () => {
    const cells = deckCells(
      notebookOf([
        markdown("# A"),
        code("formula()", [printed], ["formula"]),
        code("plumbing()", [printed, latex]),
      ]),
    );
    assert.equal(cells[1].outputs?.length, 1);
    assert.ok(!(cells[1].metadata.tags as string[]).includes(hideInputTag));
    assert.deepEqual(cells[2].outputs, [latex]);
    assert.ok((cells[2].metadata.tags as string[]).includes(hideInputTag));
  });

  it("a cell with nothing to show is dropped and its slide start moves to the next cell", () => {
    const parameters = code("let n = 2;", [printed]);
    parameters.metadata.slideshow = { slide_type: "slide" };
    const cells = deckCells(
      notebookOf([
        markdown("# A", "slide"),
        parameters,
        markdown("*Speaker notes.* say", "notes"),
        code("show()", [latex]),
      ]),
    );
    assert.deepEqual(cells.map(cellSource), ["# A", "*Speaker notes.* say", "show()"]);
    assert.deepEqual(cells.map(slideType), ["slide", "notes", "slide"]);
  });

  it("an exercise's solution shows without its markers", () => {
    const exercise = code(
      "function f(): number {\n  // BEGIN SOLUTION 1.1: do it\n  return 1;\n  // END SOLUTION\n}",
      [],
      ["exercise", "formula"],
    );
    const cells = deckCells(notebookOf([markdown("# A"), exercise]));
    assert.equal(cellSource(cells[1]), "function f(): number {\n  return 1;\n}");
  });

  it("a notebook that failed is refused", () => {
    const failed = code("boom()", [{ output_type: "error", ename: "Error", evalue: "x" }]);
    assert.throws(() => deckCells(notebookOf([markdown("# A"), failed]), "n"), {
      message: /n: cell 2 has an error output/,
    });
  });

  it("plotly.js stays in the first figure of a combined deck only", () => {
    const bundle = `<script>/* ${banner} */ window.Plotly = {};</script>`;
    const one = notebookOf([markdown("# One"), code("a()", [figure(bundle)])]);
    const two = notebookOf([markdown("# Two"), code("b()", [figure(bundle), figure()])]);
    const deck = combinedDeckNotebook(
      [
        { notebook: one, label: "one" },
        { notebook: two, label: "two" },
      ],
      "both",
    );
    const html = deck.cells
      .flatMap((c) => c.outputs ?? [])
      .map((o) => String((o.data as Record<string, unknown>)["text/html"] ?? ""));
    assert.equal(html.join("").split(banner).length - 1, 1);
    assert.ok(html[0].includes(banner));
    assert.ok(html.every((h) => h.includes('class="rnn-jacobian-live"')));
    assert.deepEqual(deck.cells.map(slideType), ["slide", "-", "slide", "-"]);
    assert.equal(inlinePlotlyOnce(deck.cells), 1);
  });

  it("the compressed copy src/notebook/display.ts inlines counts as plotly.js too", () => {
    const loader = `<script type="text/javascript">\n/* rnn-jacobian inlines plotly.js v4.1.1 (gzip) */\nvar packed = "H4sI";\n</script>`;
    const cells = [code("a()", [figure(loader)]), code("b()", [figure(loader)])];
    assert.equal(inlinePlotlyOnce(cells), 1);
    const html = cells.map((c) =>
      String((c.outputs?.[0].data as Record<string, unknown>)["text/html"]),
    );
    assert.ok(html[0].includes("var packed"));
    assert.ok(!html[1].includes("var packed") && !html[1].includes("<script"));
  });
});

const suites = [
  {
    label: "the teaching fixture",
    dir: join(projectRoot, "test", "teaching", "fixtures", "notebooks"),
  },
  { label: "the notebooks", dir: notebooksDirectory() },
];
const screenshotsDir = join(buildDir, "test-slides", "screenshots");

for (const suite of suites) {
  const tag = suite === suites[0] ? "fixture" : "notebooks";
  const outputDir = join(buildDir, "test-slides", tag);
  const where = relative(projectRoot, suite.dir) || ".";
  const count = listNotebooks(suite.dir).length;

  describe(`the decks of ${suite.label} (${where}/), offline in Chromium`, () => {
    let decks: Deck[] = [];
    let browser: Browser | undefined;
    let copy = "";

    before(
      async () => {
        decks = await buildSlides({
          notebooksDir: suite.dir,
          outputDir,
          executedDir: join(buildDir, "test-slides", `${tag}-executed`),
        });
        // Open the decks from a copy: nothing may point back into the project.
        copy = mkdtempSync(join(tmpdir(), "rnn-jacobian-slides-"));
        cpSync(outputDir, copy, { recursive: true });
        browser = await launchChromium();
        mkdirSync(screenshotsDir, { recursive: true });
      },
      { timeout: 30 * 60_000 },
    );

    after(async () => {
      await browser?.close();
      if (copy) rmSync(copy, { recursive: true, force: true });
    });

    it(`one deck per notebook (${count}) and the lecture deck`, () => {
      assert.equal(decks.length, count + 1);
      assert.equal(decks.at(-1)?.name, lectureDeckName);
      assert.equal(decks.at(-1)?.notebooks.length, count);
    });

    for (let index = 0; index <= count; index++) {
      it(
        `deck ${index + 1} of ${count + 1}: every slide reached, figures drawn, LaTeX typeset`,
        {
          timeout: 20 * 60_000,
        },
        async (t) => {
          const deck = decks[index];
          assert.ok(deck && browser, "the decks were not built");
          t.diagnostic(deck.file);
          const source = readNotebook(deck.source);
          const html = readFileSync(deck.path, "utf8");
          const expectedFigures = inspectOutputs(source).figures.length;
          const notes = source.cells.filter((c) => slideType(c) === "notes").length;
          assert.equal(
            (html.match(anyBanner) ?? []).length,
            expectedFigures > 0 ? 1 : 0,
            `${deck.file}: plotly.js must be inlined once`,
          );

          const page = await browser.context.newPage();
          const blocked: string[] = [];
          try {
            await blockOutside(page, copy, blocked);
            const watch = watchPage(page);
            await page.goto(`file://${join(copy, deck.file)}`, { timeout: 180_000 });
            await waitForDeck(page);
            const walk = await walkDeck(page);
            assert.deepEqual(blocked, [], `${deck.file} asked for the network`);
            assert.deepEqual(watch.problems, [], `${deck.file}: console errors`);
            assert.equal(walk.reached, walk.totalSlides, `${deck.file}: slides reached`);
            await waitForMathJax(page);
            const math = await mathErrors(page, ".reveal .slides");
            assert.deepEqual(math, [], `${deck.file}: MathJax errors`);

            const bySlide = new Map(walk.visits.map((v) => [`${v.h}/${v.v}`, v]));
            const slides = [...bySlide.values()];
            for (const visit of slides) {
              assert.equal(
                visit.drawn,
                visit.figures,
                `${deck.file}, slide ${visit.h}/${visit.v}: ${visit.drawn} of ${visit.figures} figure(s) drew`,
              );
              assert.deepEqual(
                visit.rawTex,
                [],
                `${deck.file}, slide ${visit.h}/${visit.v}: raw TeX`,
              );
            }
            const figures = slides.reduce((sum, v) => sum + v.figures, 0);
            assert.equal(figures, expectedFigures, `${deck.file}: figures on the slides`);
            const texInSource = source.cells.some(
              (c) =>
                /\$[^$]+\$/.test(cellSource(c)) ||
                (c.outputs ?? []).some((o) => (o.data as Record<string, unknown>)?.["text/latex"]),
            );
            if (texInSource) {
              assert.ok(
                slides.some((v) => v.typeset > 0),
                `${deck.file}: no LaTeX was typeset`,
              );
            }
            assert.equal(await page.locator("aside.notes").count(), notes, "speaker notes");

            // A few screenshots: the title slide, the first figure slide, the first LaTeX slide.
            const picks = [
              slides[0],
              slides.find((v) => v.figures > 0),
              slides.find((v) => v.typeset > 0),
            ].filter((v, k, all) => v && all.indexOf(v) === k);
            for (const visit of picks) {
              await page.evaluate(
                ({ h, v }) =>
                  (
                    window as unknown as { Reveal: { slide: (h: number, v: number) => void } }
                  ).Reveal.slide(h, v),
                { h: visit!.h, v: visit!.v },
              );
              // reveal.js re-renders the slide's math on arrival; let MathJax finish first.
              await page.waitForTimeout(300);
              await waitForMathJax(page);
              await page.waitForTimeout(500);
              const name = `${basename(deck.file, ".slides.html")}-${visit!.h}-${visit!.v}.png`;
              await page.screenshot({ path: join(screenshotsDir, name) });
            }
          } finally {
            await page.close();
          }
          assert.ok(dirname(deck.path) === outputDir);
        },
      );
    }
  });
}
