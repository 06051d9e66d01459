/* global structuredClone */
// How an executed notebook becomes the notebook a deck is made from (pure functions on nbformat
// JSON; scripts/slides.mjs runs nbconvert on the result).
//
// - Slides start where `metadata.slideshow.slide_type` says ("slide", "subslide", "fragment",
//   "skip", "notes", as in Jupyter's slideshow tool). A notebook that marks no slide or subslide
//   start gets one per `#`/`##` heading and a subslide per `###` heading.
// - A code cell tagged `formula` is shown whole. Every other code cell is plumbing: its input is
//   hidden (tagged for nbconvert's TagRemovePreprocessor) and only its rich outputs stay — the
//   figures, LaTeX, HTML and Markdown it displays, not the lines it prints.
// - A cell left with nothing to show is dropped; a slide start it carried moves to the next cell
//   that shows something, so no slide is lost or merged.
// - plotly.js is inlined once per deck: in the deck's first figure (a combined deck joins
//   notebooks that each inlined it once).

/** The tag scripts/slides.mjs passes to TagRemovePreprocessor.remove_input_tags. */
export const hideInputTag = "rnn-jacobian-slides-hide-input";
export const formulaTag = "formula";

const slideStarts = new Set(["slide", "subslide"]);
const richOutputs = ["text/html", "text/latex", "text/markdown", "image/svg+xml", "image/png"];
// What marks an inlined copy of plotly.js in an output: the licence banner at the top of
// plotly.js-dist (once per bundle), or the comment src/notebook/display.ts puts on its compressed copy.
const plotlyBanner = /Copyright 2012-\d{4}, Plotly, Inc\.|rnn-jacobian inlines plotly\.js v\d/;
// The whole-line comments that delimit an exercise's solution (scripts/exercises-regions.mjs).
const solutionMarker = /^\s*\/\/\s*(BEGIN|END) SOLUTION\b/;

function sourceText(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function mimeText(value) {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function tagsOf(cell) {
  return Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
}

export function slideType(cell) {
  return cell.metadata?.slideshow?.slide_type ?? "-";
}

function setSlideType(cell, type) {
  cell.metadata = {
    ...cell.metadata,
    slideshow: { ...cell.metadata?.slideshow, slide_type: type },
  };
}

/** The slide type a heading implies: "slide" for #/##, "subslide" for ###, else "-". */
export function headingSlideType(cell) {
  if (cell.cell_type !== "markdown") return "-";
  const heading = sourceText(cell)
    .trimStart()
    .match(/^(#{1,6})\s/);
  if (!heading) return "-";
  return heading[1].length <= 2 ? "slide" : heading[1].length === 3 ? "subslide" : "-";
}

function isRichOutput(output) {
  if (output.output_type !== "display_data" && output.output_type !== "execute_result") {
    return false;
  }
  return richOutputs.some((mime) => output.data?.[mime] !== undefined);
}

/**
 * The cells of one executed notebook as they go into a deck (see the module comment). Throws
 * when the notebook holds an error output: a deck is made only from a notebook that ran.
 */
export function deckCells(notebook, label = "notebook") {
  const cells = structuredClone(notebook.cells ?? []);
  cells.forEach((cell, index) => {
    if ((cell.outputs ?? []).some((o) => o.output_type === "error")) {
      throw new Error(`${label}: cell ${index + 1} has an error output; fix the notebook first`);
    }
  });
  const marked = cells.some((cell) => slideStarts.has(slideType(cell)));
  if (!marked) cells.forEach((cell) => setSlideType(cell, headingSlideType(cell)));

  const kept = [];
  let carried; // a slide start from a dropped cell, waiting for the next cell shown
  for (const cell of cells) {
    let type = slideType(cell);
    if (cell.cell_type === "code") {
      // An exercise's solution shows as plain code on a slide: the markers are for the hand-out.
      const lines = sourceText(cell).split("\n");
      const kept = lines.filter((line) => !solutionMarker.test(line));
      if (kept.length !== lines.length) cell.source = kept.join("\n");
    }
    if (cell.cell_type === "code" && !tagsOf(cell).includes(formulaTag)) {
      cell.outputs = (cell.outputs ?? []).filter(isRichOutput);
      cell.metadata = { ...cell.metadata, tags: [...tagsOf(cell), hideInputTag] };
      if (cell.outputs.length === 0 && type !== "notes") {
        if (slideStarts.has(type) && carried !== "slide") carried = type;
        continue;
      }
    }
    if (type === "skip") {
      if (slideStarts.has(type) && carried !== "slide") carried = type;
      continue;
    }
    if (cell.cell_type === "markdown" && sourceText(cell).trim() === "") {
      if (slideStarts.has(type) && carried !== "slide") carried = type;
      continue;
    }
    if (carried && type !== "notes") {
      if (type !== "slide") type = carried;
      setSlideType(cell, type);
      carried = undefined;
    }
    kept.push(cell);
  }
  return kept;
}

/** Removes every inlined copy of plotly.js after the first, in place; returns how many stayed. */
export function inlinePlotlyOnce(cells) {
  let kept = 0;
  for (const cell of cells) {
    for (const output of cell.outputs ?? []) {
      const html = output.data?.["text/html"];
      if (html === undefined) continue;
      let text = mimeText(html);
      let from = 0;
      for (;;) {
        const found = text.slice(from).search(plotlyBanner);
        if (found < 0) break;
        const banner = from + found;
        const start = text.lastIndexOf("<script", banner);
        const end = text.indexOf("</script>", banner);
        if (start < 0 || end < 0) {
          throw new Error("an output carries plotly.js outside a <script> element");
        }
        if (kept === 0) {
          kept = 1;
          from = end + "</script>".length;
        } else {
          text = text.slice(0, start) + text.slice(end + "</script>".length);
          from = start;
        }
      }
      output.data["text/html"] = text;
    }
  }
  return kept;
}

/** The notebook's title: metadata.title, else its first heading's text, else `fallback`. */
export function notebookTitle(notebook, fallback) {
  if (typeof notebook.metadata?.title === "string") return notebook.metadata.title;
  for (const cell of notebook.cells ?? []) {
    if (cell.cell_type !== "markdown") continue;
    const heading = sourceText(cell).match(/^#{1,6}\s+(.+)$/m);
    if (heading) return heading[1].trim();
  }
  return fallback;
}

/** The notebook nbconvert turns into one notebook's deck. */
export function deckNotebook(notebook, label) {
  const cells = deckCells(notebook, label);
  if (cells.length === 0) throw new Error(`${label}: nothing to show on a slide`);
  inlinePlotlyOnce(cells);
  return {
    ...structuredClone(notebook),
    cells,
    metadata: { ...notebook.metadata, title: notebookTitle(notebook, label) },
  };
}

/**
 * One deck for a whole lecture: the notebooks' decks in order, each starting on a new slide,
 * plotly.js inlined once.
 */
export function combinedDeckNotebook(notebooks, title) {
  if (notebooks.length === 0) throw new Error("combinedDeckNotebook: no notebooks given");
  const cells = [];
  for (const { notebook, label } of notebooks) {
    const part = deckCells(notebook, label);
    const first = part.find((cell) => slideType(cell) !== "notes");
    if (first) setSlideType(first, "slide");
    cells.push(...part);
  }
  inlinePlotlyOnce(cells);
  return {
    ...structuredClone(notebooks[0].notebook),
    cells,
    metadata: { ...notebooks[0].notebook.metadata, title },
  };
}
