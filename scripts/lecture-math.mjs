// LaTeX → SVG at build time with MathJax 3 (mathjax-full) in Node, so the deck and the handout run
// no MathJax at all: each formula is typeset once, never re-typeset on a slide change, and a LaTeX
// error fails the build instead of showing red text in front of a class.
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

// Undefined macros and environments are errors (noundefined would draw them in red instead).
const packages = AllPackages.filter((name) => name !== "noundefined" && name !== "noerrors");
const tex = new TeX({
  packages,
  formatError: (_jax, error) => {
    throw error;
  },
});
// fontCache "none": every SVG stands alone, so a formula never depends on another one's <defs>.
const svg = new SVG({ fontCache: "none" });
const document = mathjax.document("", { InputJax: tex, OutputJax: svg });

/**
 * The SVG markup (an `<mjx-container>`) of one formula; `display` for a formula on its own line.
 * Throws, naming the formula, when MathJax reports an error.
 */
export function texToSvg(source, display) {
  let node;
  try {
    node = document.convert(source, { display });
  } catch (error) {
    throw new Error(`LaTeX error in ${JSON.stringify(source)}: ${error.message}`);
  }
  const html = adaptor.outerHTML(node);
  if (/merror|data-mjx-error/.test(html)) {
    throw new Error(`LaTeX error in ${JSON.stringify(source)}: MathJax drew an error`);
  }
  return html;
}

/** The CSS MathJax's SVG output needs (once per page). */
export function mathCss() {
  return adaptor.textContent(svg.styleSheet(document));
}
