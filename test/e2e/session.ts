// The set-up the frontend tests share: a served copy of the notebooks (and of the report's
// executed notebooks, to open untrusted), a Jupyter server on it, headless Chromium, and the
// checks every frontend makes of a page's figures and LaTeX outputs.
import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import type { Page } from "playwright-core";
import { buildDir } from "../../scripts/jupyter.mjs";
import { notebookName, notebooksDirectory } from "../../scripts/notebooks.mjs";
import { launchChromium, type Browser } from "./chromium";
import { startJupyterServer, type JupyterServer, type ServerKind } from "./jupyter-server";
import { ensureReport, reportDir } from "./report";

export const minute = 60_000;

/** What a frontend test's hooks set up; filled in by `before`, so read it inside the tests. */
export interface FrontendSession {
  server?: JupyterServer;
  browser?: Browser;
  /** `npm run report`'s output when it failed, "" otherwise (see requireReport). */
  reportLog: string;
}

/**
 * Registers before/after hooks on the enclosing describe: the report is made (or found fresh),
 * the notebooks and the report's executed notebooks (under untrusted/) are copied into a folder
 * inside build/ — so they still resolve "rnn-jacobian" from node_modules, and saving in the
 * browser cannot touch notebooks/ — and a Jupyter server of `server.kind` serves that copy.
 * `prepare` runs first (e.g. building a page bundle).
 * Everything is shut down afterwards, also when a test fails; the server's log is kept beside
 * the screenshots.
 */
export function useFrontend(
  notebooks: string[],
  screenshots: string,
  server: ServerKind = { kind: "notebook" },
  prepare?: () => void,
): FrontendSession {
  const session: FrontendSession = { reportLog: "" };
  let workDir = "";
  before(
    async () => {
      assert.ok(notebooks.length > 0, `no *.ipynb in ${notebooksDirectory()}`);
      prepare?.();
      mkdirSync(screenshots, { recursive: true });
      session.reportLog = ensureReport(notebooks);
      workDir = mkdtempSync(join(buildDir, `${server.kind}-work-`));
      const root = join(workDir, "notebooks");
      mkdirSync(join(root, "untrusted"), { recursive: true });
      for (const path of notebooks) {
        const name = notebookName(path);
        copyFileSync(path, join(root, `${name}.ipynb`));
        // Only a notebook that ran to the end has a page; a failed one's notebook is partial.
        if (existsSync(join(reportDir, `${name}.html`))) {
          copyFileSync(join(reportDir, `${name}.ipynb`), join(root, "untrusted", `${name}.ipynb`));
        }
      }
      session.server = await startJupyterServer(root, workDir, server);
      session.browser = await launchChromium();
    },
    { timeout: 20 * minute },
  );
  after(async () => {
    try {
      await session.browser?.close();
    } finally {
      await session.server?.stop();
      if (session.server) cpSync(session.server.logFile, join(screenshots, "jupyter-server.log"));
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  });
  return session;
}

/**
 * What a page showed: its figure wrappers, how many plotly drew, and its LaTeX outputs (left out
 * by a test that checks only figures).
 */
export interface PageOutputs {
  wrappers: number;
  drawn: number;
  latex?: Array<{ typeset: boolean; error: boolean; visible?: boolean; text?: string }>;
}

/**
 * The figures a notebook's metadata promises, all drawn, and (when `seen.latex` is given) its LaTeX
 * outputs, at least as many as promised, all typeset.
 */
export function assertOutputsShown(
  what: string,
  seen: PageOutputs,
  expected: { figures: number; latex: number },
): void {
  assert.equal(
    seen.wrappers,
    expected.figures,
    `${what}: ${seen.wrappers} figure element(s) in the page, metadata says ${expected.figures}`,
  );
  assert.equal(
    seen.drawn,
    expected.figures,
    `${what}: plotly drew ${seen.drawn} of ${expected.figures} figure(s)`,
  );
  if (!seen.latex) return;
  assert.ok(
    seen.latex.length >= expected.latex,
    `${what}: ${seen.latex.length} LaTeX output(s), metadata says at least ${expected.latex}`,
  );
  seen.latex.forEach((l, k) => {
    const shown = l.typeset && l.visible !== false;
    assert.ok(shown, `${what}: LaTeX output ${k + 1} is not typeset${l.text ? `: ${l.text}` : ""}`);
    assert.ok(!l.error, `${what}: MathJax reported an error in LaTeX output ${k + 1}`);
  });
}

/** Fails with every problem listed, one a line (and no diff of arrays). */
export function expectNone(problems: string[], heading: string): void {
  if (problems.length > 0) assert.fail(`${heading}:\n${problems.join("\n")}`);
}

/** Every static figure image (src/notebook/display.ts's <img class="rnn-jacobian-static">) under `scope`. */
export function staticImages(page: Page, scope = "") {
  return page.evaluate((scope) => {
    const images = document.querySelectorAll<HTMLImageElement>(`${scope} img.rnn-jacobian-static`);
    return Array.from(images).map((img) => {
      const box = img.getBoundingClientRect();
      const style = getComputedStyle(img);
      return {
        loaded: img.naturalWidth > 0,
        dataUri: img.getAttribute("src")?.startsWith("data:image/svg+xml;base64,") ?? false,
        visible:
          box.width > 0 &&
          box.height > 0 &&
          style.display !== "none" &&
          style.visibility !== "hidden" &&
          Number(style.opacity) > 0,
      };
    });
  }, scope.trim());
}

/** One loaded, visible static image per figure the metadata promises. */
export function assertStaticImages(
  name: string,
  images: Array<{ loaded: boolean; visible: boolean; dataUri: boolean }>,
  figures: number,
): void {
  assert.equal(
    images.length,
    figures,
    `${name}: ${images.length} static image(s) after sanitizing, metadata says ${figures} figure(s)`,
  );
  images.forEach((image, k) => {
    assert.ok(image.dataUri, `${name}: static image ${k + 1} lost its data: URI`);
    assert.ok(image.loaded, `${name}: static image ${k + 1} did not load (naturalWidth 0)`);
    assert.ok(image.visible, `${name}: static image ${k + 1} is hidden or has no size`);
  });
}
