// The notebooks in JupyterLab 4: the fixture page of test/lab (JupyterLab's own notebook widget,
// rendermime registry with the standard renderers and sanitizer, output area and MathJax
// typesetter, from the npm @jupyterlab/* packages pinned in test/lab/package.json), served by
// Debian's jupyter-server 1.23 through jupyterlab-server (test/lab/server.py), with the
// project's tslab kernel, in headless Chromium.
//  1. Each notebook is opened and run with NotebookActions.runAll (JupyterLab's "Run All
//     Cells"): no cell may fail, every figure its metadata promises must be drawn by plotly, every
//     LaTeX output typeset by MathJax, and the console must stay free of errors (no allow-list:
//     the two endpoints jupyter-server 1.23 lacks are bridged in the page, test/lab/src/stubs.ts).
//  2. Each executed notebook (from `npm run report`) is opened untrusted, without a kernel:
//     JupyterLab renders its HTML outputs through its sanitizer, which drops the scripts and the
//     data- attributes but keeps the <img> with its data: URI, so every figure must show its
//     static image, and nothing may be drawn live.
// Screenshots go to build/e2e/lab/. The fixture is installed by `.ci/run` (npm ci in test/lab).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { buildDir, projectRoot } from "../../scripts/jupyter.mjs";
import {
  expectedOutputs,
  isFresh,
  selectedNotebooks,
  notebookName,
  readNotebook,
  tidyKernelOutput,
} from "../../scripts/notebooks.mjs";
import type { LabFixture } from "../lab/src/api";
import { watchPage, type Browser } from "./chromium";
import { mathErrors, waitForFigures } from "./figures";
import type { JupyterServer } from "./jupyter-server";
import { requireReport } from "./report";
import {
  assertOutputsShown,
  assertStaticImages,
  expectNone,
  minute,
  staticImages,
  useFrontend,
} from "./session";

const notebooks = selectedNotebooks();
const labDir = join(projectRoot, "test", "lab");
const bundleDir = join(buildDir, "lab-app");
const screenshots = join(buildDir, "e2e", "lab");

type LabWindow = Window & { rnnJacobianLab?: LabFixture; rnnJacobianLabError?: string };

/**
 * Typechecks and builds the fixture page (test/lab/build.mjs, esbuild) unless build/lab-app is
 * newer than its sources.
 */
function ensureBundle(): void {
  if (!existsSync(join(labDir, "node_modules", "@jupyterlab", "notebook"))) {
    assert.fail(
      "the JupyterLab fixture is not installed: run `npm ci --prefix test/lab` (.ci/run does)",
    );
  }
  const sources = ["src", "build.mjs", "package-lock.json"].map((p) => join(labDir, p));
  if (isFresh([join(bundleDir, "index.js"), join(bundleDir, "index.css")], sources)) return;
  // esbuild strips types without checking them: typecheck the page first (strict, its own tsconfig).
  const tsc = spawnSync(
    process.execPath,
    [
      join(projectRoot, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      join(labDir, "tsconfig.json"),
    ],
    { encoding: "utf8", timeout: 5 * minute },
  );
  assert.equal(
    tsc.status,
    0,
    `the JupyterLab fixture does not typecheck:\n${tsc.stdout}${tsc.stderr}`,
  );
  const run = spawnSync(process.execPath, [join(labDir, "build.mjs"), bundleDir], {
    encoding: "utf8",
    timeout: 10 * minute,
  });
  assert.equal(
    run.status,
    0,
    `building the JupyterLab fixture failed:\n${run.stdout}${run.stderr}`,
  );
}

/** Opens a notebook in the fixture page and waits until it is loaded (and its kernel started). */
async function openNotebook(page: Page, server: JupyterServer, path: string, kernel: boolean) {
  const query = `path=${encodeURIComponent(path)}${kernel ? "" : "&kernel=0"}`;
  await page.goto(server.url(`rnn-jacobian-lab?${query}`));
  await page.waitForFunction(
    () => {
      const w = window as LabWindow;
      return w.rnnJacobianLab !== undefined || w.rnnJacobianLabError !== undefined;
    },
    null,
    { timeout: 2 * minute, polling: 200 },
  );
  const error = await page.evaluate(() => (window as LabWindow).rnnJacobianLabError);
  assert.equal(error, undefined, `the JupyterLab page did not start: ${error}`);
  return page.evaluate(() => (window as LabWindow).rnnJacobianLab!.ready());
}

/** Screenshots the whole notebook: the window is made as tall as the notebook's scroll area. */
async function notebookScreenshot(page: Page, path: string): Promise<void> {
  const height = await page.evaluate(() => {
    const outer = document.querySelector(".jp-WindowedPanel-outer");
    return outer ? outer.scrollHeight : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height + 60, 900), 16_000) });
  await sleep(1000);
  await page.screenshot({ path });
}

/** The state of every LaTeX output of the notebook (JupyterLab's text/latex renderer). */
function latexOutputs(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".jp-RenderedLatex")).map((element) => {
      const math = element.querySelector("mjx-container");
      return {
        typeset: math !== null && math.getBoundingClientRect().width > 0,
        error: element.querySelector("mjx-merror, [data-mjx-error]") !== null,
        text: element.innerText.slice(0, 80),
      };
    }),
  );
}

describe("the notebooks in JupyterLab 4 (npm @jupyterlab packages, jupyter-server 1.23, Chromium)", () => {
  const session = useFrontend(notebooks, screenshots, { kind: "lab", bundleDir }, ensureBundle);

  function started(): { browser: Browser; server: JupyterServer } {
    const { browser, server } = session;
    assert.ok(browser && server, "the browser or the Jupyter server did not start");
    return { browser, server };
  }

  it("the server's command line does not carry its token (it is read from a 0600 file)", () => {
    const { server } = started();
    const commandLine = readFileSync(`/proc/${server.pid}/cmdline`, "utf8");
    assert.ok(commandLine.includes("server.py"), `unexpected process: ${commandLine}`);
    assert.ok(!commandLine.includes(server.token), "the token is visible in the command line");
  });

  describe("opened in JupyterLab and run with Run All Cells", () => {
    for (const path of notebooks) {
      const name = notebookName(path);
      const expected = expectedOutputs(readNotebook(path));

      it(
        `${name}: every cell runs, ${expected.figures} figure(s) drawn, LaTeX typeset, no console error`,
        { timeout: 6 * minute },
        async (t) => {
          const { browser, server } = started();
          const page = await browser.context.newPage();
          const watch = watchPage(page);
          try {
            const opened = await openNotebook(page, server, `${name}.ipynb`, true);
            assert.equal(opened.kernel, "tslab", `${name}: kernel ${opened.kernel}`);
            const run = await page.evaluate(() => (window as LabWindow).rnnJacobianLab!.runAll());
            const indent = (text: string) => text.replace(/^/gm, "    ");
            const failures = run.failures.map(
              (f) =>
                `cell ${f.index + 1} failed:\n${indent(f.source)}\nit printed:\n${indent(tidyKernelOutput(f.printed))}`,
            );
            if (failures.length > 0) assert.fail(`${name}:\n${failures.join("\n")}`);
            assert.ok(run.ok, `${name}: runAll reported a failure without a failing cell`);
            const counts = await waitForFigures(page, 60_000);
            await page
              .waitForFunction(
                () =>
                  Array.from(document.querySelectorAll(".jp-RenderedLatex")).every(
                    (e) => e.querySelector("mjx-container") !== null,
                  ),
                null,
                { timeout: 30_000, polling: 250 },
              )
              .catch(() => undefined);
            const latex = await latexOutputs(page);
            t.diagnostic(`run all ${run.seconds.toFixed(1)} s in the page`);
            await notebookScreenshot(page, join(screenshots, `${name}.png`));
            assertOutputsShown(name, { ...counts, latex }, expected);
            expectNone(await mathErrors(page), `${name}: MathJax`);
            expectNone(watch.problems, name);
          } finally {
            await page
              .evaluate(() => (window as LabWindow).rnnJacobianLab?.shutdown())
              .catch(() => undefined);
            await page.close();
            await server.shutdownKernels();
          }
        },
      );
    }
  });

  describe("executed, untrusted, opened without a kernel (JupyterLab sanitizes the HTML)", () => {
    for (const path of notebooks) {
      const name = notebookName(path);
      const expected = expectedOutputs(readNotebook(path));

      it(
        `${name}: the static image of each of its ${expected.figures} figure(s) is shown`,
        { timeout: 3 * minute },
        async () => {
          requireReport(name, session.reportLog);
          const { browser, server } = started();
          const page = await browser.context.newPage();
          const watch = watchPage(page);
          try {
            const opened = await openNotebook(page, server, `untrusted/${name}.ipynb`, false);
            assert.ok(
              opened.trusted.every((trusted) => !trusted),
              `${name}: JupyterLab trusts the copied notebook`,
            );
            // The outputs render after the notebook has loaded: wait for the figures, then their images.
            await page
              .waitForFunction(
                (count) => document.querySelectorAll(".rnn-jacobian-figure").length >= count,
                expected.figures,
                { timeout: 60_000, polling: 250 },
              )
              .catch(() => undefined);
            await page.waitForFunction(
              () =>
                Array.from(
                  document.querySelectorAll<HTMLImageElement>("img.rnn-jacobian-static"),
                ).every((img) => img.complete),
              null,
              { timeout: 30_000, polling: 200 },
            );
            const seen = await page.evaluate(() => ({
              // The sanitizer drops data- attributes: count the wrappers by their class.
              wrappers: document.querySelectorAll(".rnn-jacobian-figure").length,
              markedWrappers: document.querySelectorAll("[data-rnn-jacobian-figure]").length,
              scripts: document.querySelectorAll(".jp-OutputArea-output script").length,
              livePlots: document.querySelectorAll(".main-svg").length,
            }));
            const images = await staticImages(page, ".rnn-jacobian-figure");
            await notebookScreenshot(page, join(screenshots, `untrusted-${name}.png`));
            assert.equal(
              seen.wrappers,
              expected.figures,
              `${name}: ${seen.wrappers} figure(s) after sanitizing, metadata says ${expected.figures}`,
            );
            assert.equal(
              seen.markedWrappers,
              0,
              "the sanitizer was expected to drop data- attributes",
            );
            assert.equal(seen.scripts, 0, `${name}: a script survived JupyterLab's sanitizer`);
            assertStaticImages(name, images, expected.figures);
            assert.equal(seen.livePlots, 0, `${name}: a live plot ran in an untrusted notebook`);
            expectNone(watch.problems, name);
          } finally {
            await page.close();
          }
        },
      );
    }
  });
});
