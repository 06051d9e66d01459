// A private Jupyter server for the browser tests: Debian's classic Notebook server, or Debian's
// jupyter-server serving the JupyterLab fixture page (test/lab/server.py). 127.0.0.1, a free port,
// a random token handed over in a 0600 file (JUPYTER_TOKEN_FILE), never on the command line where
// `ps` shows it; its own runtime and data folders (0700); signatures kept in memory (so nothing it
// trusts outlives it), and the project's tslab kernel. stop() always leaves no process behind: it
// shuts the kernels down, stops the server, kills its process group, and finally kills any
// process still holding a connection file in this server's runtime folder (a kernel that was
// started in a session of its own and survived).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { jupyterPython, prepareJupyter, projectRoot } from "../../scripts/jupyter.mjs";

/** Which server: the classic Notebook 6, or jupyter-server 1.23 with the JupyterLab fixture page. */
export type ServerKind = { kind: "notebook" } | { kind: "lab"; bundleDir: string };

export interface JupyterServer {
  /** The server's process id (its command line must not hold the token). */
  pid: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  token: string;
  /** The folder the server shows as its root. */
  root: string;
  /** The server's log file (stdout and stderr). */
  logFile: string;
  /** A URL of the server with the token appended, for a path such as "notebooks/x.ipynb". */
  url(path: string): string;
  /** Calls the REST API with the token. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Shuts down every kernel (the sessions of the notebooks that were opened). */
  shutdownKernels(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** The command line of the server (no secret in it: the token travels in a file). */
function serverCommand(server: ServerKind, root: string, port: number): [string, string[]] {
  const common = [
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    "--NotebookNotary.db_file=:memory:",
    // CI runs as root, where the server refuses to start without this.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  if (server.kind === "notebook") {
    return ["jupyter", ["notebook", `--notebook-dir=${root}`, ...common]];
  }
  return [
    jupyterPython(),
    [
      join(projectRoot, "test", "lab", "server.py"),
      `--LabFixtureApp.bundle_dir=${server.bundleDir}`,
      `--ServerApp.root_dir=${root}`,
      ...common,
    ],
  ];
}

/** Starts the server with `root` as its notebook folder; `workDir` holds its runtime and logs. */
export async function startJupyterServer(
  root: string,
  workDir: string,
  server: ServerKind = { kind: "notebook" },
): Promise<JupyterServer> {
  const runtimeDir = join(workDir, "jupyter-runtime");
  const dataDir = join(workDir, "jupyter-data");
  const secrets = join(workDir, "secrets");
  for (const dir of [runtimeDir, dataDir, secrets])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString("hex");
  const tokenFile = join(secrets, "token");
  writeFileSync(tokenFile, token, { mode: 0o600 });
  // Kernel specs still come from JUPYTER_PATH (.jupyter-local); the notary's secret goes here.
  const env: NodeJS.ProcessEnv = {
    ...prepareJupyter({ runtimeDir, isolated: true }).env,
    JUPYTER_DATA_DIR: dataDir,
    JUPYTER_TOKEN_FILE: tokenFile,
  };
  delete env.JUPYTER_TOKEN;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(workDir, "jupyter-server.log");
  const log = openSync(logFile, "a");
  const [command, args] = serverCommand(server, root, port);
  const child: ChildProcess = spawn(
    command,
    args,
    // Its own process group, so that stop() can signal the server and everything it spawned.
    { env, cwd: root, detached: true, stdio: ["ignore", log, log] },
  );
  closeSync(log);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/${path}`, {
      ...init,
      headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) },
      signal: AbortSignal.timeout(10_000),
    });

  const shutdownKernels = async () => {
    try {
      const sessions = (await (await api("api/sessions")).json()) as Array<{ id: string }>;
      await Promise.all(sessions.map((s) => api(`api/sessions/${s.id}`, { method: "DELETE" })));
    } catch {
      // The server is gone or not answering: stop() deals with what is left.
    }
  };

  const stop = async () => {
    if (!exited) {
      await shutdownKernels();
      signalGroup(child, "SIGTERM");
      for (let i = 0; i < 50 && !exited; i++) await sleep(200);
      if (!exited) signalGroup(child, "SIGKILL");
    }
    killProcessesMentioning(runtimeDir);
  };

  const handle: JupyterServer = {
    pid: child.pid ?? -1,
    baseUrl,
    token,
    root,
    logFile,
    url: (path) => `${baseUrl}/${path}${path.includes("?") ? "&" : "?"}token=${token}`,
    api,
    shutdownKernels,
    stop,
  };

  // Wait until it answers (Debian's server takes 1–3 s); fail early if it died.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`the Jupyter server exited while starting:\n${tail(logFile)}`);
    }
    try {
      if ((await api("api/status")).ok) return handle;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Jupyter server did not answer within 120 s:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Kills the processes whose command line names `marker` (our private runtime folder), i.e. the
 * kernels this server started: jupyter_client starts each kernel in a new session, outside the
 * server's process group.
 */
function killProcessesMentioning(marker: string): void {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (commandLine.includes(marker)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
