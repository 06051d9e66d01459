// The pages of `npm run report` that the browser tests open: made (or found fresh) once, shared.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildDir, projectRoot } from "../../scripts/jupyter.mjs";
import { isFresh, notebookName } from "../../scripts/notebooks.mjs";

export const reportDir = join(buildDir, "report");
const minute = 60_000;

/**
 * Runs `npm run report` (reusing the notebook test's fresh runs) unless build/report already
 * holds a page and an executed notebook for every notebook, newer than the notebooks, the
 * compiled library, the report scripts and the lockfile. Returns the report's output when it
 * failed, "" otherwise. (The report writes a page only for a notebook that ran to the end, so the
 * tests of the notebooks that did can still run.)
 */
export function ensureReport(notebooks: string[]): string {
  const outputs = notebooks.flatMap((path) => {
    const name = notebookName(path);
    return [join(reportDir, `${name}.html`), join(reportDir, `${name}.ipynb`)];
  });
  const inputs = [
    ...notebooks,
    join(projectRoot, "dist"),
    join(projectRoot, "package-lock.json"),
    join(projectRoot, "scripts", "report.mjs"),
    join(projectRoot, "scripts", "report-assets.mjs"),
  ];
  if (isFresh(outputs, inputs) && existsSync(join(reportDir, "vendor"))) return "";
  // Where the notebook test has just executed the notebooks (npm test runs it first), the
  // report converts those runs instead of executing every notebook again.
  const script = join(projectRoot, "scripts", "report.mjs");
  const reuse = join(buildDir, "test-notebooks");
  const run = spawnSync(process.execPath, [script, "--reuse", reuse], {
    cwd: projectRoot,
    encoding: "utf8",
    timeout: 15 * minute,
  });
  return run.status === 0 ? "" : `${run.stdout}\n${run.stderr}`.trim();
}

/** Fails the test when `npm run report` wrote no page for this notebook. */
export function requireReport(name: string, reportLog: string): void {
  if (!existsSync(join(reportDir, `${name}.html`))) {
    // The report prints "<name> FAILED:" and the failing cell; quote that part when present.
    const start = reportLog.indexOf(`${name} FAILED:`);
    const end = reportLog.indexOf("\n\n", reportLog.indexOf("it printed", start));
    const quote = start >= 0 ? reportLog.slice(start, end > start ? end : undefined) : reportLog;
    assert.fail(`npm run report wrote no page for ${name}:\n${quote || "(no output)"}`);
  }
}
