// Debian's Chromium, headless, driven by playwright-core (which cannot download browsers here):
// the one place that launches it (for the tests and bench/explore.mjs), the route that blocks
// every request outside a folder, and the browser console messages the tests accept.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import {
  chromium,
  type Browser as PlaywrightBrowser,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";

// Without the background-networking, component-update and sync flags Chromium keeps opening
// connections that a closed network refuses; playwright adds --headless itself, and
// --user-data-dir from the profile folder for a persistent context.
export const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function requireChromium(): void {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not installed at ${chromiumPath} (Debian: apt-get install chromium)`,
    );
  }
}

/** A headless Chromium with playwright's own throw-away profile: contexts via newContext(). */
export async function launchHeadlessChromium(): Promise<PlaywrightBrowser> {
  requireChromium();
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

/**
 * Lets a page (or every page of a context) load only data:, blob: and file: URLs inside
 * `folder`; every other request is aborted and its URL pushed to `blocked`, for the test to
 * assert empty: a copied folder must work on its own, without the network or the project.
 */
export async function blockOutside(
  target: Page | BrowserContext,
  folder: string,
  blocked: string[],
): Promise<void> {
  const inside = folder.endsWith(sep) ? folder : folder + sep;
  await target.route("**", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    if (url.startsWith("file:") && fileURLToPath(url.split(/[?#]/)[0]).startsWith(inside)) {
      return route.continue();
    }
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile in a temporary folder, removed (and any straggler killed) on close. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "rnn-jacobian-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      // Close politely; if Chromium hangs, kill whatever still runs on this profile folder.
      await Promise.race([context.close().catch(() => undefined), sleep(15_000)]);
      killProcessesMentioning(profile);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function killProcessesMentioning(marker: string): void {
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) {
        process.kill(Number(pid), "SIGKILL");
      }
    } catch {
      // exited meanwhile
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Console errors that the page logs whatever our notebooks do, matched exactly:
 * - Debian's Notebook 6 asks for the ipywidgets extension on every page, which it does not
 *   ship: a 404 for nbextensions/widgets/notebook/js/extension.js and the refusal to run the
 *   HTML error page as a script;
 * - MathJax 2's HTML-CSS output, which the Notebook uses for every LaTeX output, declares a
 *   placeholder font `@font-face { font-family: MathJax_Blank; src: url('about:blank') }`
 *   (jax/output/HTML-CSS/jax.js); Chromium refuses the about:blank font and logs the CORS
 *   refusal and the failed load.
 */
export function knownNotebookErrors(baseUrl: string): Array<(message: ConsoleMessage) => boolean> {
  const widgets = `${escapeRegExp(baseUrl)}/nbextensions/widgets/notebook/js/extension\\.js\\?v=\\d+`;
  return [
    (m) =>
      m.text() ===
        "Failed to load resource: the server responded with a status of 404 (Not Found)" &&
      new RegExp(`^${widgets}$`).test(m.location().url),
    (m) =>
      new RegExp(
        `^Refused to execute script from '${widgets}' because its MIME type \\('text/html'\\) is not executable, and strict MIME type checking is enabled\\.$`,
      ).test(m.text()),
    (m) =>
      m
        .text()
        .startsWith(
          `Access to font at 'about:blank' from origin '${baseUrl}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: `,
        ),
    (m) =>
      m.text() === "Failed to load resource: net::ERR_FAILED" && m.location().url === "about:blank",
  ];
}

/**
 * Collects what goes wrong on a page: console errors not matched by `allowed`, and uncaught
 * exceptions. Read `problems` after the page has done its work.
 */
export function watchPage(
  page: Page,
  allowed: Array<(message: ConsoleMessage) => boolean> = [],
): { problems: string[] } {
  const watch = { problems: [] as string[] };
  page.on("console", (message) => {
    if (message.type() !== "error" || allowed.some((allow) => allow(message))) return;
    const where = message.location().url;
    watch.problems.push(`console error: ${message.text()}${where ? ` (at ${where})` : ""}`);
  });
  page.on("pageerror", (error) => {
    watch.problems.push(`uncaught exception: ${error.message}`);
  });
  return watch;
}
