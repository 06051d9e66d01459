// Types for scripts/slides-deck.mjs.
import type { Notebook, NotebookCell } from "./notebooks.d.mts";

export declare const hideInputTag: string;
export declare const formulaTag: string;
export declare function slideType(cell: NotebookCell): string;
export declare function headingSlideType(cell: NotebookCell): string;
export declare function deckCells(notebook: Notebook, label?: string): NotebookCell[];
export declare function inlinePlotlyOnce(cells: NotebookCell[]): number;
export declare function notebookTitle(notebook: Notebook, fallback: string): string;
export declare function deckNotebook(notebook: Notebook, label: string): Notebook;
export declare function combinedDeckNotebook(
  notebooks: Array<{ notebook: Notebook; label: string }>,
  title: string,
): Notebook;
