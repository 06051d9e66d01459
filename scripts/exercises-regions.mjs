/* global structuredClone */
// Solution regions in exercise cells, and the student versions made from them.
//
// A cell tagged `exercise` holds one or more regions
//
//     // BEGIN SOLUTION 3.1: write ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾ from W and σ′ = s
//     return w[j][k] * s[k];
//     // END SOLUTION
//
// The student version keeps everything outside the regions (the function's signature, the cell
// that checks it) and replaces each region — markers included — by one line at the BEGIN
// marker's indentation: `throw new Error("Exercise 3.1: write …");`, so running the student
// notebook stops at the first exercise with what to do. Pure functions on nbformat JSON; the
// command `npm run exercises` (scripts/exercises.mjs) writes the files.

const beginMarker = /^(\s*)\/\/\s*BEGIN SOLUTION\b(.*)$/;
const endMarker = /^\s*\/\/\s*END SOLUTION\b\s*$/;
const anyMarker = /\/\/\s*(BEGIN|END) SOLUTION\b/;
// "<notebook number>.<k>: <message>", e.g. "3.1: write the Jacobian entry".
const beginTail = /^\s+(\d+\.\d+):\s+(\S.*?)\s*$/;

export const exerciseTag = "exercise";

/** A cell's source as one string (nbformat allows a string or a list of lines). */
function sourceText(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function tagsOf(cell) {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) ? tags : [];
}

export function isExerciseCell(cell) {
  return cell.cell_type === "code" && tagsOf(cell).includes(exerciseTag);
}

/** The line a student sees instead of a region: it throws the exercise's id and message. */
export function stubLine(indent, id, message) {
  return `${indent}throw new Error(${JSON.stringify(`Exercise ${id}: ${message}`)});`;
}

/**
 * The regions of one exercise cell's source: [{ id, message, indent, begin, end, body }], with
 * `begin`/`end` the 0-based line numbers of the markers and `body` the lines between them.
 * `where` names the cell in error messages. Throws on a malformed region (a BEGIN without END,
 * an END without BEGIN, nested regions, a missing id or message, an empty body).
 */
export function findRegions(source, where) {
  const lines = source.split("\n");
  const regions = [];
  let open;
  lines.forEach((line, index) => {
    const begin = line.match(beginMarker);
    if (begin) {
      if (open) {
        throw new Error(
          `${where}, line ${index + 1}: BEGIN SOLUTION inside the region opened on line ${open.begin + 1} (regions cannot nest)`,
        );
      }
      const tail = begin[2].match(beginTail);
      if (!tail) {
        throw new Error(
          `${where}, line ${index + 1}: expected "// BEGIN SOLUTION <notebook>.<k>: <message>", got ${JSON.stringify(line.trim())}`,
        );
      }
      open = { id: tail[1], message: tail[2], indent: begin[1], begin: index };
      return;
    }
    if (endMarker.test(line)) {
      if (!open) {
        throw new Error(`${where}, line ${index + 1}: END SOLUTION without a BEGIN SOLUTION`);
      }
      const body = lines.slice(open.begin + 1, index);
      if (body.every((l) => l.trim() === "")) {
        throw new Error(`${where}: exercise ${open.id} has an empty solution region`);
      }
      regions.push({ ...open, end: index, body });
      open = undefined;
      return;
    }
    if (anyMarker.test(line)) {
      throw new Error(
        `${where}, line ${index + 1}: a SOLUTION marker must be a whole-line comment, got ${JSON.stringify(line.trim())}`,
      );
    }
  });
  if (open) {
    throw new Error(
      `${where}: exercise ${open.id} (line ${open.begin + 1}) has no // END SOLUTION`,
    );
  }
  return regions;
}

/** `source` with every region replaced by `replace(region)` (an array of lines). */
export function replaceRegions(source, regions, replace) {
  const lines = source.split("\n");
  const out = [];
  let next = 0;
  for (const region of regions) {
    out.push(...lines.slice(next, region.begin), ...replace(region));
    next = region.end + 1;
  }
  out.push(...lines.slice(next));
  return out.join("\n");
}

function cellLabel(notebookLabel, index, cell) {
  const first = sourceText(cell).split("\n")[0].slice(0, 60);
  return `${notebookLabel}: cell ${index + 1} (${JSON.stringify(first)})`;
}

/**
 * Every exercise of a notebook, in order: [{ id, message, cell (0-based index), region }].
 * Throws when a region sits in a cell not tagged `exercise` (it would reach students unchanged),
 * when an exercise cell has no region, or when an id repeats.
 */
export function notebookExercises(notebook, notebookLabel = "notebook") {
  const exercises = [];
  const seen = new Map();
  (notebook.cells ?? []).forEach((cell, index) => {
    const source = sourceText(cell);
    const where = cellLabel(notebookLabel, index, cell);
    if (!isExerciseCell(cell)) {
      if (anyMarker.test(source)) {
        throw new Error(`${where} has a SOLUTION marker but no "${exerciseTag}" tag`);
      }
      return;
    }
    const regions = findRegions(source, where);
    if (regions.length === 0) {
      throw new Error(`${where} is tagged "${exerciseTag}" but has no // BEGIN SOLUTION region`);
    }
    for (const region of regions) {
      if (seen.has(region.id)) {
        throw new Error(
          `${where}: exercise ${region.id} is already defined in cell ${seen.get(region.id) + 1}`,
        );
      }
      seen.set(region.id, index);
      exercises.push({ id: region.id, message: region.message, cell: index, region });
    }
  });
  return exercises;
}

function withSource(cell, source) {
  // Keep the notebook's own choice of string or list-of-lines form.
  const copy = structuredClone(cell);
  copy.source = Array.isArray(cell.source) ? source.split(/(?<=\n)/) : source;
  return copy;
}

/**
 * A copy of `notebook` in which every exercise region is replaced by `replace(region)` (lines);
 * the default gives the student version (one throwing line per region). Outputs are not
 * touched: committed notebooks have none.
 */
export function transformExercises(notebook, replace, notebookLabel = "notebook") {
  notebookExercises(notebook, notebookLabel); // validates every region first
  const copy = structuredClone(notebook);
  copy.cells = notebook.cells.map((cell, index) => {
    if (!isExerciseCell(cell)) return structuredClone(cell);
    const source = sourceText(cell);
    const regions = findRegions(source, cellLabel(notebookLabel, index, cell));
    return withSource(cell, replaceRegions(source, regions, replace));
  });
  return copy;
}

/** The student version: each region becomes `throw new Error("Exercise <id>: <message>")`. */
export function studentVersion(notebook, notebookLabel = "notebook") {
  const student = transformExercises(
    notebook,
    (region) => [stubLine(region.indent, region.id, region.message)],
    notebookLabel,
  );
  const exercises = notebookExercises(notebook, notebookLabel).map(({ id, message }) => ({
    id,
    message,
  }));
  student.metadata = { ...student.metadata, rnn_jacobian_exercises: exercises };
  return student;
}

/**
 * Fills a student notebook's stubs: the line `throw new Error("Exercise <id>: …")` in an exercise
 * cell is replaced by `bodies[id]` (an array of lines, e.g. a student's answer or the solution).
 * Throws when a stub has no body given or a body names no stub.
 */
export function fillStudentVersion(student, bodies, notebookLabel = "student notebook") {
  const used = new Set();
  const copy = structuredClone(student);
  copy.cells = student.cells.map((cell, index) => {
    if (!isExerciseCell(cell)) return structuredClone(cell);
    const lines = sourceText(cell).split("\n");
    const filled = lines.flatMap((line) => {
      const stub = line.match(/^\s*throw new Error\("Exercise (\d+\.\d+): /);
      if (!stub) return [line];
      const body = bodies[stub[1]];
      if (!body) {
        throw new Error(
          `${cellLabel(notebookLabel, index, cell)}: no answer given for exercise ${stub[1]}`,
        );
      }
      used.add(stub[1]);
      return body;
    });
    return withSource(cell, filled.join("\n"));
  });
  const unused = Object.keys(bodies).filter((id) => !used.has(id));
  if (unused.length > 0) {
    throw new Error(`${notebookLabel} has no stub for exercise(s) ${unused.join(", ")}`);
  }
  copy.metadata = { ...copy.metadata };
  delete copy.metadata.rnn_jacobian_exercises;
  return copy;
}

/**
 * The solution notebook with exercise `id`'s region replaced by `body` (lines): how a test feeds
 * a typical wrong answer. The markers go too, as in a student's filled notebook.
 */
export function withAnswer(notebook, id, body, notebookLabel = "notebook") {
  const ids = notebookExercises(notebook, notebookLabel).map((e) => e.id);
  if (!ids.includes(id)) {
    throw new Error(`${notebookLabel} has no exercise ${id} (it has ${ids.join(", ") || "none"})`);
  }
  return transformExercises(
    notebook,
    (region) => (region.id === id ? body : region.body),
    notebookLabel,
  );
}
