// The one way a script of this project gets a folder to write into. Every script that writes a
// folder (report, slides, exercises, bench:notebooks, the sweep and fault copies, and any new one)
// calls, before it writes anything:
//
//   const outputDir = prepareOutputFolder(path, { script: "report", inputs: [notebooksDir] });
//
// and then writes into the returned (real, absolute) path. The call either hands back an empty
// (with clear: false, a kept) folder that carries this module's marker file, or throws an OutputFolderError (exitCode 2) with
// one message naming the flag, the path and the reason, having changed nothing on disk. Options:
//   script  the command's name, e.g. "report" (messages say "npm run report"; the marker names it)
//   inputs  folders or files the script reads: the output folder may not be or contain any of them
//   flag    the command-line flag that chose the folder, for the message (default "--out")
//   clear   false keeps what a marked folder holds (a cache such as executed notebooks)
//   root    the project folder to protect (default: this checkout; tests pass a scratch copy)
// checkOutputFolder(path, options) makes the same checks and only throws: for a script that must
// refuse a bad folder before slower preparations (registering the kernel, say).
//
// Why: a script empties its output folder so that nothing stale survives a run, and a folder the
// user named by mistake (`--out notebooks`, `--out .`, `--out ~`) must never be emptied. So:
// - symbolic links are resolved first, so a link cannot smuggle a protected folder in;
// - refused: a folder that is or contains an input, the project root, its .git, src, notebooks,
//   test or scripts folder, the user's home folder or the file system root; a folder inside
//   src, notebooks or .git; a path that is a file;
// - an existing folder that is not empty is used only when it carries the marker file
//   (`.rnn-jacobian-output`) this module writes into every folder it creates, and only when
//   the marker names the same script; an empty folder is adopted and marked;
// - only a marked folder is ever cleared (everything but the marker is removed).
// A folder from an older version of the project (made before the marker existed) is refused too:
// the message says to delete it by hand.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, parse, relative, resolve, sep } from "node:path";
import { projectRoot } from "./jupyter.mjs";

export const markerName = ".rnn-jacobian-output";
const markerHeading = "This folder was made by rnn-jacobian's";

/** A refused output folder (or command line): the message says why; exit status 2. */
export class OutputFolderError extends Error {
  constructor(message) {
    super(message);
    this.name = "OutputFolderError";
    this.exitCode = 2;
  }
}

/** The real path of `path`, or of its nearest existing parent joined with the rest. */
export function realPath(path) {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}

/** True when `inner` is `outer` or lies below it (both real, absolute paths). */
export function isWithin(inner, outer) {
  const path = relative(outer, inner);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !parse(path).root);
}

/** The text of the marker file for `script`. */
function markerText(script) {
  return (
    `${markerHeading} npm run ${script}.\n` +
    "Its contents are replaced each time that command runs; do not keep your own files here.\n"
  );
}

/** The script named by the marker in `dir`, or undefined when there is no valid marker. */
export function markedBy(dir) {
  const marker = join(dir, markerName);
  let text;
  try {
    if (!lstatSync(marker).isFile()) return undefined;
    text = readFileSync(marker, "utf8");
  } catch {
    return undefined;
  }
  const match = text.match(/^This folder was made by rnn-jacobian's npm run (\S+)\.\n/);
  return match ? match[1] : undefined;
}

/** The folders no output folder may be or contain, with how a message names them. */
function protectedFolders(projectFolder) {
  const root = realPath(projectFolder);
  const named = (name) => ({ path: realPath(join(root, name)), what: `the project's ${name}/` });
  return {
    containNone: [
      { path: root, what: "the project folder" },
      named(".git"),
      named("src"),
      named("notebooks"),
      named("test"),
      named("scripts"),
      { path: realPath(homedir()), what: "your home folder" },
      { path: parse(root).root, what: "the file system root" },
    ],
    beInsideNone: [named("src"), named("notebooks"), named(".git")],
  };
}

/**
 * Why `path` may not be this script's output folder, or undefined when it may. Reads only.
 */
export function outputFolderProblem(path, { script, inputs = [], root = projectRoot }) {
  const target = realPath(path);
  const { containNone, beInsideNone } = protectedFolders(root);
  const inputFolders = inputs.map((input) => ({
    path: realPath(input),
    what: `its input ${input}`,
  }));
  for (const folder of [...inputFolders, ...containNone]) {
    if (isWithin(folder.path, target)) {
      return `it ${folder.path === target ? "is" : "contains"} ${folder.what}`;
    }
  }
  for (const folder of beInsideNone) {
    if (isWithin(target, folder.path)) return `it is inside ${folder.what}`;
  }
  if (!existsSync(target)) return undefined;
  if (!lstatSync(target).isDirectory()) return "it is a file, not a folder";
  const entries = readdirSync(target);
  if (entries.length === 0) return undefined;
  const owner = markedBy(target);
  if (owner === undefined) {
    return (
      `it is not empty and was not made by this project's scripts (no ${markerName} file), ` +
      "so its files may be yours. Choose a new or empty folder" +
      (isWithin(target, realPath(join(root, "build")))
        ? `, or, if it is left from an older version of this project, delete it: rm -r ${relative(process.cwd(), target) || "."}`
        : "")
    );
  }
  if (owner !== script) return `it holds the output of npm run ${owner}, not of npm run ${script}`;
  return undefined;
}

/**
 * Throws the OutputFolderError prepareOutputFolder would throw for `path`, and does nothing else:
 * for a script that must refuse a bad folder before slower preparations.
 */
export function checkOutputFolder(path, { script, inputs = [], flag = "--out", root }) {
  if (typeof script !== "string" || !/^\S+$/.test(script)) {
    throw new TypeError(`prepareOutputFolder: script must be a command name, got ${script}`);
  }
  const problem = outputFolderProblem(path, { script, inputs, root });
  if (problem) {
    // The path as the caller gave it, and where it leads when that differs: scripts pass what was
    // typed or a resolved default, and the reader should see both the same way.
    const resolved = realPath(path);
    const shown = resolved === path ? path : `${path} (${resolved})`;
    throw new OutputFolderError(
      `npm run ${script}: refusing ${flag} ${shown}: ${problem}. Nothing was changed.`,
    );
  }
}

/**
 * Checks `path` (see the top of this file), then creates it if needed, marks it and (unless
 * `clear` is false) empties it but for the marker. Returns its real, absolute path. Throws an
 * OutputFolderError, changing nothing, when the folder is refused.
 */
export function prepareOutputFolder(
  path,
  { script, inputs = [], flag = "--out", clear = true, root },
) {
  checkOutputFolder(path, { script, inputs, flag, root });
  const target = realPath(path);
  mkdirSync(target, { recursive: true });
  if (clear) {
    for (const entry of readdirSync(target)) {
      if (entry !== markerName) rmSync(join(target, entry), { recursive: true, force: true });
    }
  }
  if (markedBy(target) !== script) writeFileSync(join(target, markerName), markerText(script));
  return target;
}
