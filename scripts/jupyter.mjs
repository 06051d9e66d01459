// The project's own Jupyter setup, shared by `npm start`, `npm run report`, the benchmarks and
// the tests: the tslab kernel spec is registered under .jupyter-local/ (never globally, never in
// the user's home), and every Jupyter folder (data, config, runtime) points inside the project.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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
 * Registers the tslab kernel spec under .jupyter-local (idempotent) and returns the environment
 * in which `jupyter …` finds it. `runtimeDir` lets a caller (a test) use a private runtime folder.
 */
export function prepareJupyter({ runtimeDir } = {}) {
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
  if (!existsSync(kernelSpec)) {
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
  const configDir = join(localJupyter, "config");
  for (const dir of [runtime, configDir]) mkdirSync(dir, { recursive: true });
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
