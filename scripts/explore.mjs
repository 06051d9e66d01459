// `npm run explore`: builds the explorable page into build/explore/, one folder of static files
// that works opened from file:// (a USB stick, a course page), offline, with no server:
//
//   index.html, explore.css   the page
//   explore.js                one classic (IIFE) script: the page, the library's core and oracle,
//                             tfjs on its cpu backend, and the lab's worker as an inlined string
//                             (run from a Blob URL: Chromium refuses module scripts and workers
//                             from file URLs on file://)
//
// and the teacher's solutions into build/explore-teacher/solutions.js, never into the page's
// folder. The exercises are read from the notebooks (cells tagged `exercise`, with the regions of
// scripts/exercises-regions.mjs) at build time; the build fails when an exercise has no checker
// in explore/lab/checkers.ts or its cell does not declare the function that checker calls.
//
// Output folders: each holds a marker file written by this script; a folder that exists without
// the marker (and is not empty) is refused, never cleared.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { buildDir, projectRoot } from "./jupyter.mjs";
import { listNotebooks, notebooksDirectory, readNotebook } from "./notebooks.mjs";
import {
  findRegions,
  isExerciseCell,
  notebookExercises,
  replaceRegions,
  stubLine,
} from "./exercises-regions.mjs";

export const exploreDir = join(buildDir, "explore");
export const teacherDir = join(buildDir, "explore-teacher");
const MARKER = ".rnn-jacobian-explore";

const sourceText = (cell) =>
  Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");

/**
 * The exercise cells of every notebook: [{ notebook, cell, exercises, code, intro, solution }],
 * `code` the student version, `solution` the cell with its solution regions (markers removed),
 * `source` the cell as the notebook holds it.
 */
export function extractExercises(notebooksDir = notebooksDirectory()) {
  const cells = [];
  for (const path of listNotebooks(notebooksDir)) {
    const label = basename(path);
    const notebook = readNotebook(path);
    const name = label.replace(/\.ipynb$/, "");
    const byCell = new Map();
    for (const exercise of notebookExercises(notebook, label)) {
      if (!byCell.has(exercise.cell)) byCell.set(exercise.cell, []);
      byCell.get(exercise.cell).push({ id: exercise.id, message: exercise.message });
    }
    notebook.cells.forEach((cell, index) => {
      if (!isExerciseCell(cell)) return;
      const source = sourceText(cell);
      const regions = findRegions(source, `${label}: cell ${index + 1}`);
      const before = notebook.cells
        .slice(0, index)
        .reverse()
        .find((c) => c.cell_type === "markdown");
      cells.push({
        notebook: name,
        cell: index,
        exercises: byCell.get(index),
        code: replaceRegions(source, regions, (r) => [stubLine(r.indent, r.id, r.message)]),
        solution: replaceRegions(source, regions, (r) => r.body),
        source,
        intro: before ? sourceText(before) : "",
      });
    });
  }
  return cells;
}

/** The ids and function names of explore/lab/checkers.ts, by bundling it for Node. */
async function checkerTable(tmpDir) {
  const out = join(tmpDir, "checkers.mjs");
  await esbuild.build({
    entryPoints: [join(projectRoot, "explore/lab/checkers.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: out,
    logLevel: "error",
  });
  const { CHECKERS } = await import(pathToFileURL(out).href);
  return Object.fromEntries(Object.values(CHECKERS).map((c) => [c.id, c.functionName]));
}

/** Throws, naming every exercise that the page could not check. */
export function assertCheckable(cells, checkers) {
  const problems = [];
  for (const cell of cells) {
    for (const { id } of cell.exercises) {
      const name = checkers[id];
      if (!name) {
        problems.push(
          `exercise ${id} (${cell.notebook}, cell ${cell.cell + 1}) has no checker in explore/lab/checkers.ts`,
        );
      } else if (!new RegExp(`function\\s+${name}\\s*[(<]`).test(cell.code)) {
        problems.push(
          `exercise ${id} (${cell.notebook}, cell ${cell.cell + 1}): its checker calls ${name}(), which the cell does not declare`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `the page cannot check every exercise of the notebooks:\n  - ${problems.join("\n  - ")}`,
    );
  }
}

/** Refuses a folder this script did not create; empties one it did. */
export function prepareOutput(dir) {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(
        `${relative(projectRoot, dir) || dir} exists and was not made by npm run explore (no ${MARKER} in it): refusing to clear it`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, MARKER),
    "Written by npm run explore; the whole folder is replaced on the next build.\n",
  );
}

const nodeShims = {
  name: "node-shims",
  setup(build) {
    build.onResolve({ filter: /^node:v8$/ }, () => ({
      path: join(projectRoot, "explore/shims/v8.ts"),
    }));
  },
};

async function bundle(entry, define = {}) {
  const result = await esbuild.build({
    entryPoints: [join(projectRoot, entry)],
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2020",
    minify: true,
    legalComments: "none",
    write: false,
    define: { "process.env.NODE_ENV": '"production"', ...define },
    plugins: [nodeShims],
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

export async function buildExplore({ notebooksDir = notebooksDirectory() } = {}) {
  const cells = extractExercises(notebooksDir);
  const tmpDir = join(buildDir, "explore-tmp");
  prepareOutput(tmpDir);
  try {
    assertCheckable(cells, await checkerTable(tmpDir));
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  const shipped = cells.map(({ notebook, cell, exercises, code, intro }) => ({
    notebook,
    cell,
    exercises,
    code,
    intro,
  }));
  const worker = await bundle("explore/lab/worker.ts");
  const page = await bundle("explore/main.ts", {
    __EXPLORE_EXERCISES__: JSON.stringify(shipped),
    __EXPLORE_WORKER_SOURCE__: JSON.stringify(worker),
  });
  prepareOutput(exploreDir);
  writeFileSync(join(exploreDir, "explore.js"), page);
  for (const file of ["index.html", "explore.css"]) {
    writeFileSync(join(exploreDir, file), readFileSync(join(projectRoot, "explore", file)));
  }
  prepareOutput(teacherDir);
  const solutions = Object.fromEntries(
    cells.map((c) => [`${c.notebook}#${c.cell}`, { code: c.solution }]),
  );
  writeFileSync(
    join(teacherDir, "solutions.js"),
    "// The solutions of the lab's exercises, for teachers: copy this file beside index.html and\n" +
      "// open index.html?teacher. Never hand it out with the page.\n" +
      `window.RNN_JACOBIAN_SOLUTIONS = ${JSON.stringify(solutions, null, 1)};\n`,
  );
  return { cells, pageBytes: page.length, workerBytes: worker.length };
}

async function main() {
  const { cells, pageBytes } = await buildExplore();
  const ids = cells.flatMap((c) => c.exercises.map((e) => e.id));
  console.log(
    `  ${relative(projectRoot, exploreDir)}/  (index.html, explore.js ${(pageBytes / 1e6).toFixed(2)} MB, explore.css)`,
  );
  console.log(`  ${relative(projectRoot, teacherDir)}/solutions.js  (for teachers only)`);
  console.log(`${ids.length} exercise(s) in the lab: ${ids.join(", ")}.`);
  console.log(
    `Open ${relative(process.cwd(), join(exploreDir, "index.html"))} in a browser, or copy the folder anywhere.`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(`npm run explore: ${error.message}`);
    process.exitCode = 1;
  });
}
