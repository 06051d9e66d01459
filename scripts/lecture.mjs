// `npm run lecture`: the lecture deck (lecture/slides.md) as a self-contained reveal.js folder,
// build/lecture/index.html. Every formula is rendered to SVG here, at build time, so the page runs
// no MathJax; every figure is computed, checked and drawn here too (scripts/lecture-figures.mjs).
// reveal.js 4.0.2 and its notes plugin are copied beside the page: it works from file:// and from
// a USB stick, with no network.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import {
  DECK_FIGURE_WIDTH,
  DECK_SLIDE_SIZE,
  deckFigureScale,
} from "../dist/notebook/plots/style.js";
import { buildFigure } from "./lecture-figures.mjs";
import { mathCss, texToSvg } from "./lecture-math.mjs";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { checkOutputFolder, prepareOutputFolder } from "./output-folder.mjs";
import {
  bodyHtml,
  countWords,
  markAppendix,
  notesHtml,
  parseSlides,
  visibleText,
} from "./lecture-source.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

export const SOURCE = join(root, "lecture", "slides.md");
export const OUTPUT = join(root, "build", "lecture");
const EXPLORE = join(root, "build", "explore", "index.html");
export const MAX_WORDS = 50;

// The slide's box model, shared by the CSS and the figure scale: a figure slide holds the title
// (smaller than on other slides) and the figure, nothing else.
const LAYOUT = { padTop: 12, padBottom: 8, padSide: 40, titleLine: 1.15, gap: 10 };
const TITLE_SIZE = { text: 40, figure: 34 };
const FIGURE_HEIGHT =
  DECK_SLIDE_SIZE.height -
  LAYOUT.padTop -
  LAYOUT.padBottom -
  Math.ceil(TITLE_SIZE.figure * LAYOUT.titleLine) -
  LAYOUT.gap;

// Display formulas are drawn large (they are what the class copies down), and smaller only as far
// as a wide one needs to fit the slide's width: MathJax sizes its SVG in ex of the surrounding
// font, about 0.55 em for DejaVu Sans.
const DISPLAY_SIZE = { largest: 44, smallest: 30 };
const EX_PER_EM = 0.55;
const TEXT_WIDTH = DECK_SLIDE_SIZE.width - 2 * LAYOUT.padSide - 20;

function renderMath(tex, display) {
  const html = texToSvg(tex, display);
  if (!display) return html;
  const ex = /<svg[^>]*\swidth="([\d.]+)ex"/.exec(html);
  if (!ex) throw new Error(`MathJax gave no width for ${JSON.stringify(tex)}`);
  const fits = TEXT_WIDTH / (Number(ex[1]) * EX_PER_EM);
  const size = Math.min(DISPLAY_SIZE.largest, Math.floor(fits));
  if (size < DISPLAY_SIZE.smallest) {
    throw new Error(
      `the formula ${JSON.stringify(tex)} is too wide for a slide even at ${DISPLAY_SIZE.smallest} px`,
    );
  }
  return html.replace(/^<mjx-container/, `<mjx-container style="font-size: ${size}px"`);
}

/**
 * A figure's static SVG sized for the slide: its own title block (the slide's title says the
 * same) cut off the top, scaled by the deck style so its smallest text is at least 20 px.
 */
function slideFigure(name, figure) {
  const svg = figure.staticSvg;
  const size = /^<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  if (!size) throw new Error(`figure "${name}": its static SVG has no width/height`);
  const [width, height] = [Number(size[1]), Number(size[2])];
  // The figure's title lines are its 18-px bold texts at the top; cut below the last one.
  const titleYs = [
    ...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="18"[^>]*font-weight="bold"/g),
  ]
    .map((m) => Number(m[1]))
    .filter((y) => y < 120);
  const top = titleYs.length ? Math.max(...titleYs) + 8 : 0;
  const scale = deckFigureScale(name, width, height - top, FIGURE_HEIGHT);
  const [shownWidth, shownHeight] = [width * scale, (height - top) * scale];
  const root = svg
    .replace(/^<svg([^>]*)\swidth="\d+"/, "<svg$1")
    .replace(/^<svg([^>]*)\sheight="\d+"/, "<svg$1")
    .replace(/\sviewBox="[^"]*"/, ` viewBox="0 ${top} ${width} ${height - top}"`)
    .replace(
      /^<svg/,
      `<svg class="figure" data-figure="${name}" data-scale="${scale.toFixed(4)}" ` +
        `style="width:${shownWidth.toFixed(1)}px;height:${shownHeight.toFixed(1)}px"`,
    );
  return root;
}

function slideHtml(slide, figures) {
  const classes = [
    slide.number === 1 ? "title-slide" : "",
    slide.appendix ? "appendix" : "",
    slide.figure ? "has-figure" : "",
  ];
  const figure = slide.figure ? figures.get(slide.figure) : "";
  const words = countWords(visibleText(slide));
  return [
    `<section class="${classes.filter(Boolean).join(" ")}" data-words="${words}" ` +
      `data-minutes="${slide.minutes}">`,
    `<h2>${bodyHtml([slide.title], renderMath).replace(/^<p>|<\/p>$/g, "")}</h2>`,
    `<div class="body">${bodyHtml(slide.body, renderMath)}</div>`,
    figure ? `<div class="figure-box">${figure}</div>` : "",
    `<aside class="notes">${notesHtml(slide.notes, texToSvg)}</aside>`,
    `</section>`,
  ].join("\n");
}

/** The optional last slide: the explorable page, when another build has written it. */
function exploreSlide(number) {
  return [
    `<section class="explore" data-words="1" data-minutes="0">`,
    `<h2>Explore</h2>`,
    `<iframe src="../explore/index.html" title="The explorable page"></iframe>`,
    `<aside class="notes"><p><strong>Time:</strong> 0 min (slide ${number}, optional).</p>`,
    `<p><strong>Say:</strong> change the network and watch the readings move; for questions only.</p></aside>`,
    `</section>`,
  ].join("\n");
}

function css() {
  const { padTop, padBottom, padSide, titleLine, gap } = LAYOUT;
  return `
html, body { background: #ffffff; }
.reveal { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #222222; font-size: 32px; }
.reveal strong { font-weight: bold; }
.reveal em { font-style: italic; }
.reveal .slides { text-align: left; }
.reveal .slides section { box-sizing: border-box; width: ${DECK_SLIDE_SIZE.width}px; height: ${DECK_SLIDE_SIZE.height}px;
  padding: ${padTop}px ${padSide}px ${padBottom}px; overflow: hidden; line-height: 1.35; }
.reveal h2 { font-size: ${TITLE_SIZE.text}px; line-height: ${titleLine}; margin: 0 0 ${gap}px; color: #0b3c5d;
  font-weight: bold; }
.reveal .has-figure h2 { font-size: ${TITLE_SIZE.figure}px; }
.reveal .body p { margin: 18px 0; }
.reveal .body ul { margin: 10px 0 10px 34px; padding: 0; }
.reveal .body li { margin: 8px 0; }
.reveal .display { margin: 18px 0; text-align: center; }
.reveal mjx-container[jax="SVG"][display="true"] { margin: 0; }
.reveal .figure-box { display: flex; justify-content: center; }
.reveal svg.figure { display: block; }
.reveal .title-slide h2 { font-size: 48px; margin-top: 150px; }
.reveal .title-slide .body p:first-child { font-size: 36px; }
.reveal .title-slide .body p { font-size: 28px; color: #444444; }
.reveal .appendix h2 { color: #555555; }
.reveal .explore iframe { width: 1200px; height: 620px; border: 1px solid #cccccc; }
.reveal .slide-number { font-size: 20px; background: transparent; color: #555555; right: auto; left: 8px; bottom: 6px; }
${mathCss()}
`;
}

function page(sections) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Is eq. (5) printed the right way round? — lecture</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="reveal.js/dist/reset.css">
<link rel="stylesheet" href="reveal.js/dist/reveal.css">
<style>${css()}</style>
</head>
<body>
<div class="reveal"><div class="slides">
${sections.join("\n")}
</div></div>
<script src="reveal.js/dist/reveal.js"></script>
<script src="reveal.js/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  width: ${DECK_SLIDE_SIZE.width}, height: ${DECK_SLIDE_SIZE.height}, margin: 0, center: false,
  hash: true, slideNumber: "c/t", transition: "none", backgroundTransition: "none",
  plugins: [RevealNotes],
});
</script>
</body>
</html>
`;
}

/** Reads, checks and renders the deck; returns the slides and the words per slide. */
export function buildLecture(output = OUTPUT) {
  // Refuse a bad output folder before the figures are computed, not after.
  checkOutputFolder(output, { script: "lecture", inputs: [SOURCE] });
  const slides = markAppendix(parseSlides(readFileSync(SOURCE, "utf8")));
  for (const slide of slides) {
    const words = countWords(visibleText(slide));
    if (words > MAX_WORDS) {
      throw new Error(
        `slide ${slide.number} ("${slide.title}") has ${words} words, over ${MAX_WORDS}`,
      );
    }
  }
  const figures = new Map();
  for (const name of new Set(slides.flatMap((s) => (s.figure ? [s.figure] : [])))) {
    const { figure, claims } = buildFigure(name);
    figures.set(name, slideFigure(name, figure));
    for (const c of claims) console.log(`  figure ${name}: checked — ${c}`);
  }
  const sections = slides.map((slide) => slideHtml(slide, figures));
  if (existsSync(EXPLORE)) sections.push(exploreSlide(slides.length + 1));
  const out = prepareOutputFolder(output, { script: "lecture", inputs: [SOURCE] });
  const reveal = dirname(require.resolve("reveal.js/package.json"));
  const version = JSON.parse(readFileSync(join(reveal, "package.json"), "utf8")).version;
  if (version !== "4.0.2")
    throw new Error(`node_modules/reveal.js is ${version}; the deck expects 4.0.2`);
  for (const file of [
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/reset.css",
    "plugin/notes/notes.js",
  ]) {
    cpSync(join(reveal, file), join(out, "reveal.js", file));
  }
  writeFileSync(join(out, "index.html"), page(sections));
  return { slides, out, figureWidth: DECK_FIGURE_WIDTH };
}

const usage = "usage: npm run lecture [-- --out DIR]   (default build/lecture)";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void runScript("lecture", () => {
    const { out: outFlag } = parseCommandLine(process.argv.slice(2), {
      script: "lecture",
      usage,
      options: { out: { type: "string" } },
    });
    const { slides, out } = buildLecture(outFlag ?? OUTPUT);
    const words = slides.map((s) => countWords(visibleText(s))).sort((a, b) => a - b);
    const main = slides.filter((s) => !s.appendix);
    console.log(
      `wrote ${join(out, "index.html")}: ${slides.length} slides (${main.length} + appendix), ` +
        `${main.reduce((sum, s) => sum + s.minutes, 0)} minutes, words per slide median ` +
        `${words[Math.floor(words.length / 2)]}, max ${words[words.length - 1]}`,
    );
  });
}
