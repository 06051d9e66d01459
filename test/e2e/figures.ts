// What the browser tests read from a page: the display helper's figures (src/notebook/display.ts: a
// wrapper with data-rnn-jacobian-figure or, where a sanitizer dropped data- attributes, the class
// rnn-jacobian-figure; plotly draws .main-svg into its .rnn-jacobian-live div) and LaTeX outputs.
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";

/** Figure wrappers in the page, and how many of them plotly has drawn into. */
export function figureCounts(page: Page): Promise<{ wrappers: number; drawn: number }> {
  return page.evaluate(() => {
    const wrappers = Array.from(document.querySelectorAll("[data-rnn-jacobian-figure]"));
    return {
      wrappers: wrappers.length,
      drawn: wrappers.filter((w) => w.querySelector(".rnn-jacobian-live .main-svg")).length,
    };
  });
}

/**
 * Waits until plotly has drawn every figure element in the page (or the time is up). The
 * elements are there already (the cells have finished, or the page has loaded); plotly draws
 * asynchronously.
 */
export async function waitForFigures(page: Page, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let counts = await figureCounts(page);
  while (counts.drawn < counts.wrappers && Date.now() < deadline) {
    await sleep(250);
    counts = await figureCounts(page);
  }
  return counts;
}

export interface LatexState {
  visible: boolean;
  source: boolean;
  typeset: boolean;
  error: boolean;
}

/** The state of every text/latex output of an nbconvert page, once each is readable (or after 30 s). */
export async function settledLatex(page: Page): Promise<LatexState[]> {
  const read = () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-mime-type="text/latex"]')).map(
        (element) => {
          const box = element.getBoundingClientRect();
          const typeset = element.querySelector(
            ".MathJax, .MathJax_CHTML, .MathJax_Display, .MathJax_SVG, mjx-container",
          );
          return {
            visible: box.width > 0 && box.height > 0,
            source: element.innerText.includes("\\"),
            typeset: typeset !== null && typeset.getBoundingClientRect().width > 0,
            error: element.querySelector(".mjx-merror, .MathJax_Error, merror") !== null,
          };
        },
      ),
    );
  const deadline = Date.now() + 30_000;
  let states = await read();
  while (!states.every((l) => l.visible && (l.typeset || l.source)) && Date.now() < deadline) {
    await sleep(250);
    states = await read();
  }
  return states;
}
