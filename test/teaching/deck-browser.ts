// Walks a reveal.js deck in Chromium the way a presenter does: the next-slide key until the
// last slide, checking on each slide that its figures drew and its LaTeX was typeset.
import type { Page } from "playwright-core";

export interface SlideVisit {
  /** reveal.js indices: h (horizontal), v (vertical), f (fragment, -1 or undefined if none). */
  h: number;
  v: number;
  f: number | undefined;
  figures: number;
  drawn: number;
  /** Text nodes on the slide still holding $…$ or \(…\) after MathJax ran. */
  rawTex: string[];
  typeset: number;
}

export interface DeckWalk {
  totalSlides: number;
  visits: SlideVisit[];
  /** Distinct slides (h/v pairs) reached. */
  reached: number;
  presses: number;
}

/** Waits until reveal.js is ready and MathJax has finished its first typesetting pass. */
export async function waitForDeck(page: Page, timeoutMs = 180_000): Promise<void> {
  // nbconvert's template loads reveal.js through require.js, so reveal.js registers as an AMD
  // module rather than window.Reveal: ask require.js for the same module (same URL, same instance).
  await page.waitForFunction(
    () => typeof (window as unknown as { require?: unknown }).require === "function",
  );
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        const w = window as unknown as {
          require: (ids: string[], ready: (reveal: unknown) => void) => void;
          Reveal?: unknown;
        };
        w.require(["reveal.js/dist/reveal.js"], (reveal) => {
          w.Reveal = reveal;
          done();
        });
      }),
  );
  await page.waitForFunction(
    () => {
      const w = window as unknown as {
        Reveal?: { isReady?: () => boolean };
        MathJax?: { Hub?: { queue?: { pending: number; running: number } } };
      };
      return typeof w.Reveal?.isReady === "function" && w.Reveal.isReady();
    },
    undefined,
    { timeout: timeoutMs },
  );
  await waitForMathJax(page, timeoutMs);
}

/** Waits until MathJax has finished everything queued so far (typesetting, re-rendering). */
export async function waitForMathJax(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.evaluate(
    (timeout) =>
      new Promise<void>((done, fail) => {
        const w = window as unknown as {
          MathJax?: { Hub?: { Queue: (...items: unknown[]) => void } };
        };
        const timer = setTimeout(() => fail(new Error("MathJax did not finish")), timeout);
        const hub = w.MathJax?.Hub;
        if (!hub) {
          clearTimeout(timer);
          fail(new Error("MathJax is not loaded"));
          return;
        }
        hub.Queue(() => {
          clearTimeout(timer);
          done();
        });
      }),
    timeoutMs,
  );
}

/** What the current slide shows (figures drawn, LaTeX typeset), read in the page. */
async function currentSlide(page: Page): Promise<SlideVisit> {
  return page.evaluate(() => {
    type RevealApi = {
      getIndices: () => { h: number; v: number; f?: number };
      getCurrentSlide: () => HTMLElement;
    };
    const reveal = (window as unknown as { Reveal: RevealApi }).Reveal;
    const { h, v, f } = reveal.getIndices();
    const slide = reveal.getCurrentSlide();
    const figures = Array.from(slide.querySelectorAll("[data-rnn-jacobian-figure]"));
    // A figure drew when plotly built its SVG inside the live div.
    const drawn = figures.filter((fig) => fig.querySelector(".rnn-jacobian-live .main-svg"));
    const rawTex: string[] = [];
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, pre, code, .MathJax_Preview, aside.notes")) {
        continue;
      }
      const text = node.textContent ?? "";
      if (/\$[^$\s][^$]*\$|\\\(|\\\[|\$\$/.test(text)) rawTex.push(text.trim().slice(0, 80));
    }
    const typeset = slide.querySelectorAll(".MathJax_CHTML, mjx-container").length;
    return { h, v, f, figures: figures.length, drawn: drawn.length, rawTex, typeset };
  });
}

/**
 * Presses the next-slide key (space: reveal.js's "next", which visits vertical slides and
 * fragments too) until reveal.js reports the last slide with no fragment left, giving each
 * slide time for its figures to draw. Gives up after `maxPresses`.
 */
export async function walkDeck(page: Page, maxPresses = 2000): Promise<DeckWalk> {
  const totalSlides = await page.evaluate(() =>
    (window as unknown as { Reveal: { getTotalSlides: () => number } }).Reveal.getTotalSlides(),
  );
  const visits: SlideVisit[] = [];
  let presses = 0;
  const drawTimeout = 20_000;
  for (;;) {
    // Figures on the slide draw asynchronously (plotly's newPlot resolves later).
    const started = Date.now();
    let visit = await currentSlide(page);
    while (visit.drawn < visit.figures && Date.now() - started < drawTimeout) {
      await page.waitForTimeout(100);
      visit = await currentSlide(page);
    }
    visits.push(visit);
    const atEnd = await page.evaluate(() => {
      const reveal = (
        window as unknown as {
          Reveal: { isLastSlide: () => boolean; availableFragments: () => { next: boolean } };
        }
      ).Reveal;
      return reveal.isLastSlide() && !reveal.availableFragments().next;
    });
    if (atEnd || presses >= maxPresses) break;
    await page.keyboard.press("Space");
    presses += 1;
    await page.waitForTimeout(50);
  }
  const reached = new Set(visits.map((v) => `${v.h}/${v.v}`)).size;
  return { totalSlides, visits, reached, presses };
}
