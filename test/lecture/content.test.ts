// What the lecture's built files hold and what they must not: no text of any exercise's solution
// region (the lab's answers) in the deck, its source or the handout; the handout is one A4 page
// (counted in the PDF Chromium printed) and lists every common mistake. A screenshot of the
// handout, as printed, goes to build/lecture-test/handout.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { notebookExercises } from "../../scripts/exercises-regions.mjs";
import { countPdfPages } from "../../scripts/handout.mjs";
import { projectRoot as root } from "../../scripts/jupyter.mjs";
import { listNotebooks, notebookName, readNotebook } from "../../scripts/notebooks.mjs";

const deck = join(root, "build", "lecture", "index.html");
const handoutDir = join(root, "build", "handout");

function read(path: string): string {
  assert.ok(existsSync(path), `${path} is missing: run npm run lecture and npm run handout first`);
  return readFileSync(path, "utf8");
}

/** Markup reduced to its text, with the entities the builders write decoded. */
function text(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const squash = (s: string) => s.replace(/\s+/g, "");

test("no solution region's text is in the deck, its source or the handout", () => {
  const lines = listNotebooks(join(root, "notebooks")).flatMap((path) =>
    notebookExercises(readNotebook(path), notebookName(path)).flatMap((e) =>
      e.region.body.map((line) => ({ id: e.id, line: line.trim() })),
    ),
  );
  // Every solution line that says something (not a brace or a bare `return product;`).
  const telling = lines.filter(({ line }) => squash(line).length >= 12);
  assert.ok(telling.length >= 8, `only ${telling.length} solution lines found in the notebooks`);
  const built = {
    "build/lecture/index.html": read(deck),
    "lecture/slides.md": read(join(root, "lecture", "slides.md")),
    "build/handout/handout.html": read(join(handoutDir, "handout.html")),
    "lecture/handout.md": read(join(root, "lecture", "handout.md")),
  };
  const found = Object.entries(built).flatMap(([name, content]) => {
    const haystacks = [squash(content), squash(text(content))];
    return telling
      .filter(({ line }) => haystacks.some((h) => h.includes(squash(line))))
      .map(({ id, line }) => `${name} holds solution ${id}: ${line}`);
  });
  assert.deepEqual(found, []);
});

test("the handout PDF has exactly one page", () => {
  const path = join(handoutDir, "handout.pdf");
  assert.ok(existsSync(path), `${path} is missing: run npm run handout first`);
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  assert.equal(countPdfPages(bytes), 1);
  // The page tree says the same.
  const counts = [...bytes.toString("latin1").matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)];
  const countsReversed = [
    ...bytes.toString("latin1").matchAll(/\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g),
  ];
  const all = [...counts, ...countsReversed].map((m) => Number(m[1]));
  assert.ok(all.length > 0, "the PDF has no readable page tree");
  assert.deepEqual([...new Set(all)], [1]);
});

test("the handout has the notation sheet, the four readings and every common mistake", () => {
  const page = text(read(join(handoutDir, "handout.html")));
  for (const heading of ["Notation", "The four readings", "Common mistakes"]) {
    assert.ok(page.includes(heading), `no "${heading}" section`);
  }
  for (const row of [
    "state before the activation",
    "state after the activation",
    "numerator layout",
    "denominator layout",
    "vector–Jacobian product",
    "diag on the",
  ]) {
    assert.ok(page.includes(row), `the notation sheet lacks "${row}"`);
  }
  const mistakes = [
    "backward operator",
    "diag on the wrong side",
    "Eigenvalue or singular value",
    'as "explodes"',
    "Testing with",
    "at the wrong time step",
    "The product in the wrong order",
    " vs ",
    "A linear",
  ];
  const items = (read(join(handoutDir, "handout.html")).match(/<li>[\s\S]*?<\/li>/g) ?? []).map(
    text,
  );
  assert.equal(items.length, mistakes.length, "one list item per common mistake");
  for (const m of mistakes) {
    assert.ok(
      items.some((i) => i.includes(m)),
      `no mistake mentions "${m}"`,
    );
  }
  assert.match(
    items.find((i) => i.includes("A linear")) ?? "",
    /hide the denominator reading's error/,
  );
  const html = read(join(handoutDir, "handout.html"));
  assert.equal(
    (html.match(/<svg class="four-readings"/g) ?? []).length,
    1,
    "one four-readings figure",
  );
  for (const title of ["correct, both layouts", "eq. (5), numerator", "eq. (5), denominator"]) {
    assert.ok(html.includes(`>${title}<`), `the figure has no panel titled "${title}"`);
  }
});

test("the handout as printed: a screenshot, nothing cut at the page's right edge", async () => {
  const shots = join(root, "build", "lecture-test");
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    // A4 (210 mm) less the 10 mm margins on each side, at 96 px per inch.
    const width = Math.floor(((210 - 20) / 25.4) * 96);
    const page = await browser.newPage({ viewport: { width, height: 1050 } });
    await page.emulateMedia({ media: "print" });
    await page.goto(pathToFileURL(join(handoutDir, "handout.html")).href);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(overflow <= width, `the handout is ${overflow} px wide in a ${width} px column`);
    await page.screenshot({ path: join(shots, "handout.png"), fullPage: true });
  } finally {
    await browser.close();
  }
});
