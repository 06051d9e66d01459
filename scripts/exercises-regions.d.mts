// Types for scripts/exercises-regions.mjs, so the TypeScript tests can share it.
import type { Notebook, NotebookCell } from "./notebooks.d.mts";

export interface SolutionRegion {
  id: string;
  message: string;
  indent: string;
  /** 0-based line numbers of the BEGIN and END markers. */
  begin: number;
  end: number;
  body: string[];
}

export interface Exercise {
  id: string;
  message: string;
  /** 0-based index of the exercise cell. */
  cell: number;
  region: SolutionRegion;
}

export declare const exerciseTag: string;
export declare function isExerciseCell(cell: NotebookCell): boolean;
export declare function stubLine(indent: string, id: string, message: string): string;
export declare function findRegions(source: string, where: string): SolutionRegion[];
export declare function replaceRegions(
  source: string,
  regions: SolutionRegion[],
  replace: (region: SolutionRegion) => string[],
): string;
export declare function notebookExercises(notebook: Notebook, notebookLabel?: string): Exercise[];
export declare function transformExercises(
  notebook: Notebook,
  replace: (region: SolutionRegion) => string[],
  notebookLabel?: string,
): Notebook;
export declare function studentVersion(notebook: Notebook, notebookLabel?: string): Notebook;
export declare function fillStudentVersion(
  student: Notebook,
  bodies: Record<string, string[]>,
  notebookLabel?: string,
): Notebook;
export declare function withAnswer(
  notebook: Notebook,
  id: string,
  body: string[],
  notebookLabel?: string,
): Notebook;
