// Types for scripts/handout.mjs, so the TypeScript tests can share it.
export declare const HANDOUT_DIR: string;
export declare function countPdfPages(bytes: Uint8Array): number;
export declare function buildHandout(
  outputDir?: string,
): Promise<{ out: string; pdf: string; html: string }>;
