// Saving a run notebook must not break anything: the git clean filter (scripts/git-filter.mjs,
// assigned to notebooks/*.ipynb by .gitattributes) strips outputs when a notebook is staged, and
// the committed-notebook check reads what git has staged, not the working file.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cleanCommand,
  committedText,
  configureGitFilter,
  filterName,
  headVersion,
  hookText,
  inGitWorkTree,
  stripOutputs,
} from "../../scripts/git-filter.mjs";
import { jupyterPython, projectRoot } from "../../scripts/jupyter.mjs";
import {
  committedNotebookProblems,
  listNotebooks,
  type Notebook,
} from "../../scripts/notebooks.mjs";
import { scratchProject, type ScratchProject } from "../e2e/scratch-project";

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

/** Python, run with pairs of paths: reads each committed notebook, writes it as Jupyter saves it. */
const jupyterSave = `
import sys, nbformat
args = sys.argv[1:]
for committed, saved in zip(args[0::2], args[1::2]):
    nb = nbformat.read(committed, as_version=4)
    nb.metadata.language_info = {
        "codemirror_mode": {"mode": "typescript", "name": "javascript", "typescript": True},
        "file_extension": ".ts", "mimetype": "text/typescript", "name": "typescript",
        "version": "5.9.3"}
    count = 0
    edited = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran %d\\n" % count)]
        cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00.000000Z"}
        if not edited and "\\n" in cell.source:
            lines = cell.source.split("\\n")
            lines[0] += " // edited"
            cell.source = "\\n".join(lines)
            edited = True
    assert edited, committed
    with open(saved, "w", encoding="utf-8") as f:
        f.write(nbformat.writes(nb))
`;

/** How many lines differ between two texts of the same number of lines (else Infinity). */
function changedLines(a: string, b: string): number {
  const left = a.split("\n");
  const right = b.split("\n");
  if (left.length !== right.length) return Infinity;
  return left.filter((line, k) => line !== right[k]).length;
}

/** Every notebook git tracks in this checkout, relative to its top. */
function trackedNotebooks(): string[] {
  return execFileSync("git", ["ls-files", "*.ipynb"], { cwd: projectRoot, encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
}

describe("the notebook clean filter", () => {
  it("strips outputs, execution counts and run metadata, and nothing else", () => {
    const saved = runAndSaved();
    const cleaned = JSON.parse(stripOutputs(saved, fixture)) as Notebook;
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
    assert.equal(stripOutputs(fixture, fixture), fixture);
    for (const path of listNotebooks(join(projectRoot, "notebooks"))) {
      const text = readFileSync(path, "utf8");
      if (committedNotebookProblems(JSON.parse(text) as Notebook).length === 0) {
        assert.equal(stripOutputs(text, text), text, `${path} would be rewritten by the filter`);
      }
    }
    const cleaned = stripOutputs(runAndSaved(), fixture);
    assert.equal(stripOutputs(cleaned, fixture), cleaned, "cleaning twice changes nothing");
    const fresh = stripOutputs(runAndSaved());
    assert.equal(stripOutputs(fresh), fresh, "a new notebook: cleaning twice changes nothing");
  });

  it("returns every committed notebook (git show HEAD:…) unchanged", (t) => {
    if (!inGitWorkTree()) return t.skip("not a git checkout");
    const tracked = trackedNotebooks();
    assert.ok(tracked.length >= 12, `only ${tracked.length} tracked notebooks`);
    for (const path of tracked) {
      const committed = headVersion(path, projectRoot);
      if (committed === undefined) continue; // added, not yet committed
      assert.equal(stripOutputs(committed, committed), committed, `${path} is not canonical`);
    }
  });

  it("stages a one-line edit saved by Jupyter as a one-line change", (t) => {
    if (!inGitWorkTree()) return t.skip("not a git checkout");
    const dir = mkdtempSync(join(tmpdir(), "rnn-jacobian-jupyter-save-"));
    try {
      const tracked = trackedNotebooks().filter((p) => headVersion(p, projectRoot) !== undefined);
      const jobs = tracked.map((path, k) => {
        const committed = join(dir, `${k}-committed.ipynb`);
        writeFileSync(committed, headVersion(path, projectRoot) ?? "");
        return { path, committed, saved: join(dir, `${k}-saved.ipynb`) };
      });
      // Jupyter's own writer (nbformat: keys sorted, one-space indent, sources as lists of
      // lines), after a run (outputs, counts, timings), with the kernel's language_info, and
      // one line of one code cell edited.
      execFileSync(
        jupyterPython(),
        ["-c", jupyterSave, ...jobs.flatMap((j) => [j.committed, j.saved])],
        {
          encoding: "utf8",
        },
      );
      for (const { path, committed, saved } of jobs) {
        const before = readFileSync(committed, "utf8");
        const asSaved = readFileSync(saved, "utf8");
        assert.ok(changedLines(before, asSaved) > 10, `${path}: Jupyter's form differs widely`);
        assert.equal(changedLines(before, stripOutputs(asSaved, before)), 1, `${path}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
      `node ${join(projectRoot, "scripts", "git-filter.mjs")} clean %f`,
    );
    mkdirSync(join(repo, "notebooks"));
    const path = join(repo, "notebooks", "00-fixture.ipynb");
    writeFileSync(path, fixture);
    git("add", ".");
    git("commit", "-qm", "clean notebook");
    const committed = git("show", "HEAD:notebooks/00-fixture.ipynb");
    // A reader runs it and saves it.
    const saved = runAndSaved();
    writeFileSync(path, saved);
    // git diff compares what would be staged: nothing. (git status may still list the file
    // until it is added, because its size changed; adding it stages nothing new.)
    assert.equal(git("diff"), "", "running and saving left a change to commit");
    git("add", "notebooks/00-fixture.ipynb");
    assert.equal(git("status", "--porcelain"), "", "after git add, nothing to commit");
    const staged = git("show", ":notebooks/00-fixture.ipynb");
    assert.equal(staged, committed, "the staged notebook is the committed one");
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

describe("the pre-commit hook, in a scratch copy of the project", () => {
  let scratch: ScratchProject;
  before(() => {
    scratch = scratchProject("hook");
  });
  after(() => scratch?.remove());
  const git = (...args: string[]) =>
    spawnSync("git", args, { cwd: scratch.root, encoding: "utf8" });
  const install = () =>
    execFileSync(process.execPath, ["scripts/git-filter.mjs", "install"], {
      cwd: scratch.root,
      encoding: "utf8",
    });
  const hookPath = () =>
    join(scratch.root, git("rev-parse", "--git-path", "hooks").stdout.trim(), "pre-commit");

  it("is not installed over a hook of the user's, and says how to add it", () => {
    const hook = hookPath();
    mkdirSync(dirname(hook), { recursive: true });
    const users = "#!/bin/sh\n# the user's own checks\nexit 0\n";
    writeFileSync(hook, users, { mode: 0o755 });
    const said = install();
    assert.equal(readFileSync(hook, "utf8"), users, "the user's hook was changed");
    assert.match(
      said,
      /your own hook, left as it is; .*add to it: node scripts\/git-filter\.mjs check-staged/,
    );
    rmSync(hook);
  });

  it("npm install's step installs it; with the filter unregistered, staged outputs are refused", () => {
    const said = install();
    assert.match(said, /pre-commit hook now refuses notebooks staged with outputs/);
    assert.equal(readFileSync(hookPath(), "utf8"), hookText);
    assert.equal(statSync(hookPath()).mode & 0o111, 0o111, "the hook is executable");
    // Unregistered, as in a clone before npm install: git stages the file as it is.
    assert.equal(git("config", "--unset", `filter.${filterName}.clean`).status, 0);
    const path = join(scratch.root, "notebooks", "01-the-model.ipynb");
    const committed = readFileSync(path, "utf8");
    const run = JSON.parse(committed) as Notebook;
    const code = run.cells.find((cell) => cell.cell_type === "code");
    assert.ok(code);
    code.outputs = [{ output_type: "stream", name: "stdout", text: ["ran\n"] }];
    code.execution_count = 1;
    writeFileSync(path, `${JSON.stringify(run, null, 1)}\n`);
    assert.equal(git("add", "notebooks/01-the-model.ipynb").status, 0);
    const refused = git("commit", "-m", "with outputs");
    assert.notEqual(refused.status, 0, "the commit went through");
    assert.match(refused.stderr, /Commit refused: notebooks are staged with outputs/);
    assert.match(
      refused.stderr,
      /notebooks\/01-the-model\.ipynb:\n {4}cell \d+ .* has 1 saved output/,
    );
    assert.match(refused.stderr, /Run: npm install .*then: git add notebooks\/01-the-model\.ipynb/);
    assert.equal(git("log", "--oneline").stdout.trim().split("\n").length, 1);
    // The same notebook with a clean edit commits.
    writeFileSync(path, committed.replace('"# 1 · The model', '"# 1 · The model (edited)'));
    assert.equal(git("add", "notebooks/01-the-model.ipynb").status, 0);
    const accepted = git("commit", "-m", "clean edit");
    assert.equal(accepted.status, 0, accepted.stderr);
  });

  it("lands in the shared hooks folder when run from a linked worktree", () => {
    const linked = join(scratch.parent, "linked");
    assert.equal(git("worktree", "add", "-q", linked).status, 0);
    rmSync(hookPath());
    execFileSync(process.execPath, ["scripts/git-filter.mjs", "install"], { cwd: linked });
    assert.equal(readFileSync(hookPath(), "utf8"), hookText);
  });
});
