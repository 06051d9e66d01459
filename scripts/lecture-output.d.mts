// Types for scripts/lecture-output.mjs, so the TypeScript tests can share it.
export declare const MARKER: string;
export declare function prepareOutputFolder(folder: string, inputs: string[], what: string): string;
