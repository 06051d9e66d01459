/**
 * The figure style: which colour means what, how large text must be to read on a projector, how
 * wide a figure may be before a notebook clips it. Every builder takes its sizes and colours from
 * here, and the figure lint (test/figures/lint.ts) checks figures against the same numbers.
 */

/**
 * The smallest font size (px) of any text: 14 px at a 1024×768 projector is about the size of the
 * notebook's own text, readable from the back of a classroom; 12 px (plotly's default) is not.
 */
export const MIN_FONT_SIZE = 14;
export const TITLE_FONT_SIZE = 18;
export const PANEL_TITLE_FONT_SIZE = 16;

/**
 * The widest a figure may be (px): the classic Notebook's output area at a 1024 px window is
 * about 800 px, and a live plotly figure wider than its output area is cut off.
 */
export const MAX_FIGURE_WIDTH = 780;

/** What a line, edge or panel stands for. The same meaning always gets the same colour. */
export const MEANINGS = ["correct", "printed", "bound", "reference"] as const;
export type Meaning = (typeof MEANINGS)[number];

/**
 * Colours by meaning (Okabe–Ito, distinguishable with the common colour-vision deficiencies):
 * the correct Jacobian blue, the paper's printed form vermilion, a bound grey, a reference black.
 */
export const MEANING_COLORS: Record<Meaning, string> = {
  correct: "#0072b2",
  printed: "#d55e00",
  bound: "#7a7a7a",
  reference: "#222222",
};

/**
 * Dashes and markers by meaning: a printed line lying exactly on the correct one still shows (as
 * dashes over a solid line), and coinciding points stay distinguishable.
 */
export const MEANING_DASH: Record<Meaning, LineDash> = {
  correct: "solid",
  printed: "dash",
  bound: "dot",
  reference: "dashdot",
};
export const MEANING_SYMBOL: Record<Meaning, string> = {
  correct: "circle",
  printed: "x",
  bound: "diamond-open",
  reference: "square-open",
};

export type LineDash = "solid" | "dash" | "dot" | "dashdot";

/** The SVG stroke-dasharray of a plotly dash style (px, at line width 2.5). */
export const SVG_DASHARRAY: Record<LineDash, string | undefined> = {
  solid: undefined,
  dash: "9 5",
  dot: "2.5 4",
  dashdot: "9 4 2.5 4",
};

/**
 * The meaning a series' name announces when it has no explicit `meaning`: "printed …", "paper …"
 * → printed; "correct …", "true …" → correct; "bound …" → bound; undefined for none or several.
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
