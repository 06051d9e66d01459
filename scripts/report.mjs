// `npm run report`: executes every notebook headless in the project's tslab kernel and writes,
// for each, the executed notebook and an HTML page to build/report/ (or `--output <dir>`). The
// folder is self-contained: plotly.js is inlined in each notebook's outputs by the display
// helper, and require.js and MathJax are copied from their npm packages into vendor/ beside the
// pages (scripts/report-assets.mjs), which load them by relative URLs. Copy the folder anywhere
// and the pages work offline; nothing outside it is referenced. Exits non-zero, naming the
// notebook and the failing cell, when any cell fails. Refuses an output folder that is or
// contains the notebook folder (it empties the output folder first).
//
// `--reuse <dir>`: take a notebook's executed copy from <dir> instead of running it again, when
// scripts/notebooks.mjs wrote it there from the same file, every cell ran, and it is newer than
// the notebook and the compiled library (the browser test passes build/test-notebooks, where
// the notebook test has just run them the same way).
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildDir, prepareJupyter, projectRoot } from "./jupyter.mjs";
import { assetUrls, copyReportAssets } from "./report-assets.mjs";
import {
  assertOutputOutsideInput,
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

/** `--output <dir>`: where the pages go (default build/report). */
function outputDirectory(args) {
  const at = args.indexOf("--output");
  if (at < 0) return join(buildDir, "report");
  if (!args[at + 1]) throw new Error("--output needs a folder");
  return resolve(projectRoot, args[at + 1]);
}

function reuseDirectory(args) {
  const at = args.indexOf("--reuse");
  if (at < 0) return undefined;
  if (!args[at + 1]) throw new Error("--reuse needs a folder of executed notebooks");
  return resolve(projectRoot, args[at + 1]);
}

async function main() {
  const reuse = reuseDirectory(process.argv.slice(2));
  const dir = notebooksDirectory();
  const notebooks = listNotebooks(dir);
  if (notebooks.length === 0) {
    throw new Error(`No notebooks (*.ipynb) found in ${dir}.`);
  }
  const outputDir = outputDirectory(process.argv.slice(2));
  assertOutputOutsideInput(outputDir, dir, "npm run report");
  const { env } = prepareJupyter();
  // Start clean, so the folder never holds pages of notebooks that were renamed or removed.
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
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

main().catch((error) => {
  console.error(`npm run report: ${error.message}`);
  process.exitCode = 1;
});
