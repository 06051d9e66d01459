// Types for scripts/git-filter.mjs, so the TypeScript tests can use it.
export declare const filterName: string;
export declare const cleanCommand: string;
export declare function stripOutputs(text: string, committed?: string): string;
export declare function headVersion(path: string, cwd?: string): string | undefined;
export declare function inGitWorkTree(): boolean;
export declare function configureGitFilter(): { configured: boolean; message: string };
export declare function committedText(
  path: string,
  readWorking: (path: string) => string,
): { text: string; source: "index" | "working file" };
export declare const hookText: string;
export declare function installPreCommitHook(cwd?: string): { installed: boolean; message: string };
export declare function stagedNotebookProblems(
  cwd?: string,
): Promise<Array<{ path: string; problems: string[] }>>;
