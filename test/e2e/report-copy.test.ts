// The hand-outs: the folder `npm run report` writes, copied to a new temporary folder (as a
// teacher copies it to a USB stick or a student's laptop), must work on its own. Each page is
// opened from the copy in headless Chromium with every request outside the copied folder
// blocked (the network, file:///usr/share/javascript, the project): every figure must be drawn
// by plotly, every LaTeX output typeset by MathJax, no request may have been blocked, and the
// console must stay free of errors. Screenshots go to build/e2e/report-<name>.png.
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { buildDir } from "../../scripts/jupyter.mjs";
import {
  expectedOutputs,
  selectedNotebooks,
  notebookName,
  notebooksDirectory,
  readNotebook,
} from "../../scripts/notebooks.mjs";
import { blockOutside, launchChromium, watchPage, type Browser } from "./chromium";
import { mathErrors, settledLatex, waitForFigures } from "./figures";
import { ensureReport, reportDir, requireReport } from "./report";
import { assertOutputsShown, expectNone, minute } from "./session";

const notebooks = selectedNotebooks();
const screenshots = join(buildDir, "e2e");

describe("the report folder, copied elsewhere, opened with everything outside it blocked", () => {
  let browser: Browser | undefined;
  let copy = "";
  let reportLog = "";

  before(
    async () => {
      assert.ok(notebooks.length > 0, `no *.ipynb in ${notebooksDirectory()}`);
      mkdirSync(screenshots, { recursive: true });
      reportLog = ensureReport(notebooks);
      copy = mkdtempSync(join(tmpdir(), "rnn-jacobian-report-copy-"));
      cpSync(reportDir, copy, { recursive: true });
      browser = await launchChromium();
    },
    { timeout: 20 * minute },
  );

  after(async () => {
    await browser?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("no page names a path outside the folder (file:///, /usr/share/javascript, http)", () => {
    for (const path of notebooks) {
      const name = notebookName(path);
      requireReport(name, reportLog);
      const html = readFileSync(join(copy, `${name}.html`), "utf8");
      const loads = [...html.matchAll(/<(?:script|link|img)\b[^>]*?\s(?:src|href)="([^"]*)"/gi)]
        .map((m) => m[1])
        .filter((url) => !url.startsWith("data:"));
      const outside = loads.filter((url) => /^[a-z]+:|^\/|\.\.\//i.test(url));
      assert.deepEqual(outside, [], `${name}.html loads from outside its folder`);
    }
  });

  for (const path of notebooks) {
    const name = notebookName(path);
    const expected = expectedOutputs(readNotebook(path));

    it(
      `${name}.html: ${expected.figures} figure(s) drawn, LaTeX typeset, nothing fetched from outside`,
      { timeout: 3 * minute },
      async () => {
        requireReport(name, reportLog);
        assert.ok(browser, "the browser did not start");
        const page = await browser.context.newPage();
        const watch = watchPage(page);
        const blocked: string[] = [];
        try {
          await blockOutside(page, copy, blocked);
          await page.goto(pathToFileURL(join(copy, `${name}.html`)).href, { timeout: 2 * minute });
          const counts = await waitForFigures(page, 60_000);
          // MathJax loads and typesets after the page: wait (up to a minute) until every LaTeX
          // output holds typeset math, then read their state.
          await page
            .waitForFunction(
              () =>
                Array.from(document.querySelectorAll('[data-mime-type="text/latex"]')).every(
                  (e) => e.querySelector(".MathJax_CHTML, mjx-container") !== null,
                ),
              null,
              { timeout: minute, polling: 250 },
            )
            .catch(() => undefined);
          const latex = await settledLatex(page);
          await page.screenshot({ path: join(screenshots, `report-${name}.png`), fullPage: true });
          assert.deepEqual(blocked, [], `${name}.html asked for something outside its folder`);
          assertOutputsShown(`${name}.html`, { ...counts, latex }, expected);
          expectNone(await mathErrors(page), `${name}.html: MathJax`);
          expectNone(watch.problems, `${name}.html`);
        } finally {
          await page.close();
        }
      },
    );
  }
});
