// Types for scripts/output-folder.mjs (see the top of that file for the rules).
export declare const markerName: string;
export declare class OutputFolderError extends Error {
  readonly exitCode: 2;
}
export interface OutputFolderOptions {
  /** The command's name, e.g. "report"; the marker file names it. */
  script: string;
  /** Folders or files the script reads: the output folder may not be or contain them. */
  inputs?: string[];
  /** The flag that chose the folder, for the message (default "--out"). */
  flag?: string;
  /** The project folder to protect (default: this checkout). */
  root?: string;
}
export declare function realPath(path: string): string;
export declare function isWithin(inner: string, outer: string): boolean;
export declare function markedBy(dir: string): string | undefined;
export declare function outputFolderProblem(
  path: string,
  options: { script: string; inputs?: string[]; root?: string },
): string | undefined;
export declare function checkOutputFolder(path: string, options: OutputFolderOptions): void;
export declare function prepareOutputFolder(
  path: string,
  options: OutputFolderOptions & { clear?: boolean },
): string;
