/**
 * The figure style of the series: one place that says which colour means what, how large text
 * must be to read on a projector, and how wide a figure may be before a notebook clips it.
 * Every builder takes its sizes and colours from here, and `lintFigure` checks figures against
 * the same numbers, so the style and its check cannot drift apart.
 */
import { textWidth } from "./svg";

/**
 * The smallest font size (px) any text of a figure may use: tick labels, cell values, legends.
 * 14 px at a 1024×768 projector is about the size of the notebook's own text, which stays
 * readable from the back of a classroom; 12 px (plotly's default) does not.
 */
export const MIN_FONT_SIZE = 14;
export const TITLE_FONT_SIZE = 18;
export const PANEL_TITLE_FONT_SIZE = 16;

/**
 * The widest a figure may be (px). The classic Notebook's output area at a 1024 px wide window
 * is about 800 px (the 940 px container less the prompt column); a live plotly figure wider than
 * its output area is cut off, so every builder stays within this width and wraps or shrinks.
 */
export const MAX_FIGURE_WIDTH = 780;

/** What a line, edge or panel stands for. The same meaning always gets the same colour. */
export const MEANINGS = ["correct", "printed", "bound", "reference"] as const;
export type Meaning = (typeof MEANINGS)[number];

/**
 * Colours by meaning (Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies): the correct Jacobian is always blue, the paper's printed form always vermilion,
 * a bound always grey; "reference" (a baseline, a threshold) is black.
 */
export const MEANING_COLORS: Record<Meaning, string> = {
  correct: "#0072b2",
  printed: "#d55e00",
  bound: "#7a7a7a",
  reference: "#222222",
};

/**
 * Line styles by meaning: in a pair the correct series is solid and the printed one dashed, so a
 * printed line lying exactly on the correct one still shows (as dashes over a solid line); bounds
 * are dotted.
 */
export const MEANING_DASH: Record<Meaning, LineDash> = {
  correct: "solid",
  printed: "dash",
  bound: "dot",
  reference: "dashdot",
};

/** Point markers by meaning, for the same reason: coinciding points stay distinguishable. */
export const MEANING_SYMBOL: Record<Meaning, string> = {
  correct: "circle",
  printed: "x",
  bound: "diamond-open",
  reference: "square-open",
};

export const LINE_DASHES = ["solid", "dash", "dot", "dashdot"] as const;
export type LineDash = (typeof LINE_DASHES)[number];

/** The SVG stroke-dasharray of a plotly dash style (px, at line width 2.5). */
export const SVG_DASHARRAY: Record<LineDash, string | undefined> = {
  solid: undefined,
  dash: "9 5",
  dot: "2.5 4",
  dashdot: "9 4 2.5 4",
};

/** Colour and dash of a series that stands for `meaning`: `seriesStyle("printed")`. */
export function seriesStyle(meaning: Meaning): { color: string; dash: LineDash; symbol: string } {
  if (!(MEANINGS as readonly unknown[]).includes(meaning)) {
    throw new RangeError(`meaning must be one of ${MEANINGS.join(", ")}, got ${String(meaning)}`);
  }
  return {
    color: MEANING_COLORS[meaning],
    dash: MEANING_DASH[meaning],
    symbol: MEANING_SYMBOL[meaning],
  };
}

/**
 * The meaning a series' name announces, for names written without an explicit `meaning`:
 * "printed …", "paper …" → printed; "correct …", "true …" → correct; "bound …" → bound.
 * undefined when the name says none (or more than one) of these.
 */
export function meaningOfName(name: string): Meaning | undefined {
  const lower = name.toLowerCase();
  const found: Meaning[] = [];
  if (/\b(printed|paper)/.test(lower)) found.push("printed");
  if (/\b(correct|true)\b/.test(lower)) found.push("correct");
  if (/\bbound\b/.test(lower)) found.push("bound");
  return found.length === 1 ? found[0] : undefined;
}

/** Colours for series that carry no meaning (several seeds, several activations). */
export const NEUTRAL_COLORS = ["#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"];

/**
 * `text` broken into lines no wider than `maxWidth` px at `fontSize`, at spaces (a word longer
 * than a line stays whole). Long titles wrap instead of running past the figure's edge.
 */
export function wrapText(text: string, fontSize: number, maxWidth: number): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/** Line height (px) for wrapped text at `fontSize`. */
export function lineHeight(fontSize: number): number {
  return Math.round(fontSize * 1.3);
}
