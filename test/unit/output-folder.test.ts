// scripts/output-folder.mjs: a script's output folder is checked before anything is touched, and
// only a folder the scripts made themselves (marked) is ever emptied. Everything here happens in
// a scratch project under the system's temporary folder, never in this checkout.
import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  checkOutputFolder,
  markedBy,
  markerName,
  OutputFolderError,
  prepareOutputFolder,
} from "../../scripts/output-folder.mjs";
import { parseCommandLine } from "../../scripts/command-line.mjs";
import { treeDigest } from "../e2e/scratch-project";

describe("prepareOutputFolder", () => {
  let scratch = "";
  let root = "";
  let home = "";
  const savedHome = process.env.HOME;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), "rnn-jacobian-output-folder-"));
    root = join(scratch, "project");
    for (const dir of ["src", "notebooks", "test", "scripts", ".git", "build"]) {
      mkdirSync(join(root, dir), { recursive: true });
    }
    writeFileSync(join(root, "src", "index.ts"), "export {};\n");
    writeFileSync(join(root, "notebooks", "01-x.ipynb"), "{}\n");
    writeFileSync(join(root, "notebooks", "my-notes.md"), "mine\n");
    writeFileSync(join(root, ".git", "HEAD"), "ref: refs/heads/main\n");
    home = join(scratch, "home");
    mkdirSync(join(home, "docs"), { recursive: true });
    writeFileSync(join(home, "docs", "thesis.tex"), "mine\n");
    process.env.HOME = home;
  });
  after(() => {
    process.env.HOME = savedHome;
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Asserts that preparing `path` is refused with a message matching `reason`, changing nothing. */
  function refused(path: string, reason: RegExp, inputs: string[] = []) {
    const before = treeDigest(scratch);
    assert.throws(
      () => prepareOutputFolder(path, { script: "report", inputs, root }),
      (error: unknown) => {
        assert.ok(error instanceof OutputFolderError, String(error));
        assert.equal(error.exitCode, 2);
        assert.match(error.message, /^npm run report: refusing --out /);
        assert.ok(error.message.includes(path), `the message names the path: ${error.message}`);
        assert.match(error.message, reason);
        return true;
      },
    );
    assert.equal(treeDigest(scratch), before, `preparing ${path} changed files on disk`);
  }

  it("names a relative path as typed and where it leads", () => {
    const saved = process.cwd();
    process.chdir(root);
    try {
      assert.throws(
        () => prepareOutputFolder("src", { script: "report", root }),
        (error: unknown) => {
          assert.ok(error instanceof OutputFolderError, String(error));
          const expected = `refusing --out src (${realpathSync(join(root, "src"))}): it is`;
          assert.ok(error.message.includes(expected), error.message);
          return true;
        },
      );
    } finally {
      process.chdir(saved);
    }
  });

  it("refuses the project folder, its parents, and the folders it must never empty", () => {
    refused(root, /it is the project folder/);
    refused(scratch, /it contains the project folder/);
    for (const name of ["src", "notebooks", "test", "scripts", ".git"]) {
      refused(join(root, name), new RegExp(`it is the project's ${name.replace(".", "\\.")}/`));
    }
    refused("/", /it contains the project folder|file system root/);
  });

  it("refuses a folder inside src, notebooks or .git, even a new one", () => {
    refused(join(root, "src", "out"), /inside the project's src\//);
    refused(join(root, "notebooks", "handout"), /inside the project's notebooks\//);
    refused(join(root, ".git", "x"), /inside the project's \.git\//);
  });

  it("refuses the home folder and anything holding it", () => {
    refused(home, /it is your home folder/);
  });

  it("refuses a folder that is or contains an input", () => {
    const input = join(scratch, "elsewhere", "nbs");
    mkdirSync(input, { recursive: true });
    refused(input, /it is its input/, [input]);
    refused(join(scratch, "elsewhere"), /it contains its input/, [input]);
  });

  it("resolves symbolic links first", () => {
    const link = join(scratch, "link-to-notebooks");
    symlinkSync(join(root, "notebooks"), link);
    refused(link, /it is the project's notebooks\//);
    refused(join(link, "handout"), /inside the project's notebooks\//);
  });

  it("refuses a non-empty folder it did not make, and a file", () => {
    const users = join(scratch, "drafts");
    mkdirSync(join(users, "sub"), { recursive: true });
    writeFileSync(join(users, "report-draft.docx"), "mine");
    writeFileSync(join(users, "sub", "data.csv"), "1,2\n");
    refused(
      users,
      new RegExp(`not empty and was not made by this project's scripts \\(no ${markerName}`),
    );
    const file = join(scratch, "a-file");
    writeFileSync(file, "mine");
    refused(file, /it is a file/);
    const stale = join(root, "build", "report");
    mkdirSync(stale);
    writeFileSync(join(stale, "old.html"), "old");
    refused(stale, /left from an older version of this project, delete it: rm -r /);
  });

  it("refuses a marked folder of another script", () => {
    const slides = join(scratch, "slides");
    prepareOutputFolder(slides, { script: "slides", root });
    writeFileSync(join(slides, "deck.html"), "deck");
    refused(slides, /it holds the output of npm run slides, not of npm run report/);
  });

  it("creates and marks a new folder, adopts an empty one, and clears only its own", () => {
    const out = join(scratch, "new", "report");
    const made = prepareOutputFolder(out, { script: "report", root });
    assert.equal(made, out);
    assert.deepEqual(readdirSync(out), [markerName]);
    assert.equal(markedBy(out), "report");
    // A second run empties it but for the marker.
    mkdirSync(join(out, "vendor"));
    writeFileSync(join(out, "vendor", "a.js"), "x");
    writeFileSync(join(out, "page.html"), "x");
    prepareOutputFolder(out, { script: "report", root });
    assert.deepEqual(readdirSync(out), [markerName]);
    // clear: false keeps what the folder holds (a cache).
    writeFileSync(join(out, "cached.ipynb"), "x");
    prepareOutputFolder(out, { script: "report", root, clear: false });
    assert.deepEqual(readdirSync(out).sort(), [markerName, "cached.ipynb"].sort());
    // An empty folder is adopted.
    const empty = join(scratch, "empty");
    mkdirSync(empty);
    prepareOutputFolder(empty, { script: "report", root });
    assert.equal(markedBy(empty), "report");
    // build/<name> inside the project is fine.
    prepareOutputFolder(join(root, "build", "slides"), { script: "slides", root });
    assert.equal(markedBy(join(root, "build", "slides")), "slides");
  });

  it("a marker that is a symbolic link does not count", () => {
    const dir = join(scratch, "fake-marker");
    mkdirSync(dir);
    const real = join(scratch, "marker-elsewhere");
    prepareOutputFolder(real, { script: "report", root });
    symlinkSync(join(real, markerName), join(dir, markerName));
    writeFileSync(join(dir, "mine.txt"), "mine");
    refused(dir, /not empty and was not made/);
  });

  it("checkOutputFolder refuses the same folders and creates nothing", () => {
    const fresh = join(scratch, "not-yet");
    checkOutputFolder(fresh, { script: "report", root });
    assert.equal(existsSync(fresh), false);
    assert.throws(() => checkOutputFolder(root, { script: "report", root }), OutputFolderError);
  });
});

describe("parseCommandLine", () => {
  const spec = { script: "slides", usage: "usage: npm run slides [-- --out <dir>]", options: {} };
  const withOut = { ...spec, options: { out: { type: "string" as const } } };

  it("reads --out <dir> and --out=<dir>", () => {
    assert.equal(parseCommandLine(["--out", "x"], withOut).out, "x");
    assert.equal(parseCommandLine(["--out=x"], withOut).out, "x");
    assert.equal(parseCommandLine([], withOut).out, undefined);
  });

  it("refuses unknown flags, stray words and a missing or flag-like value, with the usage", () => {
    for (const args of [
      ["--bogus"],
      ["--output", "x"],
      ["x"],
      ["--out"],
      ["--out", "--bogus"],
      ["--out=--bogus"],
      ["--out="],
    ]) {
      assert.throws(
        () => parseCommandLine(args, withOut),
        (error: unknown) => {
          assert.ok(error instanceof OutputFolderError, `${args.join(" ")}: ${String(error)}`);
          assert.equal(error.exitCode, 2);
          assert.match(error.message, /^npm run slides: /);
          assert.match(error.message, /usage: npm run slides/);
          return true;
        },
        `accepted ${args.join(" ")}`,
      );
    }
  });
});
