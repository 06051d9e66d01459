// Types for scripts/exercises.mjs.
export interface WrittenExercises {
  name: string;
  path: string;
  exercises: Array<{ id: string; message: string }>;
}
export declare function writeExercises(options?: {
  notebooksDir?: string;
  outputDir?: string;
}): WrittenExercises[];
