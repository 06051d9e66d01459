// Fault injection: proof that the checks can fail. Each fault in test/faults/faults.json is a
// plausible slip in the library (the printed form where the correct one belongs, σ′ taken one
// step late, a product multiplied in the wrong order, …), written as an exact text replacement
// in one source file. For each fault this script builds a copy of the library with that one
// change (under build/faults/<id>/, the project itself untouched), runs every unit test and every
// notebook against the copy, and prints a table: which notebooks stopped (with the claim that
// failed) and which unit tests failed. A fault that no notebook or no unit test catches fails
// the run.
//
// Usage: node scripts/faults.mjs [--only ID] [--json FILE]
/* global Buffer, performance */
import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { buildDir, prepareJupyter, projectRoot } from "./jupyter.mjs";
import { prepareOutputFolder } from "./output-folder.mjs";
import { executeNotebook, listNotebooks, mapLimited, notebookName } from "./notebooks.mjs";

export const faultsFile = join(projectRoot, "test", "faults", "faults.json");
const packageName = "rnn-jacobian";

/**
 * The faults, each { id, description, file, find, replace, all? }: `find` occurs exactly once in
 * `file`, or, with `all: true`, at least once (every occurrence is replaced).
 */
export function readFaults(path = faultsFile) {
  const faults = JSON.parse(readFileSync(path, "utf8"));
  if (!Array.isArray(faults) || faults.length === 0) {
    throw new Error(`${path}: expected a non-empty array of faults`);
  }
  const ids = new Set();
  for (const fault of faults) {
    for (const key of ["id", "description", "file", "find", "replace"]) {
      if (typeof fault[key] !== "string") throw new Error(`${path}: a fault lacks "${key}"`);
    }
    if (ids.has(fault.id)) throw new Error(`${path}: fault id ${fault.id} appears twice`);
    ids.add(fault.id);
  }
  return faults;
}

/** The faulty text of the fault's file; throws unless `find` occurs exactly once. */
export function applyFault(fault, root = projectRoot) {
  const path = join(root, fault.file);
  if (!existsSync(path)) throw new Error(`fault ${fault.id}: ${fault.file} does not exist`);
  const text = readFileSync(path, "utf8");
  const count = text.split(fault.find).length - 1;
  // "all": the same slip written in several places of one file (e.g. σ′ taken twice).
  if (fault.all === true ? count < 1 : count !== 1) {
    throw new Error(
      `fault ${fault.id}: the text to replace occurs ${count} times in ${fault.file}, expected ${fault.all ? "at least once" : "once"}:\n${fault.find}`,
    );
  }
  return text.split(fault.find).join(fault.replace);
}

/**
 * A copy of the project under `dir` with the fault applied: src/, test/, the configs, notebooks,
 * and a node_modules whose entries link to the project's, except `rnn-jacobian` itself, which
 * links to the copy (so notebooks there import the faulty build).
 */
function prepareCopy(fault, dir) {
  prepareOutputFolder(dir, { script: "test:faults", flag: "(fault copy)" });
  for (const entry of ["src", "test", "scripts", "bin", "notebooks"]) {
    cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
  }
  for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json"]) {
    cpSync(join(projectRoot, file), join(dir, file));
  }
  writeFileSync(join(dir, fault.file), applyFault(fault));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(projectRoot, "node_modules"))) {
    if (entry === packageName) continue;
    symlinkSync(join(projectRoot, "node_modules", entry), join(modules, entry));
  }
  symlinkSync(dir, join(modules, packageName));
}

function run(command, args, cwd, env = process.env) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("close", (code) => done({ code, log: Buffer.concat(chunks).toString("utf8") }));
  });
}

/** Names of the failing tests in node's TAP output ("not ok 3 - name"), leaf tests only. */
export function failingTests(tap) {
  const failed = [];
  for (const match of tap.matchAll(/^(\s*)not ok \d+ - (.*)$/gm)) {
    const name = match[2].trim();
    // Its YAML block: the lines after it, up to the next test line.
    const rest = tap.slice(match.index + match[0].length);
    const nextTest = rest.search(/^\s*(not )?ok \d+ - /m);
    const nextLines = nextTest < 0 ? rest : rest.slice(0, nextTest);
    if (/failureType: 'subtestsFailed'/.test(nextLines)) continue;
    failed.push(name);
  }
  return failed;
}

/** The claim a stopped notebook reports: its "claim failed: …" line, or the first error line. */
export function stoppingReason(failure) {
  const lines = failure.split("\n");
  // The thrown error's own line ("ClaimError: claim failed: …"), not a quoted source line.
  const thrown = lines.find((line) => /\b\w*Error: /.test(line));
  const line = thrown ?? lines.find((l) => l.includes("claim failed:")) ?? failure;
  return line
    .trim()
    .replace(/^.*?(claim failed:)/, "$1")
    .slice(0, 160);
}

export async function runFault(fault, { env, log = () => {} }) {
  const dir = join(buildDir, "faults", fault.id);
  prepareCopy(fault, dir);
  const built = await run(
    "node",
    [join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    dir,
  );
  if (!existsSync(join(dir, "dist", "index.js"))) {
    throw new Error(`fault ${fault.id}: the faulty library did not build:\n${built.log}`);
  }
  log(`  ${fault.id}: built; unit tests …`);
  const unitFiles = readdirSync(join(dir, "test", "unit"))
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join("test", "unit", name));
  const unit = await run(
    "node",
    ["--import", "tsx", "--test", "--test-reporter=tap", ...unitFiles],
    dir,
  );
  const unitFailures = failingTests(unit.log);
  log(`  ${fault.id}: ${unitFailures.length} unit tests failed; notebooks …`);
  const notebooks = listNotebooks(join(dir, "notebooks"));
  const stopped = [];
  await mapLimited(notebooks, 2, async (path) => {
    const result = await executeNotebook(path, { outputDir: join(dir, "executed"), env });
    if (!result.ok)
      stopped.push({ notebook: notebookName(path), reason: stoppingReason(result.failure) });
  });
  stopped.sort((a, b) => a.notebook.localeCompare(b.notebook));
  return {
    id: fault.id,
    description: fault.description,
    unitFailures,
    stopped,
    notebooks: notebooks.length,
  };
}

export function faultTable(results) {
  const lines = [
    "| fault | notebooks that stopped (failed claim) | unit tests that failed |",
    "| --- | --- | --- |",
  ];
  for (const result of results) {
    const stopped =
      result.stopped.map((s) => `${s.notebook}: ${s.reason}`).join("<br>") || "**none**";
    const unit = result.unitFailures.length
      ? `${result.unitFailures.length}: ${result.unitFailures.slice(0, 3).join("; ")}${result.unitFailures.length > 3 ? "; …" : ""}`
      : "**none**";
    lines.push(`| ${result.id}: ${result.description} | ${stopped} | ${unit} |`);
  }
  return lines.join("\n");
}

async function main() {
  const { only, json } = parseCommandLine(process.argv.slice(2), {
    script: "test:faults",
    usage: "usage: npm run test:faults [-- --only <fault id>] [--json <file>]",
    options: { only: { type: "string" }, json: { type: "string" } },
  });
  const faults = readFaults().filter((fault) => !only || fault.id === only);
  // Check every replacement applies before spending minutes on any of them.
  for (const fault of faults) applyFault(fault);
  const { env } = prepareJupyter();
  const started = performance.now();
  const results = [];
  for (const fault of faults) {
    console.error(`fault ${fault.id}: ${fault.description}`);
    results.push(await runFault(fault, { env, log: (line) => console.error(line) }));
  }
  console.log(faultTable(results));
  const uncaught = results.filter((r) => r.stopped.length === 0 || r.unitFailures.length === 0);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nfaults: ${results.length} injected, ${results.length - uncaught.length} caught by a notebook and a unit test, ${seconds.toFixed(0)} s`,
  );
  for (const r of uncaught) {
    console.log(
      `NOT CAUGHT: ${r.id} (notebooks stopped: ${r.stopped.length}, unit tests failed: ${r.unitFailures.length})`,
    );
  }
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
  process.exitCode = uncaught.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void runScript("test:faults", main);
}
