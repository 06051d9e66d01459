// A git "clean" filter that strips outputs from notebooks as they are staged, so a notebook that
// was run and saved (`npm start` serves notebooks/ itself) never puts its outputs into a commit.
// .gitattributes assigns it to notebooks/*.ipynb; `npm install` (the prepare script) and
// `npm start` register it in the repository's .git/config:
//
//   filter.rnn-jacobian-notebook.clean = node scripts/git-filter.mjs clean %f
//
// The working file keeps its outputs; `git diff` and `git status` see only real changes to the
// notebook (cells, metadata). Without the registration (a fresh clone before `npm install`),
// git ignores the attribute and stages files as they are.
//
//   node scripts/git-filter.mjs clean PATH   stdin → stdout (what git runs; PATH's committed
//                                            version gives the key order, see stripOutputs)
//   node scripts/git-filter.mjs install   register the filter and the pre-commit hook
//   node scripts/git-filter.mjs check-staged   what the hook runs: refuse staged outputs
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { projectRoot } from "./jupyter.mjs";

export const filterName = "rnn-jacobian-notebook";
// %f: git passes the file's path, so the filter can read its committed version.
export const cleanCommand = "node scripts/git-filter.mjs clean %f";

// Written by running or viewing a notebook, not by its author (as in `jupyter nbconvert
// --clear-output` with ClearOutputPreprocessor.remove_metadata_fields).
const runMetadata = ["execution", "collapsed", "scrolled"];

// The canonical form. Jupyter writes every key sorted and adds what its kernel reports about
// the language; the notebooks are committed in their own key order (which differs between
// notebooks, and between cells of one notebook). So the filter orders each object's keys like
// the same object in the committed version (HEAD) of the file: a cell like the cell with the
// same id, a new cell like the first committed cell of its type, keys the committed version
// lacks after the others, sorted. It keeps the committed language_info (what the kernel reports
// changes with the installation, not with the notebook). A notebook new to git gets these keys
// first, then sorted ones, and language_info reduced to `languageInfoKeys`.
const notebookKeys = ["cells", "metadata", "nbformat", "nbformat_minor"];
const cellKeys = ["cell_type", "metadata", "source", "execution_count", "outputs", "id"];
const languageInfoKeys = ["name", "file_extension", "mimetype"];

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object whose only use is its key order. */
function keyOrder(keys) {
  return Object.fromEntries(keys.map((key) => [key, undefined]));
}

/** `value` with every object's keys in the order of `template`'s, the others after them sorted. */
function orderLike(value, template) {
  if (Array.isArray(value)) {
    return value.map((item, k) =>
      orderLike(item, Array.isArray(template) ? template[k] : undefined),
    );
  }
  if (!isObject(value)) return value;
  const pattern = isObject(template) ? template : {};
  const keys = [
    ...Object.keys(pattern).filter((key) => key in value),
    ...Object.keys(value)
      .filter((key) => !(key in pattern))
      .sort(),
  ];
  return Object.fromEntries(keys.map((key) => [key, orderLike(value[key], pattern[key])]));
}

/** The cell without outputs, execution count and run metadata. */
function strippedCell(cell) {
  if (!isObject(cell)) return cell;
  const clean = { ...cell };
  if (isObject(clean.metadata)) {
    clean.metadata = { ...clean.metadata };
    for (const key of runMetadata) delete clean.metadata[key];
  }
  if (clean.cell_type === "code") {
    clean.outputs = [];
    clean.execution_count = null;
  }
  return clean;
}

/**
 * A cell's source written like the committed one: nbformat allows one string or a list of lines
 * (Jupyter writes lists), and a committed notebook may use either.
 */
function sourceLike(source, template) {
  if (typeof template === "string" && Array.isArray(source)) return source.join("");
  if (Array.isArray(template) && typeof source === "string") {
    return source === "" ? [] : source.split(/(?<=\n)/);
  }
  return source;
}

function parseNotebook(text) {
  try {
    const notebook = JSON.parse(text);
    return isObject(notebook) && Array.isArray(notebook.cells) ? notebook : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The notebook text as it is committed: no outputs, execution counts or run metadata, keys in
 * the committed version's order (`committed`: the text of the file at HEAD, when there is one),
 * the committed language_info, one-space indent and a final newline. A committed notebook comes
 * back byte for byte, and a one-line edit saved by Jupyter stages as a one-line change. Text that
 * is not a notebook comes back unchanged (the filter must never break `git add`).
 */
export function stripOutputs(text, committed) {
  const notebook = parseNotebook(text);
  if (!notebook) return text;
  const before = committed === undefined ? undefined : parseNotebook(committed);
  const cells = notebook.cells.map((cell) => {
    const clean = strippedCell(cell);
    if (!isObject(clean)) return clean;
    const sameId = before?.cells.find((old) => isObject(old) && old.id === clean.id);
    const sameType = before?.cells.find(
      (old) => isObject(old) && old.cell_type === clean.cell_type,
    );
    const template = sameId ?? sameType ?? keyOrder(cellKeys);
    return orderLike({ ...clean, source: sourceLike(clean.source, template.source) }, template);
  });
  const metadata = isObject(notebook.metadata) ? { ...notebook.metadata } : notebook.metadata;
  if (isObject(metadata) && isObject(metadata.language_info)) {
    const kept = before?.metadata?.language_info;
    metadata.language_info = isObject(kept)
      ? kept
      : Object.fromEntries(
          languageInfoKeys
            .filter((key) => key in metadata.language_info)
            .map((key) => [key, metadata.language_info[key]]),
        );
  }
  const template = before ?? {
    ...keyOrder(notebookKeys),
    metadata: { kernelspec: undefined, language_info: keyOrder(languageInfoKeys) },
  };
  const canonical = orderLike({ ...notebook, cells: [], metadata }, { ...template, cells: [] });
  canonical.cells = cells;
  return `${JSON.stringify(canonical, null, 1)}\n`;
}

function git(args, options = {}) {
  return execFileSync("git", args, { cwd: projectRoot, encoding: "utf8", ...options }).trim();
}

/** True when the project is a git work tree and git is installed. */
export function inGitWorkTree() {
  try {
    return (
      git(["rev-parse", "--is-inside-work-tree"], { stdio: ["ignore", "pipe", "ignore"] }) ===
      "true"
    );
  } catch {
    return false;
  }
}

/**
 * Registers the clean filter in this repository's git config (idempotent). Returns what it did,
 * as a message for the user ("" when it was registered already).
 */
export function configureGitFilter() {
  if (!inGitWorkTree()) {
    return {
      configured: false,
      message: "Not a git checkout: the notebook output filter is not needed.",
    };
  }
  const key = `filter.${filterName}.clean`;
  let current = "";
  try {
    current = git(["config", "--get", key], { stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    // not set yet
  }
  if (current === cleanCommand) return { configured: true, message: "" };
  try {
    git(["config", key, cleanCommand], { stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    // Never fail `npm install` over it (a read-only checkout, say); say what to run instead.
    return {
      configured: false,
      message: `git: could not register the notebook output filter (${String(error.message).split("\n")[0]}); run: git config ${key} "${cleanCommand}"`,
    };
  }
  return {
    configured: true,
    message: `git: notebooks/*.ipynb are now staged without outputs (${key} = ${cleanCommand}).`,
  };
}

/**
 * What git would commit for `path` (absolute): the staged version when git tracks the file, so a
 * run and saved working copy does not count; the working file otherwise (not a git checkout, or a
 * new notebook not yet added). Returns { text, source } with source "index" or "working file".
 */
export function committedText(path, readWorking) {
  if (inGitWorkTree()) {
    try {
      const relative = git(["ls-files", "--full-name", "--error-unmatch", path], {
        stdio: ["ignore", "pipe", "ignore"],
      });
      if (relative) {
        const text = execFileSync("git", ["show", `:${relative}`], {
          cwd: projectRoot,
          encoding: "utf8",
          maxBuffer: 256 * 1024 * 1024,
        });
        return { text, source: "index" };
      }
    } catch {
      // untracked: fall through to the working file
    }
  }
  return { text: readWorking(path), source: "working file" };
}

/**
 * The text of `path` (relative to the work tree's top, where git runs filters) at HEAD, or
 * undefined (a new file, no commit yet, not a git checkout).
 */
export function headVersion(path, cwd = process.cwd()) {
  if (!path) return undefined;
  try {
    return execFileSync("git", ["show", `HEAD:${path}`], {
      cwd,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

// The pre-commit hook. When the filter is not registered (a clone before `npm install`), git
// stages a run notebook as it is, outputs and all; the hook runs the committed-notebook check on
// what is staged and refuses the commit, saying what to run. `npm install` (the prepare script)
// and `npm start` install it, never over a hook of the user's. The test before `exec` keeps a
// checkout of an older commit (whose filter script has no such check) committing as before.
const hookMarker = "# rnn-jacobian: checks staged notebooks (scripts/git-filter.mjs check-staged)";
export const hookText = `#!/bin/sh
${hookMarker}
# Installed by npm install; remove this file to stop the check.
if [ -f scripts/git-filter.mjs ] && grep -q check-staged scripts/git-filter.mjs; then
  exec node scripts/git-filter.mjs check-staged
fi
`;

/**
 * Installs the pre-commit hook in the repository of `cwd` (the hooks folder git uses, also from
 * a linked worktree or with core.hooksPath), unless a hook that is not ours is there. Returns
 * { installed, message }.
 */
export function installPreCommitHook(cwd = projectRoot) {
  const run = (args) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  let hooks;
  try {
    if (run(["rev-parse", "--is-inside-work-tree"]) !== "true") throw new Error("no work tree");
    hooks = resolve(cwd, run(["rev-parse", "--git-path", "hooks"]));
  } catch {
    return { installed: false, message: "" };
  }
  const hook = join(hooks, "pre-commit");
  const ours = "node scripts/git-filter.mjs check-staged";
  if (existsSync(hook)) {
    const current = readFileSync(hook, "utf8");
    if (!current.includes(hookMarker)) {
      return {
        installed: false,
        message: `git: ${hook} is your own hook, left as it is; to check staged notebooks too, add to it: ${ours}`,
      };
    }
    if (current === hookText) return { installed: true, message: "" };
  }
  try {
    mkdirSync(hooks, { recursive: true });
    writeFileSync(hook, hookText, { mode: 0o755 });
    chmodSync(hook, 0o755);
  } catch (error) {
    return {
      installed: false,
      message: `git: could not install the pre-commit hook ${hook} (${String(error.message).split("\n")[0]})`,
    };
  }
  return {
    installed: true,
    message: `git: a pre-commit hook now refuses notebooks staged with outputs (${hook}).`,
  };
}

/**
 * The problems of every staged notebook the filter is assigned to: saved outputs, execution
 * counts, run metadata, or a form the filter would change (keys, language_info). Returns
 * [{ path, problems }] for the notebooks with problems.
 */
export async function stagedNotebookProblems(cwd = projectRoot) {
  const { committedNotebookProblems } = await import("./notebooks.mjs");
  const run = (args) =>
    execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const staged = run(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"])
    .split("\0")
    .filter((path) => path.endsWith(".ipynb"));
  if (staged.length === 0) return [];
  const attributes = run(["check-attr", "-z", "filter", "--", ...staged]).split("\0");
  const filtered = [];
  for (let k = 0; k + 2 < attributes.length; k += 3) {
    if (attributes[k + 2] === filterName) filtered.push(attributes[k]);
  }
  const found = [];
  for (const path of filtered) {
    const text = run(["show", `:${path}`]);
    let problems;
    try {
      problems = committedNotebookProblems(JSON.parse(text));
    } catch (error) {
      problems = [`it is not valid JSON (${error.message})`];
    }
    // Judged against its own key order, not HEAD's: a merge may stage a notebook whose new cells
    // were ordered against another branch's HEAD, and that is still a committed form.
    if (problems.length === 0 && stripOutputs(text, text) !== text) {
      problems.push("it is not in the committed form (the filter would strip it)");
    }
    if (problems.length > 0) found.push({ path, problems });
  }
  return found;
}

async function checkStaged() {
  const found = await stagedNotebookProblems(process.cwd());
  if (found.length === 0) return;
  const lines = ["Commit refused: notebooks are staged with outputs or run data."];
  for (const { path, problems } of found) {
    lines.push(`  ${path}:`, ...problems.slice(0, 5).map((p) => `    ${p}`));
    if (problems.length > 5) lines.push(`    … and ${problems.length - 5} more`);
  }
  const paths = found.map((f) => f.path).join(" ");
  lines.push(
    "The git filter that strips them when a notebook is staged is not registered in this clone.",
    `Run: npm install   (or: node scripts/git-filter.mjs install), then: git add ${paths}`,
  );
  console.error(lines.join("\n"));
  process.exitCode = 1;
}

async function main(command, path) {
  if (command === "clean") {
    // git hands the staged content over a pipe on stdin and reads the result from stdout.
    process.stdout.write(stripOutputs(readFileSync(0, "utf8"), headVersion(path)));
  } else if (command === "install") {
    for (const { message } of [configureGitFilter(), installPreCommitHook()]) {
      if (message) console.log(message);
    }
  } else if (command === "check-staged") {
    await checkStaged();
  } else {
    console.error("usage: node scripts/git-filter.mjs clean <path>|install|check-staged");
    process.exitCode = 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2], process.argv[3]).catch((error) => {
    console.error(`git-filter: ${error.message}`);
    process.exitCode = 1;
  });
}
