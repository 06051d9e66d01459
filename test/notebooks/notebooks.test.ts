// Every notebook, as committed and as run: committed clean (no outputs), declared for the tslab
// kernel with the counts of figures and LaTeX outputs it must produce, then executed top to
// bottom in the real tslab kernel through Jupyter (nbclient) and checked against those counts.
// The executed notebooks are kept in build/test-notebooks/ for inspection.
//
// RNN_JACOBIAN_NOTEBOOKS_DIR=<folder> runs the same checks on another folder (a fixture).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { before, describe, it } from "node:test";
import { buildDir, prepareJupyter, projectRoot } from "../../scripts/jupyter.mjs";
import {
  committedNotebookProblems,
  executedNotebookProblems,
  executeNotebook,
  listNotebooks,
  metadataProblems,
  notebookName,
  notebooksDirectory,
  notebooksDirVariable,
  readNotebook,
  type ExecutionResult,
} from "../../scripts/notebooks.mjs";

const dir = notebooksDirectory();
const notebooks = listNotebooks(dir);
const outputDir = join(buildDir, "test-notebooks");
// Each execution runs a Python nbclient and a Node kernel; the machines have 2 cores.
const parallel = 2;
const fileName = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb$/;

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
      listProblems(
        name,
        "clear it before committing: jupyter nbconvert --clear-output --inplace " +
          `--ClearOutputPreprocessor.remove_metadata_fields='["collapsed","scrolled","execution"]' ${relative(projectRoot, path)}`,
        committedNotebookProblems(readNotebook(path)),
      );
    });

    it(`${name}: named NN-short-title, tslab kernel, rnn_jacobian metadata`, () => {
      const problems = metadataProblems(readNotebook(path));
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
  }
});
