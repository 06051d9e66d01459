// `npm run bench:notebooks`: executes each notebook once, one at a time (so they do not compete
// for the 2 cores), and reports how long it took and its slowest cell against the targets of
// the project: every notebook under 10 s, no cell over 2 s. It reports; it does not fail on a miss.
//
// Times: "run" is the kernel's time from the first cell starting to the last cell finishing
// (what a reader waits for after "Run all" in an open notebook), taken from the timestamps
// nbclient records in each cell's metadata.execution; "wall" adds starting Python, nbconvert and
// the tslab kernel, which a reader pays once when opening the notebook.
import { join, relative } from "node:path";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { buildDir, prepareJupyter, projectRoot } from "./jupyter.mjs";
import { checkOutputFolder, prepareOutputFolder } from "./output-folder.mjs";
import {
  cellTimings,
  executeNotebook,
  listNotebooks,
  notebookName,
  notebooksDirectory,
  readNotebook,
} from "./notebooks.mjs";

const notebookTarget = 10;
const cellTarget = 2;

function verdict(ok) {
  return ok ? "ok" : "OVER";
}

async function main() {
  parseCommandLine(process.argv.slice(2), {
    script: "bench:notebooks",
    usage: "usage: npm run bench:notebooks   (no options; writes build/bench-notebooks)",
    options: {},
  });
  const dir = notebooksDirectory();
  const notebooks = listNotebooks(dir);
  if (notebooks.length === 0) throw new Error(`No notebooks (*.ipynb) found in ${dir}.`);
  const folder = { script: "bench:notebooks", inputs: [dir], flag: "(output folder)" };
  checkOutputFolder(join(buildDir, "bench-notebooks"), folder);
  const { env } = prepareJupyter();
  const outputDir = prepareOutputFolder(join(buildDir, "bench-notebooks"), folder);
  console.log(
    `Executing ${notebooks.length} notebook(s) from ${relative(projectRoot, dir) || "."}, one at a time.`,
  );
  console.log(`Targets: each notebook < ${notebookTarget} s (run), no cell > ${cellTarget} s.\n`);

  const rows = [];
  for (const notebook of notebooks) {
    const name = notebookName(notebook);
    const result = await executeNotebook(notebook, { outputDir, env });
    if (!result.ok) {
      rows.push({ name, failed: true, wall: result.seconds });
      console.log(`${name}: FAILED after ${result.seconds.toFixed(1)} s\n${result.failure}\n`);
      continue;
    }
    const timings = cellTimings(readNotebook(result.path));
    const run =
      timings.length > 0
        ? (Math.max(...timings.map((t) => t.idle)) - Math.min(...timings.map((t) => t.busy))) / 1000
        : NaN;
    const slowest = timings.reduce((a, b) => (b.seconds > a.seconds ? b : a), timings[0]);
    const row = { name, wall: result.seconds, run, slowest, cells: timings.length };
    rows.push(row);
    console.log(
      `${name}: run ${run.toFixed(2)} s [${verdict(run < notebookTarget)}], wall ${result.seconds.toFixed(2)} s, ` +
        `${timings.length} code cells, slowest cell ${slowest ? `${slowest.cell} ${slowest.seconds.toFixed(2)} s [${verdict(slowest.seconds <= cellTarget)}] ${JSON.stringify(slowest.source)}` : "n/a"}`,
    );
    for (const timing of timings.filter((t) => t.seconds > cellTarget)) {
      if (timing !== slowest) {
        console.log(
          `    also over ${cellTarget} s: cell ${timing.cell} ${timing.seconds.toFixed(2)} s`,
        );
      }
    }
  }

  const measured = rows.filter((r) => !r.failed);
  const misses =
    measured.filter((r) => !(r.run < notebookTarget)).length +
    measured.filter((r) => r.slowest && r.slowest.seconds > cellTarget).length;
  console.log("");
  console.log(
    `Summary: ${measured.length} measured, ${rows.length - measured.length} failed, ` +
      `total run ${measured.reduce((s, r) => s + r.run, 0).toFixed(1)} s, ` +
      `total wall ${rows.reduce((s, r) => s + r.wall, 0).toFixed(1)} s, ` +
      (misses === 0 ? "all within targets." : `${misses} target miss(es).`),
  );
}

void runScript("bench:notebooks", main);
