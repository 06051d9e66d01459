// `npm run bench:explore`: how long one update of the explorable page takes (a slider move at
// n = 8, T = 50 redraws every view), in headless Chromium from file://, as the page itself
// measures it with performance.mark/measure: the whole update, the float64 core ("derive"), each
// view ("view:…") and each autodiff check ("autodiff:…"). Prints the median and p95 of each over
// the moves and what dominates. A benchmark, not a test: nothing here fails on a slow machine.
//
// Targets: ≤ 16 ms median and ≤ 33 ms p95 for the update (one animation frame at 60 Hz).
// Needs `npm run explore` first (it builds the page when build/explore/ is missing).
/* global document, requestAnimationFrame, performance, Event -- the page-side code below runs in Chromium */
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildExplore, exploreDir } from "../scripts/explore.mjs";
// TypeScript, loaded through tsx (`npm run bench:explore` runs node --import tsx).
import { launchHeadlessChromium } from "../test/e2e/chromium.ts";

const MOVES = Number(process.env.EXPLORE_BENCH_MOVES ?? 120);
const WARMUP = 20;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main() {
  if (!existsSync(join(exploreDir, "index.html"))) await buildExplore();
  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const url = `${pathToFileURL(join(exploreDir, "index.html")).href}#n=8&T=50&i=25&act=tanh&seed=3`;
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    await page.focus("#w-slider");
    const { updates, checks } = await page.evaluate(
      async ({ moves, warmup, pauseEvery }) => {
        const root = document.getElementById("explorer");
        const slider = document.getElementById("w-slider");
        const once = (name) =>
          new Promise((resolve) => root.addEventListener(name, resolve, { once: true }));
        const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
        const measures = () =>
          Object.fromEntries(
            performance.getEntriesByType("measure").map((e) => [e.name, e.duration]),
          );
        const result = { updates: [], checks: [] };
        for (let move = 0; move < moves + warmup; move++) {
          performance.clearMeasures();
          const drawn = once("explore:updated");
          // A slider move as the browser reports it: a new value and an input event.
          slider.value = String((Math.sin(move / 7) * 2).toFixed(2));
          slider.dispatchEvent(new Event("input", { bubbles: true }));
          await drawn;
          await frame(); // the frame is painted before the next move, as in a drag
          if (move >= warmup) result.updates.push(measures());
          if (move % pauseEvery === pauseEvery - 1) {
            // A pause in the drag: the autodiff check runs and the badges turn green or red.
            performance.clearMeasures();
            await once("explore:checked");
            if (move >= warmup) result.checks.push(measures());
          }
        }
        return result;
      },
      { moves: MOVES, warmup: WARMUP, pauseEvery: 10 },
    );
    const report = (title, samples, total) => {
      // A short run (EXPLORE_BENCH_MOVES below the pause interval) has no pause to report.
      if (samples.length === 0) return console.log(`\n${title}: none in this run`);
      const names = Object.keys(samples[0]);
      console.log(`\n${title}`);
      console.log("part                 median ms    p95 ms");
      const medians = {};
      for (const name of names) {
        const sorted = samples.map((s) => s[name] ?? 0).sort((a, b) => a - b);
        medians[name] = quantile(sorted, 0.5);
        const [median, p95] = [0.5, 0.95].map((q) => quantile(sorted, q).toFixed(2).padStart(9));
        console.log(`${name.padEnd(20)} ${median} ${p95}`);
      }
      const parts = names.filter((n) => n !== total).sort((a, b) => medians[b] - medians[a]);
      const share = (n) => `${n} (${((100 * medians[n]) / medians[total]).toFixed(0)}%)`;
      console.log(`dominated by: ${parts.slice(0, 3).map(share).join(", ")}`);
    };
    const [load1] = loadavg();
    console.log(
      `explore page, n = 8, T = 50, headless Chromium from file://; ${cpus().length} cores, ` +
        `load average ${load1.toFixed(1)} when done`,
    );
    report(`one slider move: every view redrawn (${updates.length} moves)`, updates, "update");
    console.log("targets: update ≤ 16 ms median, ≤ 33 ms p95 (one frame at 60 Hz)");
    report(
      `the autodiff check when the drag pauses (${checks.length} pauses; off the frame)`,
      checks,
      "check",
    );
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`npm run bench:explore: ${error.message}`);
  process.exitCode = 1;
});
