// Types for scripts/slides.mjs.
export interface Deck {
  name: string;
  title: string;
  /** File name inside the output folder, e.g. "03-chain-rule.slides.html". */
  file: string;
  path: string;
  /** The notebook nbconvert made the deck from (the cells that became slides). */
  source: string;
  /** The notebooks the deck is made from. */
  notebooks: string[];
}
export declare const lectureDeckName: string;
export declare function copyDeckAssets(outputDir: string): void;
export declare function buildSlides(options?: {
  notebooksDir?: string;
  outputDir?: string;
  executedDir?: string;
  reuseDirs?: string[];
  log?: (line: string) => void;
}): Promise<Deck[]>;
