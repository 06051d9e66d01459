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

/**
 * Every MathJax error in the page (or under `scope`), as readable lines; [] when all the math
 * typeset cleanly. MathJax 2 and 3 mark a TeX error with an merror element (`.MathJax_Error`,
 * `merror`, `mjx-merror`, or the noErrors extension's `.noError`/`.mjx-noError` showing the raw
 * TeX); with the noUndefined extension (loaded by MathJax 2's "-full" configurations and by
 * MathJax 3's default TeX packages) an undefined macro such as \multicolumn is drawn as its own
 * name in red instead, so red text inside typeset math counts too; and without either, the
 * error's own text ("Undefined control sequence", "Math Processing Error") shows.
 */
export function mathErrors(page: Page, scope = "body"): Promise<string[]> {
  // No named functions inside evaluate: the test's TypeScript loader would wrap them in a helper
  // that does not exist in the page.
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) ?? document.body;
    const outputs =
      ".output_area, .jp-OutputArea-output, .jp-RenderedLatex, section, [data-mime-type]";
    const problems: string[] = [];
    const marked = root.querySelectorAll(
      ".MathJax_Error, merror, mjx-merror, [data-mjx-error], .noError, .mjx-noError",
    );
    for (const element of Array.from(marked)) {
      const text = (element.closest(outputs) ?? element).textContent ?? "";
      problems.push(`MathJax error in: ${text.replace(/\s+/g, " ").trim().slice(0, 100)}`);
    }
    const math = root.querySelectorAll(".MathJax, .MathJax_CHTML, .MathJax_Display, mjx-container");
    for (const container of Array.from(math)) {
      const red = Array.from(container.querySelectorAll("[style], [mathcolor]")).some(
        (element) =>
          /^red$/i.test(element.getAttribute("mathcolor") ?? "") ||
          /(^|;)\s*color:\s*red\b/i.test(element.getAttribute("style") ?? ""),
      );
      if (red) {
        const text = (container.closest(outputs) ?? container).textContent ?? "";
        problems.push(
          `undefined macro (drawn in red) in: ${text.replace(/\s+/g, " ").trim().slice(0, 100)}`,
        );
      }
    }
    const text = (root as HTMLElement).innerText ?? "";
    for (const message of ["Undefined control sequence", "Math Processing Error"]) {
      if (text.includes(message)) problems.push(`"${message}" shows in the page`);
    }
    return problems;
  }, scope);
}
