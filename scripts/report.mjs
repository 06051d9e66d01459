// `npm run report`: executes every notebook headless in the project's tslab kernel and writes,
// for each, the executed notebook and an HTML page to build/report/ (or `--out <dir>`). The
// folder is self-contained: plotly.js is inlined in each notebook's outputs by the display
// helper, and require.js and MathJax are copied from their npm packages into vendor/ beside the
// pages (scripts/report-assets.mjs), which load them by relative URLs. Copy the folder anywhere
// and the pages work offline; nothing outside it is referenced. Exits non-zero, naming the
// notebook and the failing cell, when any cell fails. It empties its output folder first, so it
// accepts only a new or empty folder or one it made itself, never one holding its input or the
// project (scripts/output-folder.mjs); a refusal exits with status 2 and changes nothing.
//
// `--reuse <dir>`: take a notebook's executed copy from <dir> instead of running it again, when
// scripts/notebooks.mjs wrote it there from the same file, every cell ran, and it is newer than
// the notebook and the compiled library (the browser test passes build/test-notebooks, where
// the notebook test has just run them the same way).
import { copyFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { buildDir, prepareJupyter, projectRoot } from "./jupyter.mjs";
import { checkOutputFolder, prepareOutputFolder } from "./output-folder.mjs";
import { assetUrls, copyReportAssets } from "./report-assets.mjs";
import {
  convertToHtml,
  executeNotebook,
  listNotebooks,
  mapLimited,
  notebookName,
  notebooksDirectory,
  reusableExecution,
} from "./notebooks.mjs";

// Two notebooks at a time: each runs a Python nbconvert and a Node kernel, on 2 cores.
const parallel = 2;

const usage =
  "usage: npm run report [-- --out <dir>] [--reuse <dir of executed notebooks>]   (default build/report)";

async function main() {
  const options = parseCommandLine(process.argv.slice(2), {
    script: "report",
    usage,
    options: { out: { type: "string" }, reuse: { type: "string" } },
  });
  const reuse = options.reuse ? resolve(projectRoot, options.reuse) : undefined;
  const dir = notebooksDirectory();
  const notebooks = listNotebooks(dir);
  if (notebooks.length === 0) {
    throw new Error(`No notebooks (*.ipynb) found in ${dir}.`);
  }
  const requested = options.out ? resolve(projectRoot, options.out) : join(buildDir, "report");
  // Checked before anything is touched; the reused runs are read, so they are inputs too.
  const inputs = reuse ? [dir, reuse] : [dir];
  checkOutputFolder(requested, { script: "report", inputs });
  const { env } = prepareJupyter();
  // Emptied, so the folder never holds pages of notebooks that were renamed or removed.
  const outputDir = prepareOutputFolder(requested, { script: "report", inputs });
  copyReportAssets(outputDir);
  console.log(
    `Executing ${notebooks.length} notebook(s) from ${relative(projectRoot, dir) || "."} into ${relative(projectRoot, outputDir)}/` +
      (reuse ? ` (reusing fresh runs from ${relative(projectRoot, reuse)}/)` : "") +
      " ...",
  );

  const results = await mapLimited(notebooks, parallel, async (notebook) => {
    const name = notebookName(notebook);
    const earlier = reuse ? reusableExecution(notebook, reuse) : undefined;
    if (earlier) {
      const copy = join(outputDir, `${name}.ipynb`);
      copyFileSync(earlier, copy);
      const page = await convertToHtml(copy, { outputDir, env, assets: assetUrls });
      if (!page.ok) return { name, failure: page.failure };
      console.log(`  ✓ ${name} (executed earlier: ${relative(projectRoot, earlier)})`);
      return { name, notebook: copy, page: page.path };
    }
    const executed = await executeNotebook(notebook, { outputDir, env });
    if (!executed.ok) {
      console.log(`  ✗ ${name}: a cell failed (${executed.seconds.toFixed(1)} s)`);
      return { name, failure: executed.failure };
    }
    const page = await convertToHtml(executed.path, { outputDir, env, assets: assetUrls });
    if (!page.ok) {
      console.log(`  ✗ ${name}: HTML conversion failed`);
      return { name, failure: page.failure };
    }
    console.log(`  ✓ ${name} (${executed.seconds.toFixed(1)} s)`);
    return { name, notebook: executed.path, page: page.path };
  });

  console.log("");
  for (const result of results.filter((r) => !r.failure)) {
    console.log(`${result.name}:`);
    const megabytes = (statSync(result.notebook).size / 1e6).toFixed(2);
    console.log(`  ${relative(projectRoot, result.notebook)} (${megabytes} MB)`);
    console.log(`  ${relative(projectRoot, result.page)}`);
  }
  const failures = results.filter((r) => r.failure);
  for (const failure of failures) {
    console.error(`\n${failure.name} FAILED:\n${failure.failure}`);
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} of ${results.length} notebook(s) failed.`);
    process.exitCode = 1;
  } else {
    console.log(`\nOpen the pages in a browser, e.g. file://${results[0].page}`);
  }
}

void runScript("report", main);
