// Types for scripts/explore.mjs, so the TypeScript tests and the benchmark can share it.
export interface ExerciseCell {
  notebook: string;
  cell: number;
  exercises: { id: string; message: string }[];
  /** The student version of the cell. */
  code: string;
  /** The cell with its solutions (markers removed). */
  solution: string;
  /** The cell as the notebook holds it, markers included. */
  source: string;
  intro: string;
}

export declare const exploreDir: string;
export declare const teacherDir: string;
export declare function extractExercises(notebooksDir?: string): ExerciseCell[];
export declare function assertCheckable(
  cells: ExerciseCell[],
  checkers: Record<string, string>,
): void;
export declare function prepareOutput(dir: string): void;
export declare function buildExplore(options?: {
  notebooksDir?: string;
}): Promise<{ cells: ExerciseCell[]; pageBytes: number; workerBytes: number }>;
