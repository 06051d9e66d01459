// The explorable page as a student gets it: `npm run explore`'s folder copied to a fresh
// temporary folder (a USB stick) and opened from file:// in Debian's Chromium with every request
// outside that folder blocked. No console error; W₁₂ changed with the keyboard gives the
// library's matrices in every panel (read from the DOM's data attributes) and green autodiff
// badges; "make W symmetric" makes the numerator reading's difference exactly zero; an exercise
// box names a typical wrong answer, passes the right one and stops an endless loop; the folder
// holds no solution; teacher's mode finds solutions.js only when it is copied beside the page.
// Screenshots at 1280×720 and 768×1024 go to build/explore-test/.
import assert from "node:assert/strict";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  buildExplore,
  exploreDir,
  prepareOutput,
  teacherDir,
  type ExerciseCell,
} from "../../scripts/explore.mjs";
import { buildDir } from "../../scripts/jupyter.mjs";
import { blockOutside, launchHeadlessChromium } from "../e2e/chromium";
import { stepJacobian } from "../../src/checked/jacobians";
import { createRNN, forward, randomInputs, randomRNN } from "../../src/checked/network";

const screenshots = join(buildDir, "explore-test");
const minute = 60_000;

interface PageState {
  n: number;
  w: number[][];
  activation: "tanh" | "sigmoid" | "linear" | "relu";
  x0: number[];
  steps: number;
  step: number;
  seed: number;
}

/** The library's matrices for the state the page shows: W D, D Wᵀ, Wᵀ D at x⁽ⁱ⁻¹⁾. */
function libraryForms(state: PageState) {
  const seeded = randomRNN({ n: state.n, seed: state.seed, activation: state.activation });
  const rnn = createRNN({
    wRec: state.w,
    wIn: seeded.wIn,
    b: seeded.b,
    activation: state.activation,
  });
  const states = forward(rnn, randomInputs(state.steps, 1, state.seed + 2), state.x0);
  const x = states[state.step - 1];
  return {
    numerator: stepJacobian(rnn, x, "numerator"),
    denominator: stepJacobian(rnn, x, "denominator"),
    paper: stepJacobian(rnn, x, "paper"),
  };
}

interface Snapshot {
  state: PageState & { hover: { j: number; k: number } };
  panels: Record<string, number[][]>;
  badges: { view: string; ok: string; text: string }[];
}

const maxGap = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, r) => row.map((v, c) => Math.abs(v - b[r][c]))));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("the explorable page, copied elsewhere and opened from file://", () => {
  let browser: Browser | undefined;
  let copy = "";
  let cells: ExerciseCell[] = [];
  const consoleErrors: string[] = [];
  const blocked: string[] = [];

  /** A page of the copy with every request outside it blocked and its errors collected. */
  async function open(query: string, viewport = { width: 1280, height: 720 }): Promise<Page> {
    const context = await browser!.newContext({ viewport });
    await blockOutside(context, copy, blocked);
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(`page error: ${error.message}`));
    await page.goto(`${pathToFileURL(join(copy, "index.html")).href}${query}`);
    await page.waitForSelector("body[data-ready]", { timeout: 2 * minute });
    return page;
  }

  /** Waits until the views show the URL's state and its autodiff check has landed. */
  async function settled(page: Page) {
    await page.waitForFunction(
      () => {
        const root = document.getElementById("explorer")!;
        return root.dataset.checked === location.hash && root.dataset.drawn === location.hash;
      },
      undefined,
      { timeout: minute },
    );
    // A string, not a function: tsx would wrap named functions in a helper the page lacks.
    return page.evaluate(`(() => {
      const root = document.getElementById("explorer");
      const ids = ["autodiff", "numerator", "denominator", "paperNumerator", "paperDenominator",
        "paperNumerator-difference"];
      const panels = {};
      for (const id of ids) panels[id] = JSON.parse(document.getElementById("panel-" + id).dataset.matrix);
      return {
        state: JSON.parse(root.dataset.state),
        panels,
        badges: Array.from(document.querySelectorAll(".badge")).map((b) => ({
          view: b.dataset.view, ok: b.dataset.ok, text: b.textContent,
        })),
      };
    })()`) as Promise<Snapshot>;
  }

  before(
    async () => {
      ({ cells } = await buildExplore());
      copy = mkdtempSync(join(tmpdir(), "rnn-jacobian-explore-copy-"));
      cpSync(exploreDir, copy, { recursive: true });
      prepareOutput(screenshots);
      browser = await launchHeadlessChromium();
    },
    { timeout: 10 * minute },
  );

  after(async () => {
    await browser?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it(
    "opens with no console error and no request outside its folder",
    { timeout: 3 * minute },
    async () => {
      const page = await open("");
      await settled(page);
      assert.deepEqual(consoleErrors, []);
      assert.deepEqual(blocked, []);
      await page.screenshot({ path: join(screenshots, "explore-1280x720.png") });
      await page.context().close();
    },
  );

  it(
    "W₁₂ changed with the keyboard: every panel is the library's matrix, autodiff agrees",
    { timeout: 3 * minute },
    async () => {
      const page = await open("#n=3&act=tanh&T=20&i=2&seed=1");
      const before = (await settled(page)).state as PageState;
      await page.focus("#w-1-2");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      const { state, panels, badges } = await settled(page);
      assert.equal(
        Math.round((state.w[0][1] - before.w[0][1]) * 100),
        2,
        "W₁₂ went up by two steps",
      );
      assert.deepEqual(state.hover, { j: 0, k: 1 });
      const forms = libraryForms(state);
      // Equal up to float64 rounding, not bit for bit: the page's Math.tanh (Chromium's V8) and
      // Node's may differ in the last bit, and T = 20 steps of eq. (2) carry that into x⁽ⁱ⁻¹⁾.
      const sameShape = (a: number[][], b: number[][]) =>
        a.length === b.length && a.every((row, r) => row.length === b[r].length);
      for (const [name, shown, library] of [
        ["numerator", panels.numerator, forms.numerator],
        ["denominator", panels.denominator, forms.denominator],
        ["paperNumerator", panels.paperNumerator, forms.paper],
        ["paperDenominator", panels.paperDenominator, forms.paper],
      ] as const) {
        assert.ok(sameShape(shown, library), `${name}: the panel has the library's shape`);
        const gap = maxGap(shown, library);
        assert.ok(gap <= 1e-12, `${name}: max |panel − library| = ${gap}`);
      }
      assert.ok(maxGap(panels.autodiff, forms.numerator) < 1e-5, "autodiff panel = W D");
      for (const badge of badges) assert.equal(badge.ok, "true", `${badge.view}: ${badge.text}`);
      const tensors = () => page.getAttribute("#explorer", "data-tensors");
      const counted = await tensors();
      for (let press = 0; press < 3; press++) {
        await page.keyboard.press("ArrowDown");
        await settled(page);
      }
      assert.equal(await tensors(), counted, "tf.memory().numTensors stays flat across checks");
      assert.match(badges.find((b) => b.view === "readings")!.text!, /matches autodiff to/);
      assert.deepEqual(consoleErrors, []);
      await page.context().close();
    },
  );

  it(
    "make W symmetric: the numerator reading of Wᵀ D is exactly right",
    { timeout: 3 * minute },
    async () => {
      const page = await open("#n=4&act=tanh&T=10&i=3&seed=5");
      const first = await settled(page);
      assert.ok(first.panels["paperNumerator-difference"].flat().some((v) => v !== 0));
      await page.click("#make-symmetric");
      const { state, panels } = await settled(page);
      state.w.forEach((row: number[], j: number) =>
        row.forEach((v, k) => assert.equal(v, state.w[k][j])),
      );
      assert.ok(panels["paperNumerator-difference"].flat().every((v) => v === 0));
      assert.equal(
        await page.getAttribute("#condition-numerator", "data-holds"),
        "true",
        "the numerator condition lights up",
      );
      assert.equal(await page.getAttribute("#condition-denominator", "data-holds"), "false");
      await page.click("#make-linear");
      await settled(page);
      assert.equal(await page.getAttribute("#condition-denominator", "data-holds"), "true");
      await page.context().close();
    },
  );

  it(
    "an exercise box: a typical wrong answer is named, the right one passes, an endless loop is stopped",
    { timeout: 3 * minute },
    async () => {
      const cell = cells.find((c) => c.exercises.some((e) => e.id === "3.1"));
      assert.ok(cell, "the notebooks hold exercise 3.1");
      const page = await open("");
      const box = page.locator('article.exercise[data-ids="3.1"]');
      const stub = /^(\s*)throw new Error\("Exercise 3\.1: .*$/m;
      const start = await box.locator("textarea").inputValue();
      assert.match(start, stub, "the box starts as the student version");
      const run = async (body: string) => {
        await box.locator("textarea").fill(start.replace(stub, (_, indent) => `${indent}${body}`));
        await box.locator("button.run").click();
        await page.waitForFunction(
          () => {
            const r = document.querySelector('article.exercise[data-ids="3.1"]') as HTMLElement;
            return r.dataset.result && r.dataset.result !== "running";
          },
          undefined,
          { timeout: minute },
        );
        return {
          result: await box.getAttribute("data-result"),
          text: await box.locator(".result").textContent(),
        };
      };
      const wrong = await run("return w[k][j] * s[k];");
      assert.equal(wrong.result, "fail");
      assert.match(wrong.text!, /the weight of the reversed edge/);
      const right = await run("return w[j][k] * s[k];");
      assert.equal(right.result, "pass", right.text!);
      assert.match(right.text!, /^✓ /);
      const endless = await run("while (true) {}");
      assert.equal(endless.result, "timeout");
      assert.match(endless.text!, /stopped after 3 s/);
      // Progress is kept: a new page of the same origin shows 3.1 as passed.
      assert.match((await page.locator(".lab-summary").textContent())!, /of \d+ exercises passed/);
      assert.deepEqual(consoleErrors, []);
      await page.context().close();
    },
  );

  it(
    "the built folder holds no solution text; teacher's mode needs solutions.js beside the page",
    { timeout: 3 * minute },
    async () => {
      const shipped = filesUnder(exploreDir).map((path) => readFileSync(path, "utf8"));
      let checked = 0;
      for (const cell of cells) {
        const student = new Set(cell.code.split("\n").map((line) => line.trim()));
        const solutionLines = cell.solution
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line.length >= 12 && !student.has(line));
        for (const line of solutionLines) {
          checked++;
          for (const text of shipped) {
            assert.ok(!text.includes(line), `the page ships a solution line: ${line}`);
          }
        }
      }
      assert.ok(checked >= cells.length, "every exercise has solution lines to look for");
      assert.ok(!readdirSync(exploreDir).includes("solutions.js"));
      const errorsBefore = consoleErrors.length;
      const page = await open("?teacher");
      await page.waitForFunction(() => document.querySelector(".teacher-note")?.textContent);
      assert.match(
        (await page.locator(".teacher-note").textContent())!,
        /solutions\.js is not beside this page/,
      );
      await page.context().close();
      // The one error expected here: Chromium logs the missing solutions.js the page asked for.
      const missing = consoleErrors.splice(errorsBefore);
      assert.ok(missing.length > 0, "Chromium reported the missing solutions.js");
      assert.ok(
        missing.every((e) => e.includes("ERR_FILE_NOT_FOUND")),
        missing.join("\n"),
      );
      cpSync(join(teacherDir, "solutions.js"), join(copy, "solutions.js"));
      const teacher = await open("?teacher");
      await teacher.waitForSelector("details.solution");
      assert.equal(await teacher.locator("details.solution").count(), cells.length);
      await teacher.context().close();
      rmSync(join(copy, "solutions.js"));
    },
  );

  it(
    "works inside an iframe, as a slide of the lecture deck embeds it",
    { timeout: 3 * minute },
    async () => {
      const frame = join(copy, "frame-test.html");
      writeFileSync(
        frame,
        '<!doctype html><title>deck</title><iframe src="index.html#n=2&seed=3" width="1200" height="700"></iframe>',
      );
      const context = await browser!.newContext({ viewport: { width: 1280, height: 760 } });
      const page = await context.newPage();
      page.on("pageerror", (error) => consoleErrors.push(`page error: ${error.message}`));
      await page.goto(pathToFileURL(frame).href);
      const inner = page.frameLocator("iframe");
      await inner.locator("body[data-ready]").waitFor({ timeout: 2 * minute });
      await inner
        .locator('.badge[data-view="readings"][data-ok="true"]')
        .waitFor({ timeout: minute });
      assert.equal(await inner.locator("#control-n").inputValue(), "2");
      await context.close();
      rmSync(frame);
      assert.deepEqual(consoleErrors, []);
    },
  );

  it("screenshots at 1280×720 and 768×1024", { timeout: 3 * minute }, async () => {
    for (const [width, height] of [
      [1280, 720],
      [768, 1024],
    ]) {
      const page = await open("#n=4&act=tanh&T=30&i=3&seed=5&j=0&k=2", { width, height });
      await settled(page);
      await page.screenshot({ path: join(screenshots, `explore-${width}x${height}.png`) });
      await page.screenshot({
        path: join(screenshots, `explore-${width}x${height}-full.png`),
        fullPage: true,
      });
      await page.context().close();
    }
    assert.deepEqual(consoleErrors, []);
  });
});
