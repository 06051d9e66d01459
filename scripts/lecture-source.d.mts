// Types for scripts/lecture-source.mjs, so the TypeScript tests can share it.
export interface Slide {
  number: number;
  title: string;
  body: string[];
  figure: string | undefined;
  notes: string[];
  appendix: boolean;
  minutes: number;
}
export declare function parseSlides(source: string): Slide[];
export declare function markAppendix(slides: Slide[]): Slide[];
export declare function visibleText(slide: Slide): string;
export declare function countWords(text: string): number;
type RenderMath = (tex: string, display: boolean) => string;
export declare function inlineHtml(text: string, renderMath: RenderMath): string;
export declare function bodyHtml(lines: string[], renderMath: RenderMath): string;
export declare function notesHtml(lines: string[], renderMath: RenderMath): string;
