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
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { buildDir, projectRoot } from "../../scripts/jupyter.mjs";
import {
  expectedOutputs,
  isFresh,
  listNotebooks,
  notebookName,
  notebooksDirectory,
  readNotebook,
  tidyKernelOutput,
} from "../../scripts/notebooks.mjs";
import type { LabFixture } from "../lab/src/api";
import { launchChromium, watchPage, type Browser } from "./chromium";
import { waitForFigures } from "./figures";
import { startJupyterServer, type JupyterServer } from "./jupyter-server";
import { ensureReport, reportDir, requireReport } from "./report";

const notebooks = listNotebooks(notebooksDirectory());
const labDir = join(projectRoot, "test", "lab");
const bundleDir = join(buildDir, "lab-app");
const screenshots = join(buildDir, "e2e", "lab");
const minute = 60_000;

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
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;
  let workDir = "";
  let reportLog = "";

  before(
    async () => {
      assert.ok(notebooks.length > 0, `no *.ipynb in ${notebooksDirectory()}`);
      ensureBundle();
      mkdirSync(screenshots, { recursive: true });
      reportLog = ensureReport(notebooks);
      // Served from a copy inside the project (so "rnn-jacobian" resolves from node_modules, and
      // saving in the browser cannot touch notebooks/).
      workDir = mkdtempSync(join(buildDir, "lab-work-"));
      const root = join(workDir, "notebooks");
      mkdirSync(join(root, "untrusted"), { recursive: true });
      for (const path of notebooks) {
        const name = notebookName(path);
        copyFileSync(path, join(root, `${name}.ipynb`));
        if (existsSync(join(reportDir, `${name}.html`))) {
          copyFileSync(join(reportDir, `${name}.ipynb`), join(root, "untrusted", `${name}.ipynb`));
        }
      }
      server = await startJupyterServer(root, workDir, { kind: "lab", bundleDir });
      browser = await launchChromium();
    },
    { timeout: 20 * minute },
  );

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
      if (server) cpSync(server.logFile, join(screenshots, "jupyter-server.log"));
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("the server's command line does not carry its token (it is read from a 0600 file)", () => {
    assert.ok(server, "the server did not start");
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
          assert.ok(browser && server, "the browser or the Jupyter server did not start");
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
            assert.equal(
              counts.wrappers,
              expected.figures,
              `${name}: ${counts.wrappers} figure element(s) in the page, metadata says ${expected.figures}`,
            );
            assert.equal(
              counts.drawn,
              expected.figures,
              `${name}: plotly drew ${counts.drawn} of ${expected.figures} figure(s) within 60 s`,
            );
            assert.ok(
              latex.length >= expected.latex,
              `${name}: ${latex.length} LaTeX output(s), metadata says at least ${expected.latex}`,
            );
            latex.forEach((l, k) => {
              assert.ok(l.typeset, `${name}: LaTeX output ${k + 1} is not typeset: ${l.text}`);
              assert.ok(!l.error, `${name}: MathJax reported an error in LaTeX output ${k + 1}`);
            });
            if (watch.problems.length > 0) assert.fail(`${name}:\n${watch.problems.join("\n")}`);
          } finally {
            await page
              .evaluate(() => (window as LabWindow).rnnJacobianLab?.shutdown())
              .catch(() => undefined);
            await page.close();
            await server?.shutdownKernels();
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
          requireReport(name, reportLog);
          assert.ok(browser && server, "the browser or the Jupyter server did not start");
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
              images: Array.from(
                document.querySelectorAll<HTMLImageElement>(
                  ".rnn-jacobian-figure img.rnn-jacobian-static",
                ),
              ).map((img) => {
                const box = img.getBoundingClientRect();
                const style = getComputedStyle(img);
                return {
                  loaded: img.naturalWidth > 0,
                  dataUri:
                    img.getAttribute("src")?.startsWith("data:image/svg+xml;base64,") ?? false,
                  visible:
                    box.width > 0 &&
                    box.height > 0 &&
                    style.display !== "none" &&
                    style.visibility !== "hidden" &&
                    Number(style.opacity) > 0,
                };
              }),
              livePlots: document.querySelectorAll(".main-svg").length,
            }));
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
            assert.equal(
              seen.images.length,
              expected.figures,
              `${name}: figures without a static image`,
            );
            seen.images.forEach((image, k) => {
              assert.ok(image.dataUri, `${name}: static image ${k + 1} lost its data: URI`);
              assert.ok(
                image.loaded,
                `${name}: static image ${k + 1} did not load (naturalWidth 0)`,
              );
              assert.ok(image.visible, `${name}: static image ${k + 1} is hidden or has no size`);
            });
            assert.equal(seen.livePlots, 0, `${name}: a live plot ran in an untrusted notebook`);
            if (watch.problems.length > 0) assert.fail(`${name}:\n${watch.problems.join("\n")}`);
          } finally {
            await page.close();
          }
        },
      );
    }
  });
});
