// What a careful user checks about the project's Jupyter tooling:
// - `npm start`: Jupyter's runtime folder is private (0700) and the files in it that hold the
//   token are 0600; the user's own Jupyter configuration (~/.jupyter) is honoured, not replaced;
// - `npm run report`, `npm run bench:notebooks` and the notebook test refuse an output folder that
//   is or contains their input folder (they empty their output folder first), and leave the
//   notebooks where they were;
// - `npm run exercises`, `slides` and `report`, run in a scratch copy of the project, refuse an
//   output folder that is the notebooks, src, the project itself or a folder of the user's, and a
//   bad command line, with exit status 2 and every file byte for byte as it was.
// (That the browser tests' servers get their token from a file, not the command line, is checked
// in lab.test.ts against the running server.)
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { buildDir, projectRoot } from "../../scripts/jupyter.mjs";
import { freePort } from "./jupyter-server";
import { scratchProject, treeDigest, type ScratchProject } from "./scratch-project";

const fixture = join(projectRoot, "test", "fixtures", "notebooks", "00-fixture.ipynb");
const minute = 60_000;

/** The permission bits of a file or folder, e.g. 0o600. */
function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

describe("npm start", () => {
  it(
    "keeps the user's ~/.jupyter config, and its runtime folder (0700) and token files (0600) are private",
    { timeout: 3 * minute },
    async () => {
      // In a scratch copy: npm start also registers the git filter and hook of its repository.
      const scratch = scratchProject("start");
      const home = mkdtempSync(join(tmpdir(), "rnn-jacobian-home-"));
      const token = randomBytes(16).toString("hex");
      // The user's own setting (a token; a password or other hardening goes the same way).
      mkdirSync(join(home, ".jupyter"));
      writeFileSync(
        join(home, ".jupyter", "jupyter_notebook_config.json"),
        JSON.stringify({ NotebookApp: { token } }),
      );
      const port = await freePort();
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, BROWSER: "true" };
      for (const key of Object.keys(env)) if (key.startsWith("JUPYTER_")) delete env[key];
      const child = spawn(
        process.execPath,
        [join(scratch.root, "scripts", "start.mjs"), `--port=${port}`, "--port-retries=0"],
        { cwd: scratch.root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
      );
      let log = "";
      child.stdout?.on("data", (chunk) => (log += chunk));
      child.stderr?.on("data", (chunk) => (log += chunk));
      const runtime = join(scratch.root, ".jupyter-local", "runtime");
      try {
        // Wait until the server answers with the user's token and has written its files.
        const deadline = Date.now() + 2 * minute;
        let status = 0;
        let serverFiles: string[] = [];
        while (Date.now() < deadline) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/api/status`, {
              headers: { Authorization: `token ${token}` },
            });
            status = response.status;
          } catch {
            // not listening yet
          }
          serverFiles = existsSync(runtime)
            ? readdirSync(runtime).filter((file) => {
                const text = readFileSync(join(runtime, file), "utf8");
                return text.includes(token);
              })
            : [];
          if (status === 200 && serverFiles.some((f) => f.endsWith("-open.html"))) break;
          await sleep(500);
        }
        assert.equal(status, 200, `the server did not accept the token from ~/.jupyter:\n${log}`);
        assert.equal(mode(runtime), 0o700, `${runtime} is ${mode(runtime).toString(8)}`);
        assert.ok(
          serverFiles.some((f) => f.endsWith(".json")),
          `no server info file:\n${log}`,
        );
        assert.ok(
          serverFiles.some((f) => f.endsWith("-open.html")),
          `no browser-open file:\n${log}`,
        );
        for (const file of serverFiles) {
          const bits = mode(join(runtime, file));
          assert.equal(bits, 0o600, `${file} holds the token and is ${bits.toString(8)}`);
        }
        const unauthorized = await fetch(`http://127.0.0.1:${port}/api/status`);
        assert.equal(unauthorized.status, 403, "the server answered without the token");
      } finally {
        if (child.pid) {
          try {
            process.kill(-child.pid, "SIGTERM");
          } catch {
            // gone already
          }
        }
        for (let i = 0; i < 40 && child.exitCode === null && child.signalCode === null; i++) {
          await sleep(250);
        }
        rmSync(home, { recursive: true, force: true });
        scratch.remove();
      }
    },
  );
});

/** True while something accepts connections on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start stops Jupyter when it is stopped with SIGTERM or SIGHUP", () => {
  let scratch: ScratchProject;
  let home = "";
  before(() => {
    scratch = scratchProject("signals");
    home = join(scratch.parent, "home");
    mkdirSync(home);
  });
  after(() => scratch?.remove());

  for (const [target, signal] of [
    ["npm", "SIGTERM"],
    ["npm", "SIGHUP"],
    ["scripts/start.mjs", "SIGTERM"],
    ["scripts/start.mjs", "SIGHUP"],
  ] as const) {
    it(
      `${signal} to ${target}: Jupyter exits and the port is free`,
      { timeout: 4 * minute },
      async () => {
        const port = await freePort();
        const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, BROWSER: "true" };
        for (const key of Object.keys(env)) if (key.startsWith("JUPYTER_")) delete env[key];
        delete env.NODE_TEST_CONTEXT;
        const jupyterArgs = ["--no-browser", `--port=${port}`, "--port-retries=0"];
        const [command, args] =
          target === "npm"
            ? ["npm", ["start", "--", ...jupyterArgs]]
            : [process.execPath, [join(scratch.root, "scripts", "start.mjs"), ...jupyterArgs]];
        // Its own process group, so that the signal goes to one process only and the cleanup
        // below can reach everything it started.
        const child = spawn(command, args, {
          cwd: scratch.root,
          env,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let log = "";
        child.stdout?.on("data", (chunk) => (log += chunk));
        child.stderr?.on("data", (chunk) => (log += chunk));
        const runtime = join(scratch.root, ".jupyter-local", "runtime");
        let jupyter = 0;
        try {
          const deadline = Date.now() + 2 * minute;
          while (Date.now() < deadline && !(jupyter && (await listening(port)))) {
            const info = existsSync(runtime)
              ? readdirSync(runtime).find((f) => /^(nb|jp)server-\d+\.json$/.test(f))
              : undefined;
            if (info) jupyter = Number(info.match(/\d+/)?.[0]);
            await sleep(250);
          }
          assert.ok(jupyter > 0 && (await listening(port)), `Jupyter did not start:\n${log}`);
          assert.ok(child.pid);
          process.kill(child.pid, signal);
          const stopBy = Date.now() + 45_000;
          while (Date.now() < stopBy && (alive(jupyter) || (await listening(port)))) {
            await sleep(250);
          }
          assert.equal(alive(jupyter), false, `Jupyter (pid ${jupyter}) still runs:\n${log}`);
          assert.equal(await listening(port), false, `port ${port} is still held:\n${log}`);
          for (let i = 0; i < 40 && child.exitCode === null && child.signalCode === null; i++) {
            await sleep(250);
          }
          assert.ok(child.exitCode !== null || child.signalCode !== null, `${target} still runs`);
        } finally {
          for (const pid of [jupyter, child.pid ? -child.pid : 0]) {
            try {
              if (pid) process.kill(pid, "SIGKILL");
            } catch {
              // gone already
            }
          }
        }
      },
    );
  }
});

describe("a project folder moved elsewhere", () => {
  let scratch: ScratchProject;
  before(() => {
    scratch = scratchProject("moved");
  });
  after(() => scratch?.remove());

  /** Runs `code` (an ES module) with the copy's scripts/ at `root`, returning its stdout. */
  function inCopy(root: string, code: string): string {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
      cwd: root,
      encoding: "utf8",
      env,
      timeout: 4 * minute,
    });
    assert.equal(run.status, 0, `${code}\n${run.stdout}${run.stderr}`);
    return run.stdout;
  }

  const specPath = (root: string) =>
    join(root, ".jupyter-local", "share", "jupyter", "kernels", "tslab", "kernel.json");
  const tslabIn = (root: string) => join(root, "node_modules", ".bin", "tslab");
  const specTslab = (root: string) =>
    (JSON.parse(readFileSync(specPath(root), "utf8")) as { argv: string[] }).argv[0];

  it(
    "re-registers the kernel spec, and a notebook runs in the moved copy",
    { timeout: 5 * minute },
    () => {
      const first = scratch.root;
      inCopy(first, `(await import("./scripts/jupyter.mjs")).prepareJupyter();`);
      assert.equal(specTslab(first), tslabIn(first));
      const moved = join(scratch.parent, "moved");
      renameSync(first, moved);
      assert.equal(specTslab(moved), tslabIn(first), "the moved spec still names the old place");
      const fixtureNotebook = join(moved, "test", "fixtures", "notebooks", "00-fixture.ipynb");
      const result = inCopy(
        moved,
        `const { prepareJupyter } = await import("./scripts/jupyter.mjs");
         const { executeNotebook } = await import("./scripts/notebooks.mjs");
         const { env } = prepareJupyter();
         const run = await executeNotebook(${JSON.stringify(fixtureNotebook)},
           { outputDir: ${JSON.stringify(join(moved, "build", "moved-run"))}, env });
         console.log(JSON.stringify({ ok: run.ok, failure: run.failure }));`,
      );
      assert.equal(specTslab(moved), tslabIn(moved), "the spec points into the moved folder");
      const run = JSON.parse(result.trim().split("\n").pop() ?? "{}") as {
        ok: boolean;
        failure: string;
      };
      assert.ok(run.ok, `the fixture notebook did not run in the moved folder:\n${run.failure}`);
    },
  );
});

describe("the notebook scripts never delete their input", () => {
  /** A folder holding a copy of the fixture notebook. */
  function notebookFolder(parent: string): string {
    mkdirSync(parent, { recursive: true });
    copyFileSync(fixture, join(parent, "00-fixture.ipynb"));
    return parent;
  }

  function runScript(args: string[], notebooks: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, RNN_JACOBIAN_NOTEBOOKS_DIR: notebooks };
    // Set by node's test runner for the files it runs; a nested `node --test` must not see it.
    delete env.NODE_TEST_CONTEXT;
    return spawnSync(process.execPath, args, {
      cwd: projectRoot,
      encoding: "utf8",
      env,
      timeout: 5 * minute,
    });
  }

  it("npm run report refuses an output folder that is or contains the notebooks", () => {
    const root = mkdtempSync(join(tmpdir(), "rnn-jacobian-report-guard-"));
    try {
      const input = notebookFolder(join(root, "notebooks"));
      for (const output of [input, root]) {
        const run = runScript([join(projectRoot, "scripts", "report.mjs"), "--out", output], input);
        assert.equal(run.status, 2, `report wrote into ${output}:\n${run.stderr}`);
        assert.match(run.stderr, /refusing --out .*: it (is|contains) its input/);
        assert.ok(existsSync(join(input, "00-fixture.ipynb")), "the notebook was deleted");
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("npm run bench:notebooks refuses notebooks inside its output folder", () => {
    const input = notebookFolder(join(buildDir, "bench-notebooks", `guard-${process.pid}`));
    try {
      const run = runScript([join(projectRoot, "scripts", "bench-notebooks.mjs")], input);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /refusing \(output folder\) .*: it contains its input/);
      assert.ok(existsSync(join(input, "00-fixture.ipynb")), "the notebook was deleted");
    } finally {
      rmSync(input, { recursive: true, force: true });
    }
  });

  it(
    "the notebook test refuses notebooks inside its output folder",
    { timeout: 5 * minute },
    () => {
      const input = notebookFolder(join(buildDir, "test-notebooks", `guard-${process.pid}`));
      try {
        const run = runScript(
          [
            "--import",
            "tsx",
            "--test",
            join(projectRoot, "test", "notebooks", "notebooks.test.ts"),
          ],
          input,
        );
        assert.notEqual(run.status, 0);
        assert.match(run.stdout + run.stderr, /refuses to write to/);
        assert.ok(existsSync(join(input, "00-fixture.ipynb")), "the notebook was deleted");
      } finally {
        rmSync(input, { recursive: true, force: true });
      }
    },
  );
});

describe("the scripts that write a folder refuse, changing nothing, in a scratch copy", () => {
  let scratch: ScratchProject;
  before(() => {
    scratch = scratchProject("refusals");
  });
  after(() => scratch?.remove());

  /** Runs `npm run <script> -- <args>` in the copy; asserts exit 2, `reason`, and no change. */
  function refused(script: string, args: string[], reason: RegExp) {
    const before = treeDigest(scratch.parent);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    delete env.RNN_JACOBIAN_NOTEBOOKS_DIR;
    const run = spawnSync("npm", ["run", "--silent", script, "--", ...args], {
      cwd: scratch.root,
      encoding: "utf8",
      env,
      timeout: 2 * minute,
    });
    const command = `npm run ${script} -- ${args.join(" ")}`;
    assert.equal(run.status, 2, `${command} exited ${run.status}:\n${run.stdout}${run.stderr}`);
    assert.match(run.stderr, reason, command);
    assert.doesNotMatch(run.stderr, /^\s+at /m, `${command} printed a stack trace`);
    assert.equal(treeDigest(scratch.parent), before, `${command} changed files on disk`);
  }

  it("npm run exercises: --out notebooks, src, the project, an unknown flag, --out --bogus", () => {
    refused("exercises", ["--out", "notebooks"], /refusing --out .*notebooks: it is its input/);
    refused("exercises", ["--out", "src"], /refusing --out .*src: it is the project's src\//);
    refused("exercises", ["--out", "."], /refusing --out .*: it contains its input|project folder/);
    refused("exercises", ["--out", ".."], /refusing --out .*: it contains/);
    refused("exercises", ["--out", "--bogus"], /--out.*usage: npm run exercises/s);
    refused("exercises", ["--out=--bogus"], /--out needs a value.*usage: npm run exercises/s);
    refused("exercises", ["--outt", "x"], /Unknown option '--outt'.*usage: npm run exercises/s);
    assert.equal(existsSync(join(scratch.root, "--bogus")), false);
  });

  it("npm run slides: --out notebooks (with a user's notes in it) and an unknown flag", () => {
    writeFileSync(join(scratch.root, "notebooks", "my-notes.md"), "my notes\n");
    refused("slides", ["--out", "notebooks"], /refusing --out .*notebooks: it is its input/);
    refused("slides", ["--bogus"], /Unknown option '--bogus'.*usage: npm run slides/s);
  });

  it("npm run report: a folder holding the user's files, and the old --output flag", () => {
    const drafts = join(scratch.parent, "drafts");
    mkdirSync(join(drafts, "sub"), { recursive: true });
    writeFileSync(join(drafts, "report-draft.docx"), "my draft");
    writeFileSync(join(drafts, "sub", "data.csv"), "1,2\n");
    refused(
      "report",
      ["--out", drafts],
      /refusing --out .*drafts: it is not empty and was not made/,
    );
    refused("report", ["--output", drafts], /Unknown option '--output'.*usage: npm run report/s);
    refused("report", ["--out", "--bogus"], /usage: npm run report/);
  });
});
