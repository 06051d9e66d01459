// The exercises (`npm run exercises`): student versions that stop at the first exercise with
// its message, that pass once the solutions are filled back in, and checks that reject each
// typical wrong answer with the message that says what is wrong.
//
// Run on the small fixture in test/teaching/fixtures/notebooks (so the machinery is tested
// whatever state the real notebooks are in) and on the real notebooks (RNN_JACOBIAN_NOTEBOOKS_DIR
// or notebooks/) when they have exercises. The wrong answers are data, per exercise id:
// test/teaching/fixtures/wrong-answers.json and test/teaching/wrong-answers.json, each entry
// { name, body: [lines replacing the solution region], message: substring of the check's error }.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { before, describe, it } from "node:test";
import { buildDir, prepareJupyter, projectRoot } from "../../scripts/jupyter.mjs";
import {
  cellSource,
  executeNotebook,
  listNotebooks,
  notebookName,
  notebooksDirectory,
  readNotebook,
  executeBlocks,
  reusableExecution,
  segmentedBlockNotebook,
  type BlocksResult,
  type IndexedCell,
  type Notebook,
} from "../../scripts/notebooks.mjs";
import {
  fillStudentVersion,
  findRegions,
  notebookExercises,
  studentVersion,
  transformExercises,
  withAnswer,
  type Exercise,
} from "../../scripts/exercises-regions.mjs";
import { writeExercises } from "../../scripts/exercises.mjs";

interface WrongAnswer {
  name: string;
  body: string[];
  message: string;
}
type WrongAnswers = Record<string, WrongAnswer[]>;

const here = join(projectRoot, "test", "teaching");
const suites = [
  {
    label: "the teaching fixture",
    dir: join(here, "fixtures", "notebooks"),
    wrongAnswers: join(here, "fixtures", "wrong-answers.json"),
  },
  {
    label: "the notebooks",
    dir: notebooksDirectory(),
    wrongAnswers: join(here, "wrong-answers.json"),
  },
];
// Executed variants live inside the project, so the notebooks resolve "rnn-jacobian" as usual.
const workDir = join(buildDir, "test-exercises");
// Where the notebook test keeps its runs of the notebooks (reused when fresh).
const runDir = join(buildDir, "test-notebooks");
const parallel = 2;

describe("solution regions", () => {
  it("a region becomes one throwing line at the marker's indentation", () => {
    const notebook = {
      cells: [
        {
          cell_type: "code" as const,
          metadata: { tags: ["exercise"] },
          source:
            "function f(): number {\n    // BEGIN SOLUTION 4.2: return the answer\n    return 42;\n    // END SOLUTION\n}",
        },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    const student = studentVersion(notebook);
    assert.equal(
      cellSource(student.cells[0]),
      'function f(): number {\n    throw new Error("Exercise 4.2: return the answer");\n}',
    );
    const filled = fillStudentVersion(student, { "4.2": ["    return 42;"] });
    assert.equal(cellSource(filled.cells[0]), "function f(): number {\n    return 42;\n}");
  });

  it("malformed regions are refused with the cell and line", () => {
    assert.throws(() => findRegions("// BEGIN SOLUTION 1.1: x\nreturn 1;", "cell 3"), {
      message: /cell 3: exercise 1\.1 \(line 1\) has no \/\/ END SOLUTION/,
    });
    assert.throws(() => findRegions("return 1;\n// END SOLUTION", "cell 3"), {
      message: /cell 3, line 2: END SOLUTION without a BEGIN SOLUTION/,
    });
    assert.throws(() => findRegions("// BEGIN SOLUTION: no id\nx;\n// END SOLUTION", "c"), {
      message: /expected "\/\/ BEGIN SOLUTION <notebook>\.<k>: <message>"/,
    });
    assert.throws(
      () => findRegions("// BEGIN SOLUTION 1.1: a\n// BEGIN SOLUTION 1.2: b\n// END SOLUTION", "c"),
      { message: /regions cannot nest/ },
    );
    assert.throws(() => findRegions("// BEGIN SOLUTION 1.1: a\n\n// END SOLUTION", "c"), {
      message: /exercise 1\.1 has an empty solution region/,
    });
  });

  it("a marker outside an exercise cell, or a repeated id, is refused", () => {
    const cell = (tags: string[], source: string) => ({
      cell_type: "code" as const,
      metadata: { tags },
      source,
    });
    const region = "// BEGIN SOLUTION 2.1: a\nx;\n// END SOLUTION";
    const untagged = { cells: [cell([], region)], metadata: {}, nbformat: 4, nbformat_minor: 5 };
    assert.throws(() => notebookExercises(untagged, "n.ipynb"), {
      message: /n\.ipynb: cell 1 .* has a SOLUTION marker but no "exercise" tag/,
    });
    const twice = {
      cells: [cell(["exercise"], region), cell(["exercise"], region)],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    assert.throws(() => notebookExercises(twice, "n.ipynb"), {
      message: /exercise 2\.1 is already defined in cell 1/,
    });
  });
});

/** What must stop at an exercise's check: the student version and each wrong answer. */
interface CheckRuns {
  student: { ok: boolean; failure: string };
  wrong: Record<string, Array<{ ok: boolean; failure: string }>>;
}

/** `cell N failed:` at the start of executeNotebook's failure text, as a 0-based index. */
function failedCell(result: { failure: string }): number {
  const match = result.failure.match(/^cell (\d+) failed:/);
  assert.ok(match, `the run did not fail in a cell:\n${result.failure}`);
  return Number(match[1]) - 1;
}

/** The cells in which exercise `index`'s check may fail: after its cell, before the next one. */
function checkSpan(exercises: Exercise[], index: number, cells: number): [number, number] {
  const next = exercises.find((e, k) => k > index && e.cell > exercises[index].cell);
  return [exercises[index].cell, next ? next.cell : cells];
}

for (const suite of suites) {
  const notebooks = listNotebooks(suite.dir).map((path) => ({
    path,
    name: notebookName(path),
    notebook: readNotebook(path),
  }));
  const withExercises = notebooks
    .map((entry) => ({ ...entry, exercises: notebookExercises(entry.notebook, entry.name) }))
    .filter((entry) => entry.exercises.length > 0);
  const where = relative(projectRoot, suite.dir) || ".";

  describe(`exercises in ${suite.label} (${where}/)`, { concurrency: true }, () => {
    let env: NodeJS.ProcessEnv;
    let running = 0;
    const waiting: Array<() => void> = [];
    let wrongAnswers: WrongAnswers = {};

    before(() => {
      env = prepareJupyter().env;
      try {
        wrongAnswers = JSON.parse(readFileSync(suite.wrongAnswers, "utf8")) as WrongAnswers;
      } catch (error) {
        if (withExercises.length > 0) throw error;
      }
    });

    /** Executes `notebook` (written under build/test-exercises/<tag>/), 2 at a time. */
    async function execute(notebook: Notebook, tag: string, name: string) {
      const dir = join(workDir, suite === suites[0] ? "fixture" : "notebooks", tag);
      mkdirSync(dir, { recursive: true });
      const input = join(dir, `${name}.ipynb`);
      writeFileSync(input, JSON.stringify(notebook));
      if (running >= parallel) await new Promise<void>((go) => waiting.push(go));
      running += 1;
      try {
        return await executeNotebook(input, { outputDir: join(dir, "executed"), env });
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
    }

    /**
     * Runs, in one kernel, what must stop at an exercise's check: the student version (at the
     * first exercise) and each typical wrong answer. The notebook's cells before an exercise run
     * once (they must run); then each variant of the exercise's cell and the cells up to the next
     * exercise run as a block, which stops at its first failing cell, as a student who edits the
     * cell and runs it again does; then the right answer and its checks run on, to the next
     * exercise. A block holds only the cells where the check may fail, so a variant that gets
     * past them "runs to the end".
     */
    async function runChecks(
      notebook: Notebook,
      name: string,
      exercises: Exercise[],
      answers: WrongAnswers,
    ): Promise<CheckRuns> {
      const indexed = (source: Notebook, from: number, to: number) =>
        source.cells.slice(from, to).map((cell, k) => ({ cell, index: from + k }));
      const segments: Array<{ prefix: IndexedCell[]; blocks: IndexedCell[][] }> = [];
      const wanted: Array<{ id: string; k: number } | "student"> = [];
      let done = 0;
      exercises.forEach((exercise, index) => {
        const [from, to] = checkSpan(exercises, index, notebook.cells.length);
        const blocks: IndexedCell[][] = [];
        if (index === 0) {
          blocks.push(indexed(studentVersion(notebook, name), from, to));
          wanted.push("student");
        }
        (answers[exercise.id] ?? []).forEach((answer, k) => {
          blocks.push(indexed(withAnswer(notebook, exercise.id, answer.body, name), from, to));
          wanted.push({ id: exercise.id, k });
        });
        segments.push({ prefix: indexed(notebook, done, from), blocks });
        done = Math.max(done, from);
      });
      const dir = join(workDir, suite === suites[0] ? "fixture" : "notebooks", "checks");
      if (running >= parallel) await new Promise<void>((go) => waiting.push(go));
      running += 1;
      let result: BlocksResult;
      try {
        result = await executeBlocks(segmentedBlockNotebook(notebook, segments), name, {
          outputDir: dir,
          env,
        });
      } finally {
        running -= 1;
        waiting.shift()?.();
      }
      const runs: CheckRuns = { student: { ok: false, failure: "" }, wrong: {} };
      wanted.forEach((what, block) => {
        // A block that ran through its cells stands for a variant that ran to the end.
        const run = result.blocks[block];
        if (what === "student") runs.student = run;
        else (runs.wrong[what.id] ??= [])[what.k] = run;
      });
      return runs;
    }

    if (withExercises.length === 0) {
      it("has no exercises yet (nothing to test)", { skip: true }, () => {});
      return;
    }

    it("npm run exercises writes a student version of every notebook", () => {
      const outputDir = join(workDir, suite === suites[0] ? "fixture" : "notebooks", "handout");
      rmSync(outputDir, { recursive: true, force: true });
      const written = writeExercises({ notebooksDir: suite.dir, outputDir });
      assert.deepEqual(
        written.map((w) => w.name),
        notebooks.map((n) => n.name),
      );
      for (const { name, path, exercises } of written) {
        const student = readNotebook(path);
        const text = student.cells.map(cellSource).join("\n");
        assert.doesNotMatch(text, /(BEGIN|END) SOLUTION/, `${name}: a marker reached students`);
        const entry = withExercises.find((e) => e.name === name);
        assert.deepEqual(
          exercises.map((e) => e.id),
          entry ? entry.exercises.map((e) => e.id) : [],
        );
        for (const { id, message } of exercises) {
          assert.ok(
            text.includes(`throw new Error(${JSON.stringify(`Exercise ${id}: ${message}`)});`),
            `${name}: no stub for exercise ${id}`,
          );
        }
      }
      // No visible cell reveals a solution or a typical wrong answer: no line of a solution
      // region or of a listed wrong answer (trimmed, lines of 16 characters or more) appears
      // in any cell of any student notebook.
      const studentText = written
        .map(({ path }) => readNotebook(path).cells.map(cellSource).join("\n"))
        .join("\n");
      const telling = (line: string) => line.trim().length >= 16;
      for (const entry of withExercises) {
        for (const { id, region } of entry.exercises) {
          for (const line of region.body.filter(telling)) {
            assert.ok(
              !studentText.includes(line.trim()),
              `exercise ${id}'s solution line ${JSON.stringify(line.trim())} is in a student notebook`,
            );
          }
          for (const answer of wrongAnswers[id] ?? []) {
            for (const line of answer.body.filter(telling)) {
              assert.ok(
                !studentText.includes(line.trim()),
                `exercise ${id}'s wrong answer "${answer.name}" (${JSON.stringify(line.trim())}) is in a student notebook`,
              );
            }
          }
        }
      }
      // The typical wrong answers are built by the library's answer checker, not in the cells:
      // each exercise is checked with rj.checkExercise and no cell of its notebook lists suspects.
      for (const { name, path, exercises } of suite === suites[0] ? [] : written) {
        const text = readNotebook(path).cells.map(cellSource).join("\n");
        if (exercises.length === 0) continue;
        assert.doesNotMatch(text, /explanation:/, `${name}: a cell lists typical wrong answers`);
        for (const { id } of exercises) {
          assert.match(
            text,
            new RegExp(`rj\\.checkExercise\\(\\s*"${id.replace(".", "\\.")}"`),
            `${name}: exercise ${id} is not checked with rj.checkExercise`,
          );
        }
      }
      const readme = readFileSync(join(outputDir, "README.md"), "utf8");
      for (const entry of withExercises) {
        for (const { id } of entry.exercises) assert.ok(readme.includes(`**${id}**`));
      }
    });

    it("every exercise has typical wrong answers, and every entry names an exercise", () => {
      const ids = withExercises.flatMap((e) => e.exercises.map((x) => x.id));
      const missing = ids.filter((id) => !(wrongAnswers[id]?.length > 0));
      const stale = Object.keys(wrongAnswers).filter((id) => !ids.includes(id));
      assert.deepEqual(
        missing,
        [],
        `add wrong answers to ${relative(projectRoot, suite.wrongAnswers)}`,
      );
      assert.deepEqual(stale, [], `no notebook defines these exercises any more`);
    });

    for (const { name, path, notebook, exercises } of withExercises) {
      const first = exercises[0];
      let checkRuns: Promise<CheckRuns> | undefined;
      /** The student version's and every wrong answer's run, in one kernel (started once). */
      const checks = () => (checkRuns ??= runChecks(notebook, name, exercises, wrongAnswers));

      it(`${name}: the student version stops at exercise ${first.id} with its message`, async () => {
        const { student: result } = await checks();
        assert.equal(result.ok, false, `${name}: the student version ran to the end`);
        assert.ok(
          result.failure.includes(`Exercise ${first.id}: ${first.message}`),
          `${name}: expected "Exercise ${first.id}: ${first.message}", got:\n${result.failure}`,
        );
        const [from, to] = checkSpan(exercises, 0, notebook.cells.length);
        const cell = failedCell(result);
        assert.ok(cell >= from && cell < to, `${name}: failed in cell ${cell + 1}`);
      });

      it(`${name}: filled with the solutions, the student version runs to the end`, async () => {
        const bodies = Object.fromEntries(exercises.map((e) => [e.id, e.region.body]));
        const filled = fillStudentVersion(studentVersion(notebook, name), bodies, name);
        // The filled notebook is the solution notebook without its marker comments (whole-line
        // comments), so the notebook's own run stands for its run: the notebook test's run when
        // it is fresh, else one here.
        const solution = transformExercises(notebook, (region) => region.body, name);
        assert.deepEqual(filled.cells.map(cellSource), solution.cells.map(cellSource));
        const markers = /^\s*\/\/\s*(BEGIN|END) SOLUTION\b.*\n?/gm;
        assert.deepEqual(
          solution.cells.map(cellSource),
          notebook.cells.map((cell) => cellSource(cell).replace(markers, "")),
          `${name}: the solution differs from the notebook by more than its marker lines`,
        );
        const earlier = suite === suites[1] ? reusableExecution(path, runDir) : undefined;
        const result = earlier ? { ok: true, failure: "" } : await execute(filled, "filled", name);
        assert.ok(result.ok, `${name}: ${result.failure}`);
      });

      exercises.forEach((exercise, index) => {
        it(`${name}: exercise ${exercise.id}'s check names each typical wrong answer`, async () => {
          const answers = wrongAnswers[exercise.id] ?? [];
          assert.ok(answers.length > 0, `no wrong answers for exercise ${exercise.id}`);
          const [from, to] = checkSpan(exercises, index, notebook.cells.length);
          const runs = (await checks()).wrong[exercise.id];
          await Promise.all(
            answers.map(async (answer, k) => {
              const result = runs[k];
              const what = `${name}, exercise ${exercise.id}, wrong answer "${answer.name}"`;
              assert.equal(result.ok, false, `${what}: the notebook ran to the end`);
              assert.ok(
                result.failure.includes("claim failed") && result.failure.includes(answer.message),
                `${what}: expected a failed claim saying "${answer.message}", got:\n${result.failure}`,
              );
              const cell = failedCell(result);
              assert.ok(
                cell >= from && cell < to,
                `${what}: failed in cell ${cell + 1}, not in the check after the exercise`,
              );
            }),
          );
        });
      });
    }
  });
}
