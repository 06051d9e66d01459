// What readers do, end to end with real parts: Debian's Jupyter Notebook server with
// the project's tslab kernel, and Debian's Chromium driven headless by playwright-core.
//  1. Each notebook is opened, run with "Run all", and must draw every figure its metadata
//     promises, with no failing cell and no browser console error beyond the Notebook's own;
//     a full-page screenshot goes to build/e2e/<name>.png.
//  2. Each executed notebook is opened untrusted and not run (the Notebook sanitizes its HTML
//     and runs no scripts): every figure's static image must be visible, and no live plot.
// The server and the browser are always shut down, also when a test fails. (The report's pages
// are tested from a copied folder in report-copy.test.ts, JupyterLab in lab.test.ts.)
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { buildDir } from "../../scripts/jupyter.mjs";
import {
  expectedOutputs,
  selectedNotebooks,
  notebookName,
  readNotebook,
  tidyKernelOutput,
} from "../../scripts/notebooks.mjs";
import { knownNotebookErrors, watchPage } from "./chromium";
import type { JupyterServer } from "./jupyter-server";
import { mathErrors, waitForFigures } from "./figures";
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
const screenshots = join(buildDir, "e2e");

/** The parts of the classic Notebook's page API the test uses. */
interface NotebookPage {
  Jupyter?: {
    notebook?: {
      _fully_loaded?: boolean;
      trusted?: boolean;
      kernel?: { info_reply?: Record<string, unknown> };
      events: {
        on(event: "shell_reply.Kernel", handler: (event: unknown, data: ShellReply) => void): void;
        on(
          event: "finished_iopub.Kernel",
          handler: (event: unknown, data: { msg_id: string }) => void,
        ): void;
      };
      execute_all_cells(): void;
      get_cells(): Array<{
        cell_type: string;
        last_msg_id?: string | null;
        get_text(): string;
        output_area?: { outputs: Array<Record<string, unknown>> };
      }>;
    };
  };
  rnnJacobianReplies?: Array<{ status: string; parent: string }>;
  rnnJacobianIdle?: string[];
}

interface ShellReply {
  reply: {
    header: { msg_type: string };
    parent_header: { msg_id: string };
    content: { status: string };
  };
}

/** Seconds since the previous call (or since the stopwatch started), with one decimal. */
function stopwatch(): () => string {
  let last = Date.now();
  return () => {
    const now = Date.now();
    const seconds = ((now - last) / 1000).toFixed(1);
    last = now;
    return seconds;
  };
}

/**
 * Screenshots the whole page. The classic Notebook's #site panel scrolls on its own, so it is
 * unrolled first; and, with `waitForMath`, MathJax 2 (in the Notebook and in nbconvert's pages)
 * gets up to 10 s to finish typesetting, so the picture shows formulas, not "Processing math".
 */
async function fullPageScreenshot(page: Page, path: string, waitForMath = true): Promise<void> {
  if (waitForMath) {
    await page
      .waitForFunction(
        () => {
          const hub = (
            window as unknown as {
              MathJax?: { Hub?: { queue?: { pending: number; running: number } } };
            }
          ).MathJax?.Hub;
          return !hub?.queue || (hub.queue.pending === 0 && hub.queue.running === 0);
        },
        null,
        { timeout: 10_000, polling: 250 },
      )
      .catch(() => undefined);
  }
  await page.evaluate(() => {
    for (const selector of ["html", "body", "#site"]) {
      const element = document.querySelector<HTMLElement>(selector);
      if (element) {
        element.style.height = "auto";
        element.style.overflow = "visible";
      }
    }
  });
  await page.screenshot({ path, fullPage: true });
}

describe("the notebooks in a real browser (Jupyter Notebook 6 + Chromium)", () => {
  const session = useFrontend(notebooks, screenshots);

  async function openPage(): Promise<{ page: Page; server: JupyterServer }> {
    const { browser, server } = session;
    assert.ok(browser && server, "the browser or the Jupyter server did not start");
    return { page: await browser.context.newPage(), server };
  }

  describe("opened in Jupyter Notebook and run with Run all", () => {
    for (const path of notebooks) {
      const name = notebookName(path);
      const expected = expectedOutputs(readNotebook(path));

      it(
        `${name}: every cell runs, ${expected.figures} figure(s) drawn, no console error`,
        { timeout: 5 * minute },
        async (t) => {
          const { page, server } = await openPage();
          const watch = watchPage(page, knownNotebookErrors(server.baseUrl));
          const clock = stopwatch();
          try {
            await page.goto(server.url(`notebooks/${encodeURIComponent(name)}.ipynb`));
            await page.waitForFunction(
              () => {
                const notebook = (window as unknown as NotebookPage).Jupyter?.notebook;
                return (
                  notebook?._fully_loaded === true &&
                  Object.keys(notebook.kernel?.info_reply ?? {}).length > 0
                );
              },
              null,
              { timeout: 2 * minute, polling: 200 },
            );
            const opened = clock();
            // A cell is done when the Notebook has both its execute_reply and the kernel's idle
            // status for it (after which every output of the cell is in the page). The reply
            // alone is not enough: tslab replies early, and the Notebook can receive the reply
            // before a 10 MB output (the one inlining plotly.js). tslab reports a failing cell
            // by the reply's status "error" (and its stderr), which names the failing cell.
            await page.evaluate(() => {
              const page = window as unknown as NotebookPage;
              const events = page.Jupyter!.notebook!.events;
              page.rnnJacobianReplies = [];
              page.rnnJacobianIdle = [];
              events.on("shell_reply.Kernel", (_event, data) => {
                if (data.reply.header.msg_type !== "execute_reply") return;
                page.rnnJacobianReplies!.push({
                  status: data.reply.content.status,
                  parent: data.reply.parent_header.msg_id,
                });
              });
              events.on("finished_iopub.Kernel", (_event, data) => {
                page.rnnJacobianIdle!.push(data.msg_id);
              });
              page.Jupyter!.notebook!.execute_all_cells();
            });
            await page.waitForFunction(
              () => {
                const page = window as unknown as NotebookPage;
                const replies = page.rnnJacobianReplies ?? [];
                if (replies.some((r) => r.status === "error")) return true;
                const replied = new Set(replies.map((r) => r.parent));
                const idle = new Set(page.rnnJacobianIdle);
                return page
                  .Jupyter!.notebook!.get_cells()
                  .filter((cell) => cell.cell_type === "code" && cell.last_msg_id)
                  .every((cell) => replied.has(cell.last_msg_id!) && idle.has(cell.last_msg_id!));
              },
              null,
              { timeout: 4 * minute, polling: 250 },
            );
            const failedCells = await page.evaluate(() => {
              const page = window as unknown as NotebookPage;
              const failed = new Set(
                (page.rnnJacobianReplies ?? [])
                  .filter((r) => r.status === "error")
                  .map((r) => r.parent),
              );
              return page
                .Jupyter!.notebook!.get_cells()
                .map((cell, index) => ({ cell, index }))
                .filter(({ cell }) => cell.last_msg_id && failed.has(cell.last_msg_id))
                .map(({ cell, index }) => ({
                  index,
                  source: cell.get_text(),
                  printed: (cell.output_area?.outputs ?? [])
                    .map((o) => (o.name === "stderr" ? String(o.text) : String(o.evalue ?? "")))
                    .join(""),
                }));
            });
            const indent = (text: string) => text.replace(/^/gm, "    ");
            const failures = failedCells.map(
              (f) =>
                `cell ${f.index + 1} failed:\n${indent(f.source)}\nit printed:\n${indent(tidyKernelOutput(f.printed))}`,
            );
            const errorOutputs = await page.locator(".output_error").count();
            expectNone(failures, name);
            assert.equal(errorOutputs, 0, `${name}: ${errorOutputs} error output(s) in the page`);

            const ran = clock();
            const counts = await waitForFigures(page, 30_000);
            const drawn = clock();
            await fullPageScreenshot(page, join(screenshots, `${name}.png`));
            t.diagnostic(
              `open + kernel ${opened} s, run all ${ran} s, draw ${drawn} s, screenshot ${clock()} s`,
            );
            // LaTeX typesetting is counted in JupyterLab and the report; here the figures, and
            // that MathJax 2 typeset every formula without an error.
            assertOutputsShown(name, counts, expected);
            expectNone(await mathErrors(page, "#notebook"), `${name}: MathJax`);
            expectNone(watch.problems, name);
          } finally {
            await page.close();
            await server.shutdownKernels();
          }
        },
      );
    }
  });

  describe("executed but untrusted, opened without running (scripts do not run)", () => {
    for (const path of notebooks) {
      const name = notebookName(path);
      const expected = expectedOutputs(readNotebook(path));

      it(
        `${name}: the static image of each of its ${expected.figures} figure(s) is visible`,
        { timeout: 3 * minute },
        async () => {
          requireReport(name, session.reportLog);
          const { page, server } = await openPage();
          const watch = watchPage(page, knownNotebookErrors(server.baseUrl));
          try {
            await page.goto(server.url(`notebooks/untrusted/${encodeURIComponent(name)}.ipynb`));
            await page.waitForFunction(
              () => (window as unknown as NotebookPage).Jupyter?.notebook?._fully_loaded === true,
              null,
              { timeout: 2 * minute, polling: 200 },
            );
            await page.waitForFunction(
              () =>
                Array.from(
                  document.querySelectorAll<HTMLImageElement>("img.rnn-jacobian-static"),
                ).every((img) => img.complete),
              null,
              { timeout: 30_000, polling: 200 },
            );
            const seen = await page.evaluate(() => ({
              trusted: (window as unknown as NotebookPage).Jupyter!.notebook!.trusted,
              livePlots: document.querySelectorAll(".main-svg").length,
            }));
            const images = await staticImages(page);
            // Only the static images matter here: no waiting for MathJax.
            await fullPageScreenshot(page, join(screenshots, `untrusted-${name}.png`), false);
            assert.equal(seen.trusted, false, `${name}: the copied notebook was trusted`);
            assertStaticImages(name, images, expected.figures);
            assert.equal(seen.livePlots, 0, `${name}: a live plot ran in an untrusted notebook`);
            expectNone(watch.problems, name);
          } finally {
            await page.close();
            await server.shutdownKernels();
          }
        },
      );
    }
  });
});
