/**
 * The lab: every exercise of the notebooks as a code box. The student edits the cell (the same
 * code as the notebook's student version), runs it in a worker with a time limit, and the page
 * checks the answer with the library's claimAnswer (checkers.ts), naming a typical mistake when
 * the answer is one. Progress is kept in localStorage. With ?teacher in the URL the page loads
 * the solutions from a separate solutions.js placed beside it (never shipped in the folder).
 */
import { CHECKERS, PreparedCheck } from "./checkers";
import { LAB_EXERCISES, LabExercise, Solutions, exerciseKey } from "./exerciseData";
import { createProgress } from "./progress";
import { TIME_LIMIT_MS, runInWorker } from "./runner";
import { el } from "../views/dom";

declare global {
  interface Window {
    RNN_JACOBIAN_SOLUTIONS?: Solutions;
  }
}

type Outcome = "pass" | "fail" | "error" | "timeout" | "todo";

const prepared = new Map<string, PreparedCheck>();
function preparedCheck(id: string): PreparedCheck {
  let check = prepared.get(id);
  if (!check) {
    check = CHECKERS[id].prepare();
    prepared.set(id, check);
  }
  return check;
}

/** Runs the box's code for every exercise in the cell; returns the outcome and its lines. */
async function check(
  exercise: LabExercise,
  code: string,
): Promise<{ outcome: Outcome; lines: string[] }> {
  const lines: string[] = [];
  let outcome: Outcome = "pass";
  for (const { id } of exercise.exercises) {
    const checkFor = preparedCheck(id);
    const result = await runInWorker(code, checkFor.call, checkFor.args);
    lines.push(...result.logs.map((line) => `log: ${line}`));
    if (!result.ok) {
      if (result.stage === "timeout")
        return { outcome: "timeout", lines: [...lines, `✗ ${result.error}`] };
      if (result.error.includes(`Exercise ${id}:`)) {
        return {
          outcome: "todo",
          lines: [...lines, `Exercise ${id} is not done yet: replace the line that throws.`],
        };
      }
      const stage = result.stage === "compile" ? "does not compile" : "failed while running";
      return { outcome: "error", lines: [...lines, `✗ the code ${stage}: ${result.error}`] };
    }
    try {
      lines.push(checkFor.judge(result.value));
    } catch (error) {
      outcome = "fail";
      lines.push(`✗ ${(error as Error).message}`);
    }
  }
  return { outcome, lines };
}

function renderBox(
  exercise: LabExercise,
  progress: ReturnType<typeof createProgress>,
  onResult: () => void,
): { element: HTMLElement; showSolution(code: string): void } {
  const key = exerciseKey(exercise);
  const ids = exercise.exercises.map((e) => e.id).join(", ");
  const boxId = `exercise-${exercise.exercises[0].id.replace(".", "-")}`;
  const editor = el("textarea", {
    class: "code",
    id: `${boxId}-code`,
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    rows: String(Math.min(24, exercise.code.split("\n").length + 1)),
    "aria-label": `Code for exercise ${ids} (TypeScript or JavaScript)`,
  });
  editor.value = progress.code(key) ?? exercise.code;
  editor.addEventListener("input", () => progress.saveCode(key, editor.value));
  const output = el("pre", {
    class: "result",
    role: "status",
    "aria-live": "polite",
    id: `${boxId}-result`,
  });
  const run = el("button", { type: "button", class: "run" }, ["Run and check"]);
  const reset = el("button", { type: "button", class: "reset" }, ["Start again"]);
  const element = el("article", { class: "exercise", id: boxId, "data-ids": ids }, [
    el("h3", {}, [
      `Exercise ${ids} `,
      el("span", { class: "from" }, [`(notebook ${exercise.notebook})`]),
    ]),
    ...exercise.exercises.map((e) => el("p", { class: "task" }, [`${e.id}: ${e.message}`])),
    el("details", {}, [
      el("summary", {}, ["What the notebook says before it"]),
      el("p", { class: "intro" }, [exercise.intro]),
    ]),
    editor,
    el("div", { class: "buttons" }, [run, reset]),
    output,
  ]);
  const show = (outcome: Outcome | "running", lines: string[]) => {
    element.dataset.result = outcome;
    output.dataset.result = outcome;
    output.textContent = lines.join("\n");
  };
  if (exercise.exercises.every((e) => progress.passed(e.id)))
    show("pass", ["✓ passed before (run it again to see the check)"]);
  run.addEventListener("click", async () => {
    run.disabled = true;
    show("running", [`running (time limit ${TIME_LIMIT_MS / 1000} s)…`]);
    try {
      const { outcome, lines } = await check(exercise, editor.value);
      show(outcome, lines);
      for (const { id } of exercise.exercises) progress.savePassed(id, outcome === "pass");
      onResult();
    } finally {
      run.disabled = false;
    }
  });
  reset.addEventListener("click", () => {
    editor.value = exercise.code;
    progress.reset(key);
    show("todo", []);
  });
  return {
    element,
    showSolution(code) {
      const load = el("button", { type: "button" }, ["Put the solution in the box"]);
      load.addEventListener("click", () => {
        editor.value = code;
        progress.saveCode(key, code);
      });
      element.append(
        el("details", { class: "solution" }, [
          el("summary", {}, ["Solution (teacher's mode)"]),
          el("pre", {}, [code]),
          load,
        ]),
      );
    },
  };
}

function loadSolutions(
  note: HTMLElement,
  boxes: Map<string, { showSolution(code: string): void }>,
) {
  const script = document.createElement("script");
  script.src = "solutions.js";
  script.onload = () => {
    const solutions = window.RNN_JACOBIAN_SOLUTIONS ?? {};
    let shown = 0;
    for (const [key, box] of boxes) {
      const solution = solutions[key];
      if (solution) {
        box.showSolution(solution.code);
        shown++;
      }
    }
    note.textContent = `Teacher's mode: solutions shown for ${shown} of ${boxes.size} exercise cells.`;
  };
  script.onerror = () => {
    note.classList.add("warning");
    note.textContent =
      "Teacher's mode: solutions.js is not beside this page. `npm run explore` writes it to " +
      "build/explore-teacher/solutions.js; copy it next to index.html (and never hand it out).";
  };
  document.head.append(script);
}

export function startLab(root: HTMLElement): void {
  const progress = createProgress();
  const summary = el("p", { class: "lab-summary", role: "status" });
  const teacherNote = el("p", { class: "teacher-note" });
  const boxes = new Map<string, ReturnType<typeof renderBox>>();
  const allIds = LAB_EXERCISES.flatMap((e) => e.exercises.map((x) => x.id));
  const updateSummary = () => {
    const passed = allIds.filter((id) => progress.passed(id)).length;
    summary.textContent =
      `${passed} of ${allIds.length} exercises passed` +
      (progress.available
        ? " (kept in this browser)."
        : " (this browser keeps no storage here: progress lasts for this visit).");
  };
  for (const exercise of LAB_EXERCISES)
    boxes.set(exerciseKey(exercise), renderBox(exercise, progress, updateSummary));
  updateSummary();
  root.replaceChildren(
    el("h2", { id: "h-lab" }, ["The lab: the notebooks' exercises"]),
    el("p", { class: "view-note" }, [
      "Write the missing lines in place of the line that throws, then run. Your code runs in a ",
      `separate worker with a ${TIME_LIMIT_MS / 1000}-second limit and is checked against autodiff or `,
      "finite differences; a typical mistake is named.",
    ]),
    summary,
    teacherNote,
    ...[...boxes.values()].map((b) => b.element),
  );
  if (new URLSearchParams(location.search).has("teacher")) loadSolutions(teacherNote, boxes);
}
