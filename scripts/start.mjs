// `npm start`: opens the notebooks in JupyterLab when `jupyter lab` is installed, otherwise in the
// classic Notebook (`jupyter notebook`), with notebooks/ as the root and the tslab kernel
// registered inside the project (.jupyter-local/): nothing global, nothing in the home folder.
// Extra arguments go to Jupyter: `npm start -- --port=9999`.
//
// What it overrides, and nothing else (your ~/.jupyter configuration — password, token, other
// hardening — applies as usual; see scripts/jupyter.mjs):
// - JUPYTER_PATH gets .jupyter-local/share/jupyter in front (the tslab kernel spec);
// - JUPYTER_RUNTIME_DIR is .jupyter-local/runtime, created 0700, and Jupyter runs with umask 077
//   so the files it writes there holding the token (server info, browser-open page) are 0600
//   (new files it creates elsewhere, e.g. a new notebook, are then private to you as well);
// - on the command line: --notebook-dir=notebooks/ (and --allow-root when run as root);
// - git: the clean filter that strips outputs from notebooks when they are committed
//   (scripts/git-filter.mjs), so that saving a run notebook never dirties what is committed, and
//   the pre-commit hook that refuses staged outputs (never over a hook of your own).
//
// Stopping: Ctrl+C in the terminal reaches Jupyter itself (same process group), which asks and
// shuts down. SIGTERM or SIGHUP sent to this script, or the end of the npm process that started
// it (npm forwards SIGTERM only to the shell between it and this script, which then dies, and
// npm itself dies of SIGHUP without forwarding it), makes it send SIGTERM to Jupyter — a clean
// shutdown that stops the kernels and frees the port — and wait for Jupyter to exit (SIGKILL
// after a grace period). The end of npm is seen as this script's parent (the shell) or
// grandparent (npm) being re-parented, polled four times a second. No Jupyter is left running with a valid token.
/* global setInterval, clearInterval */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { relative } from "node:path";
import { configureGitFilter, installPreCommitHook } from "./git-filter.mjs";
import { localJupyter, prepareJupyter, projectRoot, requireCommand } from "./jupyter.mjs";
import { listNotebooks, notebooksDirectory } from "./notebooks.mjs";

/** True when `jupyter <subcommand> --version` works, i.e. that frontend is installed. */
function hasFrontend(subcommand, env) {
  const probe = spawnSync("jupyter", [subcommand, "--version"], { env, stdio: "ignore" });
  return probe.status === 0;
}

function main() {
  requireCommand(
    "jupyter",
    "Install Jupyter first, e.g. on Debian/Ubuntu: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel (or pip install jupyterlab).",
  );
  const { env, kernelName, dataDir } = prepareJupyter({ isolated: false });
  for (const { message } of [configureGitFilter(), installPreCommitHook()]) {
    if (message) console.log(message);
  }
  const root = notebooksDirectory();
  console.log(
    `Kernel "${kernelName}" (tslab) registered in ${relative(projectRoot, dataDir)}/kernels/`,
  );
  console.log(
    `Jupyter runtime folder: ${relative(projectRoot, localJupyter)}/runtime (yours only); ` +
      "your own Jupyter configuration applies.",
  );

  const frontend = hasFrontend("lab", env)
    ? "lab"
    : hasFrontend("notebook", env)
      ? "notebook"
      : undefined;
  if (!frontend) {
    throw new Error(
      "Neither `jupyter lab` nor `jupyter notebook` is installed. Install JupyterLab " +
        "(pip install jupyterlab) or the classic Notebook (Debian: apt-get install jupyter-notebook).",
    );
  }
  const notebooks = listNotebooks(root);
  console.log(
    `Opening ${notebooks.length} notebook(s) in ${relative(projectRoot, root) || "."}/ with ` +
      `${frontend === "lab" ? "JupyterLab" : "the classic Jupyter Notebook"} (jupyter ${frontend}). Stop with Ctrl+C.`,
  );

  const args = [frontend, `--notebook-dir=${root}`];
  // Debian's Notebook refuses to run as root without this; a container user may well be root.
  if (process.getuid?.() === 0) args.push("--allow-root");
  args.push(...process.argv.slice(2));
  console.log(`> jupyter ${args.join(" ")}`);
  // Inherited by Jupyter: what it creates (the token files above all) is readable by you only.
  process.umask(0o077);
  const child = spawn("jupyter", args, { env, cwd: root, stdio: "inherit" });
  stopWithJupyter(child);
}

/** How long Jupyter may take to shut its kernels down before it is killed. */
const graceSeconds = 20;

/** The parent process id of `pid` as the kernel sees it now, or undefined (no /proc). */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/**
 * This process's parent and grandparent: under `npm start` the shell npm runs the script in, and
 * npm itself. (process.ppid is read once, at start, so /proc is asked.)
 */
function ancestry() {
  const parent = parentOf("self") ?? process.ppid;
  return [parent, parentOf(parent)];
}

/** True when the parent or grandparent recorded at start has ended (its child was re-parented). */
function ancestorGone([parent, grandparent]) {
  if (parentOf("self") === undefined) {
    try {
      process.kill(parent, 0);
      return false;
    } catch {
      return true;
    }
  }
  return parentOf("self") !== parent || parentOf(parent) !== grandparent;
}

/**
 * Keeps this script alive as long as Jupyter runs; on SIGTERM, SIGHUP or the end of its parent
 * (npm), asks Jupyter to stop with SIGTERM and exits once it has.
 */
function stopWithJupyter(child) {
  // After a terminal hangs up, writing to it fails; that must not kill this script first.
  process.stdout.on("error", () => {});
  process.stderr.on("error", () => {});
  let stoppedBy;
  const stop = (why, signal) => {
    if (stoppedBy) return;
    stoppedBy = signal;
    console.error(`npm start: ${why}; stopping Jupyter (pid ${child.pid}).`);
    child.kill("SIGTERM");
    setTimeout(() => {
      console.error(`npm start: Jupyter did not stop within ${graceSeconds} s; killing it.`);
      child.kill("SIGKILL");
    }, graceSeconds * 1000).unref();
  };
  // Ctrl+C reaches Jupyter too (same terminal); wait for it to shut its kernels down.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => stop("SIGTERM received", "SIGTERM"));
  process.on("SIGHUP", () => stop("SIGHUP received", "SIGHUP"));
  const ancestors = ancestry();
  const watch = setInterval(() => {
    if (ancestorGone(ancestors)) stop("the npm process that started Jupyter has ended", "SIGHUP");
  }, 250);
  child.on("exit", (code, signal) => {
    clearInterval(watch);
    process.exitCode = stoppedBy ? 128 + constants.signals[stoppedBy] : (code ?? (signal ? 1 : 0));
  });
}

try {
  main();
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exitCode = 1;
}
