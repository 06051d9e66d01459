// The parameter sweep: every notebook run again with other values of the parameters its
// `parameters` cell declares (other seeds, sizes, activations, step counts), as a student would
// try them. Each set lives in test/sweep/<notebook>.json:
//
//   { "sets":     [ { "name": "n=1", "values": { "n": 1 }, "quick": true }, … ],
//     "refusals": [ { "values": { "n": 0 }, "message": "n must be" } ] }
//
// A set is injected as one code cell of plain assignments (`n = 1;`) right after the parameters
// cell, the place papermill puts its injected parameters. A set must run to the end without an
// error; a refusal must stop in the cell that checks the parameters (the next code cell) with an
// error containing `message`. `npm run test:sweep` runs every set; `npm test` runs the sets
// marked "quick" and every refusal.
//
// Each set runs in a fresh kernel, as a student's new run does. The refusals of one notebook share
// one kernel (runRefusals), as a student who edits the parameters and runs the cells again does:
// each refusal runs the parameters cell (which declares every parameter afresh with its default),
// the injected assignments and the check cell, and must stop in that check cell.
//
// Usage: node scripts/sweep.mjs [--quick] [--only NN] — prints one line per run and a summary.
/* global performance, structuredClone */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { buildDir, projectRoot, prepareJupyter } from "./jupyter.mjs";
import { prepareOutputFolder } from "./output-folder.mjs";
import {
  blockNotebook,
  cellSource,
  executeBlocks,
  executeNotebook,
  selectedNotebooks,
  mapLimited,
  notebookName,
  notebooksDirectory,
  readNotebook,
} from "./notebooks.mjs";

export const sweepDir = join(projectRoot, "test", "sweep");
export const parametersTag = "parameters";

/** Index of the notebook's parameters cell (the code cell tagged "parameters"), or -1. */
export function parametersCellIndex(notebook) {
  return (notebook.cells ?? []).findIndex(
    (cell) => cell.cell_type === "code" && (cell.metadata?.tags ?? []).includes(parametersTag),
  );
}

/** The names the parameters cell declares with `let` (the only names a sweep may set). */
export function declaredParameters(notebook) {
  const index = parametersCellIndex(notebook);
  if (index < 0) return [];
  const source = cellSource(notebook.cells[index]);
  return [...source.matchAll(/^\s*let\s+([A-Za-z_$][\w$]*)\b/gm)].map((match) => match[1]);
}

/** The sweep file of a notebook, parsed and checked, or undefined when it has none. */
export function readSweepFile(name) {
  const path = join(sweepDir, `${name}.json`);
  if (!existsSync(path)) return undefined;
  const spec = JSON.parse(readFileSync(path, "utf8"));
  const sets = spec.sets ?? [];
  const refusals = spec.refusals ?? [];
  if (!Array.isArray(sets) || !Array.isArray(refusals)) {
    throw new Error(`${path}: "sets" and "refusals" must be arrays`);
  }
  for (const entry of [...sets, ...refusals]) {
    if (typeof entry.values !== "object" || entry.values === null) {
      throw new Error(`${path}: every set and refusal needs an object "values"`);
    }
  }
  for (const refusal of refusals) {
    if (typeof refusal.message !== "string" || refusal.message === "") {
      throw new Error(`${path}: every refusal needs the "message" its error must contain`);
    }
  }
  return { path, sets, refusals };
}

/** `name = value;` lines for the injected cell (values are JSON, so strings stay quoted). */
export function assignmentSource(values) {
  return Object.entries(values)
    .map(([name, value]) => `${name} = ${JSON.stringify(value)};`)
    .join("\n");
}

/**
 * A copy of `notebook` with a cell of assignments right after its parameters cell (tagged
 * "injected-parameters", papermill's name). Throws when the notebook has no parameters cell or a
 * value names a parameter the cell does not declare.
 */
export function injectParameters(notebook, values, name = "notebook") {
  const index = parametersCellIndex(notebook);
  if (index < 0) throw new Error(`${name} has no code cell tagged "${parametersTag}"`);
  const declared = declaredParameters(notebook);
  const unknown = Object.keys(values).filter((key) => !declared.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${name}: the parameters cell declares no ${unknown.join(", ")} (it declares ${declared.join(", ") || "nothing"})`,
    );
  }
  const copy = structuredClone(notebook);
  copy.cells.splice(index + 1, 0, {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    source: assignmentSource(values),
  });
  return { notebook: copy, injectedIndex: index + 1 };
}

/** Every run of the sweep: { notebook, name, values, refusal?: message }. */
export function sweepPlan({ quick = false, only } = {}) {
  const plan = [];
  for (const path of selectedNotebooks(notebooksDirectory())) {
    const name = notebookName(path);
    if (only && !name.startsWith(only)) continue;
    const spec = readSweepFile(name);
    if (!spec) continue;
    spec.sets
      .filter((set) => !quick || set.quick === true)
      .forEach((set, k) =>
        plan.push({ path, notebook: name, name: set.name ?? `set ${k + 1}`, values: set.values }),
      );
    spec.refusals.forEach((refusal, k) =>
      plan.push({
        path,
        notebook: name,
        name: refusal.name ?? `refusal ${k + 1}`,
        values: refusal.values,
        refusal: refusal.message,
      }),
    );
  }
  return plan;
}

function slug(text) {
  return text.replace(/[^A-Za-z0-9.=-]+/g, "_").slice(0, 60);
}

/**
 * Runs one entry of the plan; resolves { ok, problem, seconds }. The modified notebook is written
 * under build/sweep/ (inside the project, so `rnn-jacobian` resolves from node_modules).
 */
export async function runSweepEntry(entry, env, index) {
  const original = readNotebook(entry.path);
  const { notebook, injectedIndex } = injectParameters(original, entry.values, entry.notebook);
  const folder = prepareOutputFolder(
    join(buildDir, "sweep", `${String(index).padStart(3, "0")}-${slug(entry.name)}`),
    { script: "test:sweep", inputs: [entry.path], flag: "(sweep folder)" },
  );
  const inputDir = join(folder, "input");
  mkdirSync(inputDir, { recursive: true });
  const input = join(inputDir, `${entry.notebook}.ipynb`);
  writeFileSync(input, JSON.stringify(notebook, null, 1));
  const result = await executeNotebook(input, { outputDir: join(folder, "executed"), env });
  if (entry.refusal === undefined) {
    return { ok: result.ok, problem: result.ok ? "" : result.failure, seconds: result.seconds };
  }
  const checkCell = notebook.cells.findIndex(
    (cell, k) => k > injectedIndex && cell.cell_type === "code",
  );
  const stoppedThere = result.failure.startsWith(`cell ${checkCell + 1} failed`);
  const saysWhy = result.failure.includes(entry.refusal);
  const ok = !result.ok && stoppedThere && saysWhy;
  const problem = ok
    ? ""
    : result.ok
      ? `ran to the end; expected it to stop in cell ${checkCell + 1} with "${entry.refusal}"`
      : `expected cell ${checkCell + 1} to stop with "${entry.refusal}", got:\n${result.failure}`;
  return { ok, problem, seconds: result.seconds };
}

/**
 * Runs the refusals of one notebook (plan entries with `refusal`, all for the same notebook) in
 * one kernel (see the file comment); resolves one { ok, problem, seconds } per entry, in order.
 * `seconds` is the shared run's time.
 */
export async function runRefusals(entries, env) {
  return (await runSetAndRefusals(undefined, entries, env)).refusals;
}

/**
 * runRefusals after a set of the same notebook in the same kernel: the set's whole run (which
 * must run to the end, as in runSweepEntry) takes the place of the cells before the parameters
 * cell, and the refusals follow it; `npm test` saves a kernel per notebook this way. Resolves
 * { set: { ok, problem, seconds } (when a set was given), refusals: [...] }.
 */
export async function runSetAndRefusals(set, entries, env) {
  if (entries.length === 0) return { refusals: [] };
  const { path, notebook: name } = entries[0];
  if (set && (set.path !== path || set.refusal !== undefined)) {
    throw new Error(`runSetAndRefusals takes a set of the refusals' notebook (${name})`);
  }
  const original = readNotebook(path);
  const parameters = parametersCellIndex(original);
  const blocks = entries.map((entry) => {
    if (entry.path !== path || entry.refusal === undefined) {
      throw new Error(`runRefusals takes the refusals of one notebook (${name})`);
    }
    const { notebook, injectedIndex } = injectParameters(original, entry.values, name);
    const check = notebook.cells.findIndex(
      (cell, k) => k > injectedIndex && cell.cell_type === "code",
    );
    const cells = notebook.cells.map((cell, index) => ({ cell, index }));
    return { check, cells: cells.slice(parameters, check + 1) };
  });
  const prefix = (
    set ? injectParameters(original, set.values, name).notebook.cells : original.cells
  )
    .map((cell, index) => ({ cell, index }))
    .slice(0, set ? undefined : parameters);
  const plan = blockNotebook(
    original,
    prefix,
    blocks.map((block) => block.cells),
  );
  const folder = prepareOutputFolder(join(buildDir, "sweep", `refusals-${name}`), {
    script: "test:sweep",
    inputs: [path],
    flag: "(sweep folder)",
  });
  const result = await executeBlocks(plan, name, { outputDir: folder, env });
  const setResult = set && {
    ok: result.prefixOk,
    problem: result.prefixOk ? "" : result.failure,
    seconds: result.seconds,
  };
  const refusals = entries.map((entry, k) => {
    const { check } = blocks[k];
    const run = result.blocks[k];
    const stoppedThere = run.failure.startsWith(`cell ${check + 1} failed`);
    const saysWhy = run.failure.includes(entry.refusal);
    const ok = !run.ok && stoppedThere && saysWhy;
    const problem = ok
      ? ""
      : run.ok
        ? `ran the check cell ${check + 1} without an error; expected "${entry.refusal}"`
        : `expected cell ${check + 1} to stop with "${entry.refusal}", got:\n${run.failure}`;
    return { ok, problem, seconds: result.seconds };
  });
  return { set: setResult, refusals };
}

/** The refusals of `plan`, grouped by notebook (in plan order). */
export function refusalsByNotebook(plan) {
  const groups = new Map();
  for (const entry of plan.filter((e) => e.refusal !== undefined)) {
    groups.set(entry.notebook, [...(groups.get(entry.notebook) ?? []), entry]);
  }
  return [...groups.values()];
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const onlyIndex = args.indexOf("--only");
  const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
  const plan = sweepPlan({ quick, only });
  const { env } = prepareJupyter();
  const started = performance.now();
  const print = (entry, result) => {
    const mark = result.ok ? "ok  " : "FAIL";
    console.log(
      `${mark} ${entry.notebook} ${entry.name} ${JSON.stringify(entry.values)} (${result.seconds.toFixed(1)} s)`,
    );
    if (!result.ok) console.log(result.problem.replace(/^/gm, "    "));
  };
  const sets = plan.filter((entry) => entry.refusal === undefined);
  const groups = refusalsByNotebook(plan);
  const jobs = [
    ...groups.map((group) => async () => {
      const results = await runRefusals(group, env);
      group.forEach((entry, k) => print(entry, results[k]));
      return results;
    }),
    ...sets.map((entry, index) => async () => {
      const result = await runSweepEntry(entry, env, index);
      print(entry, result);
      return [result];
    }),
  ];
  const results = (await mapLimited(jobs, 2, (job) => job())).flat();
  const failed = results.filter((result) => !result.ok).length;
  const notebooks = new Set(plan.map((entry) => entry.notebook)).size;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nsweep: ${notebooks} notebooks, ${plan.length} runs, ${failed} failed, ${seconds.toFixed(0)} s`,
  );
  process.exitCode = failed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
