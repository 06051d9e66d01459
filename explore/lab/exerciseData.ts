/**
 * The exercises as the build extracted them from the notebooks (scripts/explore.mjs): for each
 * exercise cell, its student version (every solution region replaced by the line that throws
 * "Exercise <id>: …", as `npm run exercises` makes it) and the text before it. Never a solution.
 */
export interface LabExercise {
  notebook: string;
  /** 0-based index of the exercise cell in its notebook. */
  cell: number;
  exercises: { id: string; message: string }[];
  /** The cell as a student gets it. */
  code: string;
  /** The Markdown cell before it (the notebook's instructions), as written. */
  intro: string;
}

/** What the teacher's solutions.js assigns to window.RNN_JACOBIAN_SOLUTIONS: cell code by key. */
export type Solutions = Record<string, { code: string }>;

export const exerciseKey = (exercise: Pick<LabExercise, "notebook" | "cell">) =>
  `${exercise.notebook}#${exercise.cell}`;

declare const __EXPLORE_EXERCISES__: LabExercise[];
declare const __EXPLORE_WORKER_SOURCE__: string;

/** Replaced at build time by esbuild's `define` with the extracted exercises. */
export const LAB_EXERCISES: LabExercise[] = __EXPLORE_EXERCISES__;
/** The worker's bundled source (explore/lab/worker.ts), run from a Blob URL. */
export const WORKER_SOURCE: string = __EXPLORE_WORKER_SOURCE__;
