// Types for scripts/notebooks.mjs, so the TypeScript tests can share it with the plain-Node scripts.

/** A notebook as nbformat 4 JSON (only the fields these helpers read are typed). */
export interface Notebook {
  cells: NotebookCell[];
  metadata: {
    kernelspec?: { name?: string; display_name?: string; language?: string };
    rnn_jacobian?: { figures?: number; latex?: number };
    [key: string]: unknown;
  };
  nbformat: number;
  nbformat_minor: number;
}

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Array<Record<string, unknown>>;
  execution_count?: number | null;
}

export interface FigureOutput {
  id: string;
  /** 1-based cell number. */
  cell: number;
  hasLive: boolean;
  hasStaticImage: boolean;
  staticImageEmbedded: boolean;
}

export interface ErrorOutput {
  cell: number;
  source: string;
  ename: string;
  evalue: string;
  traceback: string;
}

export interface CellTiming {
  cell: number;
  source: string;
  busy: number;
  idle: number;
  seconds: number;
}

export interface ExecutionResult {
  ok: boolean;
  path: string;
  seconds: number;
  log: string;
  failure: string;
}

export declare const notebooksDirVariable: string;
export declare function notebooksDirectory(): string;
export declare function assertOutputOutsideInput(
  outputDir: string,
  inputDir: string,
  what: string,
): void;
export declare function listNotebooks(dir?: string): string[];
export declare const onlyVariable: string;
export declare function selectedNotebooks(dir?: string): string[];
export declare function notebookName(path: string): string;
export declare function readNotebook(path: string): Notebook;
export declare function cellSource(cell: NotebookCell): string;
export declare function committedNotebookProblems(notebook: Notebook): string[];
export declare function metadataProblems(notebook: Notebook): string[];
export declare function expectedOutputs(notebook: Notebook): { figures: number; latex: number };
export declare function inspectOutputs(notebook: Notebook): {
  figures: FigureOutput[];
  latex: number;
  plotlyBundles: number;
  errors: ErrorOutput[];
};
export declare function tidyKernelOutput(text: string): string;
export declare function executedNotebookProblems(notebook: Notebook): string[];
export declare function cellTimings(notebook: Notebook): CellTiming[];
export declare function executeNotebook(
  input: string,
  options: { outputDir: string; env: NodeJS.ProcessEnv; cellTimeoutSeconds?: number },
): Promise<ExecutionResult>;
export declare function reusableExecution(input: string, dir: string): string | undefined;
export declare function convertToHtml(
  input: string,
  options: {
    outputDir: string;
    env: NodeJS.ProcessEnv;
    assets?: { requireJs: string; mathjax: string };
  },
): Promise<ExecutionResult>;
export declare function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]>;
export declare function newestChange(path: string): number;
export declare function isFresh(outputs: string[], inputs: string[]): boolean;

export declare const blockKey: string;
export declare const sourceCellKey: string;
/** A cell of a notebook with its index there (0-based). */
export interface IndexedCell {
  cell: NotebookCell;
  index: number;
}
export declare function blockNotebook(
  notebook: Notebook,
  prefix: IndexedCell[],
  blocks: IndexedCell[][],
): Notebook;
export declare function segmentedBlockNotebook(
  notebook: Notebook,
  segments: Array<{ prefix: IndexedCell[]; blocks: IndexedCell[][] }>,
): Notebook;
export interface BlocksResult extends ExecutionResult {
  blocks: Array<{ ok: boolean; failure: string }>;
  /** Every prefix cell ran (the result's `failure` says why not). */
  prefixOk: boolean;
}
export declare function executeBlocks(
  notebook: Notebook,
  name: string,
  options: { outputDir: string; env: NodeJS.ProcessEnv; cellTimeoutSeconds?: number },
): Promise<BlocksResult>;
