// Every notebook, as committed and as run: committed clean (no outputs), declared for the tslab
// kernel with the counts of figures and LaTeX outputs it must produce, then executed top to
// bottom in the real tslab kernel through Jupyter (nbclient) and checked against those counts
// and against the size limit. The executed notebooks are kept in build/test-notebooks/.
//
// "As committed" means what git has staged (the index), not the working file: a notebook that
// a reader ran and saved in `npm start` has outputs in the working copy, which the clean filter
// (scripts/git-filter.mjs) strips when it is staged. Outside git, or for a new notebook not yet
// added, the working file is checked.
//
// RNN_JACOBIAN_NOTEBOOKS_DIR=<folder> runs the same checks on another folder (a fixture).
import assert from "node:assert/strict";
import { readFileSync, rmSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { before, describe, it } from "node:test";
import { committedText } from "../../scripts/git-filter.mjs";
import { buildDir, prepareJupyter, projectRoot } from "../../scripts/jupyter.mjs";
import {
  assertOutputOutsideInput,
  committedNotebookProblems,
  executedNotebookProblems,
  executeNotebook,
  selectedNotebooks,
  metadataProblems,
  notebookName,
  notebooksDirectory,
  notebooksDirVariable,
  readNotebook,
  type ExecutionResult,
  type Notebook,
} from "../../scripts/notebooks.mjs";

const dir = notebooksDirectory();
const notebooks = selectedNotebooks(dir);
const outputDir = join(buildDir, "test-notebooks");
// Each execution runs a Python nbclient and a Node kernel; the machines have 2 cores.
const parallel = 2;
const fileName = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$/;
// An executed notebook (outputs, static images and the compressed plotly.js) must stay under
// this, so that sharing or opening one is cheap.
const executedSizeLimit = 3_000_000;

/** The notebook as git would commit it (see the file comment), and where it was read from. */
function committed(path: string): { notebook: Notebook; source: string } {
  const { text, source } = committedText(path, (p) => readFileSync(p, "utf8"));
  return { notebook: JSON.parse(text) as Notebook, source };
}

function listProblems(name: string, what: string, problems: string[]): void {
  if (problems.length > 0) {
    assert.fail(`${name}: ${what}:\n  - ${problems.join("\n  - ")}`);
  }
}

describe(`the notebooks in ${relative(projectRoot, dir) || "."}/, as committed`, () => {
  it("the folder holds at least one notebook", () => {
    assert.ok(
      notebooks.length > 0,
      `no *.ipynb in ${dir}` +
        (process.env[notebooksDirVariable] ? ` (set by ${notebooksDirVariable})` : ""),
    );
  });

  for (const path of notebooks) {
    const name = notebookName(path);

    it(`${name}: committed without outputs, execution counts or run timings`, () => {
      const { notebook, source } = committed(path);
      listProblems(
        name,
        `the ${source} has outputs. Run npm install (it registers the git filter that strips ` +
          "them when a notebook is staged), then git add the notebook again; or clear it: " +
          "jupyter nbconvert --clear-output --inplace " +
          `--ClearOutputPreprocessor.remove_metadata_fields='["collapsed","scrolled","execution"]' ${relative(projectRoot, path)}`,
        committedNotebookProblems(notebook),
      );
    });

    it(`${name}: named NN-short-title, tslab kernel, rnn_jacobian metadata`, () => {
      const problems = metadataProblems(committed(path).notebook);
      if (!fileName.test(basename(path))) {
        problems.unshift(`file name ${basename(path)} is not NN-short-title.ipynb`);
      }
      listProblems(name, "fix its metadata", problems);
    });
  }
});

describe("each notebook run top to bottom in the tslab kernel", { concurrency: true }, () => {
  let env: NodeJS.ProcessEnv;
  const runs = new Map<string, Promise<ExecutionResult>>();
  let running = 0;
  const waiting: Array<() => void> = [];

  before(() => {
    env = prepareJupyter().env;
    // Never delete the notebooks under test (RNN_JACOBIAN_NOTEBOOKS_DIR pointing in here).
    assertOutputOutsideInput(outputDir, dir, "the notebook test");
    rmSync(outputDir, { recursive: true, force: true });
  });

  /** The notebook's one execution, shared by its tests; at most `parallel` run at a time. */
  function execution(path: string): Promise<ExecutionResult> {
    let run = runs.get(path);
    if (!run) {
      run = (async () => {
        if (running >= parallel) await new Promise<void>((go) => waiting.push(go));
        running += 1;
        try {
          return await executeNotebook(path, { outputDir, env });
        } finally {
          running -= 1;
          waiting.shift()?.();
        }
      })();
      runs.set(path, run);
    }
    return run;
  }

  for (const path of notebooks) {
    const name = notebookName(path);

    it(`${name}: every cell runs without error`, { timeout: 15 * 60_000 }, async () => {
      const result = await execution(path);
      assert.ok(result.ok, `${name}: ${result.failure}`);
    });

    it(
      `${name}: its figures (each with a static image), LaTeX outputs and one plotly.js`,
      { timeout: 15 * 60_000 },
      async () => {
        const result = await execution(path);
        if (!result.ok) assert.fail(`${name} did not run to the end (see the test above)`);
        listProblems(
          name,
          `the executed notebook (${relative(projectRoot, result.path)}) differs from its metadata`,
          executedNotebookProblems(readNotebook(result.path)),
        );
      },
    );

    it(
      `${name}: the executed notebook is under ${executedSizeLimit / 1e6} MB`,
      { timeout: 15 * 60_000 },
      async (t) => {
        const result = await execution(path);
        if (!result.ok) assert.fail(`${name} did not run to the end (see the test above)`);
        const bytes = statSync(result.path).size;
        t.diagnostic(`${relative(projectRoot, result.path)}: ${(bytes / 1e6).toFixed(2)} MB`);
        assert.ok(
          bytes < executedSizeLimit,
          `${name}: the executed notebook is ${(bytes / 1e6).toFixed(2)} MB, over ${executedSizeLimit / 1e6} MB`,
        );
      },
    );
  }
});
