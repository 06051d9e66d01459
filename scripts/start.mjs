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
//   (scripts/git-filter.mjs), so that saving a run notebook never dirties what is committed.
import { spawn, spawnSync } from "node:child_process";
import { relative } from "node:path";
import { configureGitFilter } from "./git-filter.mjs";
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
  const filter = configureGitFilter();
  if (filter.message) console.log(filter.message);
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
  // Ctrl+C reaches Jupyter too (same terminal); wait for it to shut its kernels down.
  process.on("SIGINT", () => {});
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

try {
  main();
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exitCode = 1;
}
