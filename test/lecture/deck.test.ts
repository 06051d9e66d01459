// The lecture deck (`npm run lecture`, build/lecture/index.html) in Chromium at 1280×720, opened
// from file:// with every other request blocked: on every slide nothing overflows, every text is at
// least 20 px, every formula is one rendered SVG with no MathJax error and no TeX source beside
// it, every figure is drawn inside the slide, at most 50 words, and speaker notes with minutes.
// The deck is opened from a copy of build/lecture/ (and build/explore/, when built) in a new
// temporary folder, as from a USB stick.
// Screenshots of every slide go to build/lecture-test/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { projectRoot as root } from "../../scripts/jupyter.mjs";
import { markAppendix, parseSlides } from "../../scripts/lecture-source.mjs";
import { blockOutside, launchHeadlessChromium } from "../e2e/chromium";

const deck = join(root, "build", "lecture", "index.html");
const shots = join(root, "build", "lecture-test");
const MIN_FONT = 20;
const MAX_WORDS = 50;

interface SlideReport {
  index: number;
  title: string;
  overflow: string | null;
  smallText: string[];
  formulas: number;
  mathErrors: number;
  rawTex: string[];
  figures: { width: number; height: number; inside: boolean }[];
  words: number;
  notes: string;
}

let browser: Browser;
let copy: string;
let page: Page;
const blocked: string[] = [];
const consoleErrors: string[] = [];
let reports: SlideReport[] = [];

before(async () => {
  assert.ok(existsSync(deck), `${deck} is missing: run npm run lecture first`);
  mkdirSync(shots, { recursive: true });
  browser = await launchHeadlessChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  copy = mkdtempSync(join(tmpdir(), "lecture-copy-"));
  await blockOutside(page, copy, blocked);
  // tsx compiles this file keeping function names (esbuild's `__name` helper), which functions
  // sent to the page then call: give the page that helper as the identity.
  await page.addInitScript({ content: "window.__name = (f) => f;" });
  cpSync(join(root, "build", "lecture"), join(copy, "lecture"), { recursive: true });
  // The deck's optional last slide embeds ../explore/index.html: copy that page beside it too.
  const explore = join(root, "build", "explore");
  if (existsSync(explore)) cpSync(explore, join(copy, "explore"), { recursive: true });
  await page.goto(pathToFileURL(join(copy, "lecture", "index.html")).href);
  await page.waitForFunction(() => {
    const w = window as unknown as { Reveal?: { isReady?: () => boolean } };
    return w.Reveal?.isReady?.() === true;
  });
  const total = await page.evaluate(() => document.querySelectorAll(".slides > section").length);
  reports = [];
  for (let index = 0; index < total; index++) {
    await page.evaluate((h) => {
      (window as unknown as { Reveal: { slide: (h: number) => void } }).Reveal.slide(h);
    }, index);
    await page.waitForFunction(
      (h) => document.querySelectorAll(".slides > section")[h].classList.contains("present"),
      index,
    );
    reports.push(await page.evaluate(inspectSlide, { index, minFont: MIN_FONT }));
    const name = `slide-${String(index + 1).padStart(2, "0")}.png`;
    await page.screenshot({ path: join(shots, name) });
  }
});

after(async () => {
  await browser?.close();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** Runs in the page: everything the tests check about slide `index`. */
function inspectSlide({ index, minFont }: { index: number; minFont: number }): SlideReport {
  const section = document.querySelectorAll<HTMLElement>(".slides > section")[index];
  const overflow =
    section.scrollHeight > section.clientHeight || section.scrollWidth > section.clientWidth
      ? `scroll ${section.scrollWidth}×${section.scrollHeight}, client ${section.clientWidth}×${section.clientHeight}`
      : null;
  const visible = (el: Element) => !el.closest("aside.notes");
  const smallText: string[] = [];
  // HTML text: every element with a text node of its own.
  for (const el of Array.from(section.querySelectorAll<HTMLElement>("*"))) {
    if (!visible(el) || el.closest("svg")) continue;
    const own = Array.from(el.childNodes).some(
      (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "",
    );
    if (!own) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minFont) smallText.push(`${el.tagName} ${size}px "${el.textContent?.slice(0, 30)}"`);
  }
  // SVG text in figures: the rendered size is the font size times the figure's scale.
  for (const el of Array.from(section.querySelectorAll<SVGTextElement>("svg.figure text"))) {
    if ((el.textContent ?? "").trim() === "") continue;
    const matrix = el.getScreenCTM();
    const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
    const size = parseFloat(getComputedStyle(el).fontSize) * scale;
    if (size < minFont - 0.05) smallText.push(`svg text ${size.toFixed(1)}px "${el.textContent}"`);
  }
  // Formulas: rendered at build time, so each is one mjx-container holding one SVG.
  const containers = Array.from(section.querySelectorAll("mjx-container")).filter(visible);
  for (const c of containers) {
    const size = parseFloat(getComputedStyle(c).fontSize);
    if (size < minFont) smallText.push(`formula ${size}px`);
  }
  const mathErrors =
    section.querySelectorAll("merror, mjx-merror, [data-mjx-error]").length +
    (section.innerHTML.includes("Undefined control sequence") ? 1 : 0) +
    containers.filter((c) => c.querySelectorAll(":scope > svg").length !== 1).length;
  // Visible text outside formulas and figures must hold no TeX source.
  const clone = section.cloneNode(true) as HTMLElement;
  clone
    .querySelectorAll("aside.notes, mjx-container, svg.figure, iframe")
    .forEach((e) => e.remove());
  const text = clone.textContent ?? "";
  const rawTex = text.match(/\$[^$]*\$|\\[A-Za-z]+|\^\{|_\{/g) ?? [];
  const words = (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.–-]*/gu) ?? []).length;
  const box = section.getBoundingClientRect();
  const figures = Array.from(section.querySelectorAll("svg.figure, iframe")).map((f) => {
    const r = f.getBoundingClientRect();
    const inside =
      r.left >= box.left - 0.5 &&
      r.right <= box.right + 0.5 &&
      r.top >= box.top - 0.5 &&
      r.bottom <= box.bottom + 0.5;
    return { width: r.width, height: r.height, inside };
  });
  return {
    index,
    title: section.querySelector("h2")?.textContent ?? "",
    overflow,
    smallText,
    formulas: containers.length,
    mathErrors,
    rawTex,
    figures,
    words,
    notes: section.querySelector("aside.notes")?.textContent ?? "",
  };
}

function failures(check: (r: SlideReport) => string | null): string[] {
  return reports.flatMap((r) => {
    const problem = check(r);
    return problem ? [`slide ${r.index + 1} ("${r.title}"): ${problem}`] : [];
  });
}

test("the deck loads with no network and no console error", () => {
  assert.ok(reports.length >= 30, `only ${reports.length} slides`);
  assert.deepEqual(blocked, []);
  assert.deepEqual(consoleErrors, []);
});

test("nothing overflows a slide at 1280×720", () => {
  assert.deepEqual(
    failures((r) => r.overflow),
    [],
  );
});

test("every text on every slide is at least 20 px", () => {
  assert.deepEqual(
    failures((r) => (r.smallText.length ? r.smallText.join("; ") : null)),
    [],
  );
});

test("every formula is rendered once, with no MathJax error and no TeX source beside it", () => {
  const source = markAppendix(
    parseSlides(readFileSync(join(root, "lecture", "slides.md"), "utf8")),
  );
  const expected = source.map((s) => {
    const text = [s.title, ...s.body].join("\n");
    const display = text.match(/\$\$[\s\S]*?\$\$/g) ?? [];
    const inline = text.replace(/\$\$[\s\S]*?\$\$/g, " ").match(/\$[^$\n]+\$/g) ?? [];
    return display.length + inline.length;
  });
  assert.ok(expected.reduce((a, b) => a + b, 0) > 40, "the deck should hold formulas");
  assert.deepEqual(
    failures((r) => {
      if (r.mathErrors) return `${r.mathErrors} MathJax error(s)`;
      if (r.rawTex.length) return `TeX source visible: ${r.rawTex.join(" ")}`;
      const want = expected[r.index];
      if (want !== undefined && r.formulas !== want)
        return `${r.formulas} formulas, source has ${want}`;
      return null;
    }),
    [],
  );
});

test("every figure is drawn with a nonzero size inside its slide", () => {
  const drawn = reports.flatMap((r) => r.figures);
  assert.ok(drawn.length >= 6, `only ${drawn.length} figures`);
  assert.deepEqual(
    failures((r) => {
      const bad = r.figures.filter((f) => !(f.width > 0 && f.height > 0 && f.inside));
      return bad.length ? `figure not drawn inside the slide: ${JSON.stringify(bad)}` : null;
    }),
    [],
  );
});

test("at most 50 words of text on a slide", () => {
  assert.deepEqual(
    failures((r) => (r.words > MAX_WORDS ? `${r.words} words` : null)),
    [],
  );
});

test("speaker notes on every slide, with minutes; the main part fits 90 minutes", () => {
  assert.deepEqual(
    failures((r) => (/Time:\s*\d+(\.\d+)?\s*min/.test(r.notes) ? null : "no timed notes")),
    [],
  );
  const withoutAsk = failures((r) => (/Ask:|Board:/.test(r.notes) ? null : "no Ask/Board line"));
  // The appendix's slides are for questions; every slide of the lecture itself says what to ask
  // the room or what to draw.
  const source = markAppendix(
    parseSlides(readFileSync(join(root, "lecture", "slides.md"), "utf8")),
  );
  const main = source.filter((s) => !s.appendix);
  assert.deepEqual(
    withoutAsk.filter((f) => Number(/^slide (\d+)/.exec(f)?.[1]) <= main.length),
    [],
  );
  const minutes = main.reduce((sum, s) => sum + s.minutes, 0);
  assert.ok(minutes >= 75 && minutes <= 90, `the lecture's slides take ${minutes} minutes`);
});

test("the speaker view (key s) opens from file:// and shows the slide's timed notes", async () => {
  await page.evaluate(() => {
    (window as unknown as { Reveal: { slide: (h: number) => void } }).Reveal.slide(2);
  });
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("s")]);
  try {
    await popup.waitForFunction(
      () =>
        /Time:\s*\d+ min/.test(
          document.querySelector(".speaker-controls-notes")?.textContent ?? "",
        ),
      undefined,
      { timeout: 30_000 },
    );
    await popup.screenshot({ path: join(shots, "speaker-view.png") });
  } finally {
    await popup.close();
  }
});
