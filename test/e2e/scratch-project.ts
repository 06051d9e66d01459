// A scratch copy of this project for tests that run its scripts where a mistake could cost files
// (an output folder refused or not, a signal, a moved folder): the working files as they are now
// (not only what is committed), with node_modules and dist/ linked to this checkout's, and a git
// repository of its own holding one commit of them.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { projectRoot } from "../../scripts/jupyter.mjs";

/** Folders copied by link (large, never written by the tests) or not at all (outputs, state). */
const linked = ["node_modules", "dist"];
const skipped = [".git", "build", ".jupyter-local", join("test", "lab", "node_modules")];

export interface ScratchProject {
  /** The temporary folder holding the copy (and room for other folders beside it). */
  parent: string;
  /** The copy of the project. */
  root: string;
  remove(): void;
}

/** Copies the project into `<tmp>/rnn-jacobian-<label>-XXXX/project` and commits it there. */
export function scratchProject(label: string): ScratchProject {
  const parent = mkdtempSync(join(tmpdir(), `rnn-jacobian-${label}-`));
  const root = join(parent, "project");
  cpSync(projectRoot, root, {
    recursive: true,
    filter: (source) => {
      const path = relative(projectRoot, source);
      return ![...linked, ...skipped].some((p) => path === p || path.startsWith(`${p}${sep}`));
    },
  });
  for (const name of linked) symlinkSync(join(projectRoot, name), join(root, name));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  git("init", "-q");
  // The links are not part of the project (.gitignore's "node_modules/" matches folders only).
  writeFileSync(
    join(root, ".git", "info", "exclude"),
    `${linked.map((n) => `/${n}`).join("\n")}\n`,
  );
  git("config", "user.email", "test@example.invalid");
  git("config", "user.name", "test");
  git("add", "-A");
  git("commit", "-qm", "scratch copy");
  return { parent, root, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** A digest of every name, link target and file content below `path` (or of its absence). */
export function treeDigest(path: string): string {
  const hash = createHash("sha256");
  const walk = (p: string, name: string) => {
    if (!existsSync(p) && !isLink(p)) return void hash.update(`missing ${name}\n`);
    const info = lstatSync(p);
    if (info.isSymbolicLink()) hash.update(`link ${name} ${readlinkSync(p)}\n`);
    else if (info.isDirectory()) {
      hash.update(`dir ${name} ${info.mode}\n`);
      for (const entry of readdirSync(p).sort()) walk(join(p, entry), `${name}/${entry}`);
    } else hash.update(`file ${name} ${info.mode} `).update(readFileSync(p)).update("\n");
  };
  walk(path, ".");
  return hash.digest("hex");
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
