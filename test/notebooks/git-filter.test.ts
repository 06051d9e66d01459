// Saving a run notebook must not break anything: the git clean filter (scripts/git-filter.mjs,
// assigned to notebooks/*.ipynb by .gitattributes) strips outputs when a notebook is staged, and
// the committed-notebook check reads what git has staged, not the working file.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  cleanCommand,
  committedText,
  configureGitFilter,
  filterName,
  inGitWorkTree,
  stripOutputs,
} from "../../scripts/git-filter.mjs";
import { projectRoot } from "../../scripts/jupyter.mjs";
import {
  committedNotebookProblems,
  listNotebooks,
  type Notebook,
} from "../../scripts/notebooks.mjs";

const fixture = readFileSync(
  join(projectRoot, "test", "fixtures", "notebooks", "00-fixture.ipynb"),
  "utf8",
);

/** The fixture as a reader leaves it after running and saving: outputs, counts, timings. */
function runAndSaved(): string {
  const notebook = JSON.parse(fixture) as Notebook;
  let count = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    count += 1;
    cell.execution_count = count;
    cell.outputs = [{ output_type: "stream", name: "stdout", text: [`ran ${count}\n`] }];
    cell.metadata = {
      ...cell.metadata,
      execution: { "iopub.status.idle": "2026-01-01T00:00:00Z" },
      scrolled: true,
    };
  }
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

describe("the notebook clean filter", () => {
  it("strips outputs, execution counts and run metadata, and nothing else", () => {
    const saved = runAndSaved();
    const cleaned = JSON.parse(stripOutputs(saved)) as Notebook;
    assert.deepEqual(committedNotebookProblems(cleaned), []);
    const original = JSON.parse(fixture) as Notebook;
    assert.deepEqual(
      cleaned.cells.map((c) => [c.cell_type, c.source, c.metadata]),
      original.cells.map((c) => [c.cell_type, c.source, c.metadata]),
    );
    assert.deepEqual(cleaned.metadata, original.metadata);
    assert.ok(
      committedNotebookProblems(JSON.parse(saved) as Notebook).length > 0,
      "the saved copy had outputs",
    );
  });

  it("leaves a clean notebook byte for byte (committed notebooks are never reformatted)", () => {
    assert.equal(stripOutputs(fixture), fixture);
    for (const path of listNotebooks(join(projectRoot, "notebooks"))) {
      const text = readFileSync(path, "utf8");
      if (committedNotebookProblems(JSON.parse(text) as Notebook).length === 0) {
        assert.equal(stripOutputs(text), text, `${path} would be rewritten by the filter`);
      }
    }
    const cleaned = stripOutputs(runAndSaved());
    assert.equal(stripOutputs(cleaned), cleaned, "cleaning twice changes nothing");
  });

  it("passes text that is not a notebook through unchanged", () => {
    for (const text of ["", "not json", '{"cells": 3}', "[1, 2]"])
      assert.equal(stripOutputs(text), text);
  });

  it("is registered for this repository and assigned to notebooks/*.ipynb", (t) => {
    if (!inGitWorkTree()) return t.skip("not a git checkout");
    configureGitFilter();
    const configured = execFileSync("git", ["config", "--get", `filter.${filterName}.clean`], {
      cwd: projectRoot,
      encoding: "utf8",
    }).trim();
    assert.equal(configured, cleanCommand);
    const attribute = execFileSync("git", ["check-attr", "filter", "notebooks/01-x.ipynb"], {
      cwd: projectRoot,
      encoding: "utf8",
    }).trim();
    assert.equal(attribute, `notebooks/01-x.ipynb: filter: ${filterName}`);
  });
});

describe("a run and saved notebook in a git repository with the filter", () => {
  const repo = mkdtempSync(join(tmpdir(), "rnn-jacobian-git-filter-"));
  after(() => rmSync(repo, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });

  it("is staged without outputs, keeps them in the working file, and leaves git status clean", () => {
    git("init", "-q");
    git("config", "user.email", "test@example.invalid");
    git("config", "user.name", "test");
    // The project's attributes, and its filter by absolute path (the repository is elsewhere).
    writeFileSync(join(repo, ".gitattributes"), readFileSync(join(projectRoot, ".gitattributes")));
    git(
      "config",
      `filter.${filterName}.clean`,
      `node ${join(projectRoot, "scripts", "git-filter.mjs")} clean`,
    );
    mkdirSync(join(repo, "notebooks"));
    const path = join(repo, "notebooks", "00-fixture.ipynb");
    writeFileSync(path, fixture);
    git("add", ".");
    git("commit", "-qm", "clean notebook");
    // A reader runs it and saves it.
    const saved = runAndSaved();
    writeFileSync(path, saved);
    // git diff compares what would be staged: nothing. (git status may still list the file
    // until it is added, because its size changed; adding it stages nothing new.)
    assert.equal(git("diff"), "", "running and saving left a change to commit");
    git("add", "notebooks/00-fixture.ipynb");
    assert.equal(git("status", "--porcelain"), "", "after git add, nothing to commit");
    const staged = git("show", ":notebooks/00-fixture.ipynb");
    assert.equal(staged, fixture, "the staged notebook is the clean one");
    assert.equal(readFileSync(path, "utf8"), saved, "the working file keeps its outputs");
  });

  it("the committed-notebook check reads the index, not the working file", (t) => {
    const path = listNotebooks(join(projectRoot, "notebooks"))[0];
    if (!inGitWorkTree() || !path) return t.skip("not a git checkout with notebooks");
    const { text, source } = committedText(path, () => assert.fail("read the working file"));
    assert.equal(source, "index");
    assert.ok(text.length > 0);
  });
});
