// What the page offers the browser test (test/e2e/lab.test.ts) on `window.rnnJacobianLab`.
// Types only, shared by the page and the test.

/** A cell that failed when run: its 0-based index, its source and what it printed on stderr. */
export interface CellFailure {
  index: number;
  source: string;
  printed: string;
}

export interface LabFixture {
  /** The notebook's path relative to the server's root. */
  path: string;
  /** Resolves once the notebook is loaded and its kernel session started. */
  ready(): Promise<{ kernel: string; trusted: boolean[] }>;
  /** NotebookActions.runAll (JupyterLab's "Run All Cells"): resolves when every cell has run. */
  runAll(): Promise<{ ok: boolean; seconds: number; failures: CellFailure[] }>;
  /** Shuts the notebook's kernel down. */
  shutdown(): Promise<void>;
}

declare global {
  interface Window {
    rnnJacobianLab?: LabFixture;
    /** Set instead when the page failed to start. */
    rnnJacobianLabError?: string;
  }
}
