// A git "clean" filter that strips outputs from notebooks as they are staged, so a notebook that
// was run and saved (`npm start` serves notebooks/ itself) never puts its outputs into a commit.
// .gitattributes assigns it to notebooks/*.ipynb; `npm install` (the prepare script) and
// `npm start` register it in the repository's .git/config:
//
//   filter.rnn-jacobian-notebook.clean = node scripts/git-filter.mjs clean
//
// The working file keeps its outputs; `git diff` and `git status` see only real changes to the
// notebook (cells, metadata). Without the registration (a fresh clone before `npm install`),
// git ignores the attribute and stages files as they are.
//
//   node scripts/git-filter.mjs clean     stdin → stdout (what git runs)
//   node scripts/git-filter.mjs install   register the filter for this repository
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { projectRoot } from "./jupyter.mjs";

export const filterName = "rnn-jacobian-notebook";
export const cleanCommand = "node scripts/git-filter.mjs clean";

// Written by running or viewing a notebook, not by its author (as in `jupyter nbconvert
// --clear-output` with ClearOutputPreprocessor.remove_metadata_fields).
const runMetadata = ["execution", "collapsed", "scrolled"];

/**
 * The notebook text without outputs, execution counts and run metadata. Text that needs no
 * change comes back byte for byte, so committed notebooks are never reformatted; otherwise it is
 * written as Jupyter writes notebooks (one-space indent, a final newline), keeping key order.
 * Text that is not a notebook comes back unchanged (the filter must never break `git add`).
 */
export function stripOutputs(text) {
  let notebook;
  try {
    notebook = JSON.parse(text);
  } catch {
    return text;
  }
  if (!notebook || !Array.isArray(notebook.cells)) return text;
  let changed = false;
  for (const cell of notebook.cells) {
    if (cell?.cell_type !== "code") continue;
    if (!Array.isArray(cell.outputs) || cell.outputs.length > 0) {
      cell.outputs = [];
      changed = true;
    }
    if (cell.execution_count !== null) {
      cell.execution_count = null;
      changed = true;
    }
    for (const key of runMetadata) {
      if (cell.metadata && key in cell.metadata) {
        delete cell.metadata[key];
        changed = true;
      }
    }
  }
  return changed ? `${JSON.stringify(notebook, null, 1)}\n` : text;
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

function main(command) {
  if (command === "clean") {
    // git hands the staged content over a pipe on stdin and reads the result from stdout.
    process.stdout.write(stripOutputs(readFileSync(0, "utf8")));
  } else if (command === "install") {
    const { message } = configureGitFilter();
    if (message) console.log(message);
  } else {
    console.error("usage: node scripts/git-filter.mjs clean|install");
    process.exitCode = 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv[2]);
  } catch (error) {
    console.error(`git-filter: ${error.message}`);
    process.exitCode = 1;
  }
}
