// The project's own Jupyter setup, shared by `npm start`, `npm run report`, the benchmarks and
// the tests: the tslab kernel spec is registered under .jupyter-local/ (never globally, never in
// the user's home), and Jupyter's runtime folder (connection files, server files holding the
// token) is .jupyter-local/runtime, private to the user (0700).
// - `npm start` (isolated: false) keeps the user's own Jupyter configuration (~/.jupyter or
//   JUPYTER_CONFIG_DIR: password, token, hardening) and data folder (trusted notebooks, other
//   kernels); it only adds the project's kernel folder in front of JUPYTER_PATH.
// - Reports, benchmarks and tests (isolated: true) use the project's own config and data folders,
//   so that a user's settings cannot change what they check.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const localJupyter = join(projectRoot, ".jupyter-local");
export const notebooksDir = join(projectRoot, "notebooks");
export const buildDir = join(projectRoot, "build");
export const kernelName = "tslab";

/** The Python that runs Debian's Jupyter: /usr/bin/python3 where it exists. */
export function jupyterPython() {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

/** Fails with a clear message when a prerequisite is missing. */
export function requireCommand(command, hint) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
  } catch {
    throw new Error(`${command} was not found on PATH. ${hint}`);
  }
}

/**
 * True when the kernel spec at `kernelSpec` starts this project's tslab (`tslabBinary`). The spec
 * stores tslab's absolute path, so after the project folder is moved or copied it names the old
 * place (and Jupyter fails with FileNotFoundError …/tslab, or runs another copy's kernel).
 */
export function kernelSpecIsCurrent(kernelSpec, tslabBinary) {
  try {
    const spec = JSON.parse(readFileSync(kernelSpec, "utf8"));
    return Array.isArray(spec.argv) && spec.argv[0] === tslabBinary;
  } catch {
    return false;
  }
}

/**
 * Registers the tslab kernel spec under .jupyter-local (again whenever it does not point at this
 * project's tslab, e.g. after the folder was moved) and returns the environment
 * in which `jupyter …` finds it. `runtimeDir` lets a caller (a test) use a private runtime folder;
 * `isolated: false` (npm start) keeps the user's Jupyter configuration and data folders.
 */
export function prepareJupyter({ runtimeDir, isolated = true } = {}) {
  requireCommand(
    "jupyter",
    "Install Jupyter first (Debian: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel).",
  );
  const tslabBinary = join(projectRoot, "node_modules", ".bin", "tslab");
  if (!existsSync(tslabBinary)) {
    throw new Error(`tslab is not installed at ${tslabBinary}: run npm install first.`);
  }
  if (!existsSync(join(projectRoot, "dist", "index.js"))) {
    throw new Error("dist/ is missing: run npm run build first (npm install runs it too).");
  }
  const dataDir = join(localJupyter, "share", "jupyter");
  const kernelSpec = join(dataDir, "kernels", kernelName, "kernel.json");
  if (!kernelSpecIsCurrent(kernelSpec, tslabBinary)) {
    execFileSync(
      "node",
      [
        tslabBinary,
        "install",
        `--python=${jupyterPython()}`,
        `--prefix=${localJupyter}`,
        `--binary=${tslabBinary}`,
      ],
      { stdio: "ignore" },
    );
  }
  const runtime = runtimeDir ?? join(localJupyter, "runtime");
  // 0700: the server's info and browser-open files hold its token. chmod as well, since mkdir's
  // mode does not change a folder that exists already (one made by an earlier version).
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  chmodSync(runtime, 0o700);
  if (!isolated) {
    return {
      env: {
        ...process.env,
        JUPYTER_PATH: [dataDir, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
        JUPYTER_RUNTIME_DIR: runtime,
      },
      kernelName,
      dataDir,
    };
  }
  const configDir = join(localJupyter, "config");
  mkdirSync(configDir, { recursive: true });
  const env = {
    ...process.env,
    JUPYTER_PATH: dataDir,
    JUPYTER_DATA_DIR: dataDir,
    JUPYTER_CONFIG_DIR: configDir,
    JUPYTER_RUNTIME_DIR: runtime,
    IPYTHONDIR: join(localJupyter, "ipython"),
    // Debian's Jupyter is a system Python program: keep a pyenv/virtualenv Python off its path.
    PYTHONNOUSERSITE: "1",
  };
  return { env, kernelName, dataDir };
}
