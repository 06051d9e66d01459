// `npm run slides`: reveal.js decks made from the notebooks, for presenting offline.
//
// Writes build/slides/: one deck per notebook (<name>.slides.html), one deck for a whole lecture
// (lecture.slides.html, every notebook in order), index.html linking them, and beside them the
// files the decks load — reveal.js 4.0.2 (the version Debian's nbconvert 6.5 reveal template is
// written for), MathJax 2 (the template calls MathJax.Hub), require.js and jQuery (the template
// loads both), all from node_modules. plotly.js is inlined once per deck. Copy the folder
// anywhere; no network is needed.
//
// The decks need executed notebooks (their outputs are the figures). A notebook's executed copy
// is taken from build/test-notebooks/ or build/report/ when scripts/notebooks.mjs wrote it there
// from the same file and it is still fresh; otherwise the notebook is executed into
// build/slides-executed/. Which cells become slides: scripts/slides-deck.mjs.
//
// RNN_JACOBIAN_NOTEBOOKS_DIR picks another folder of notebooks; `--out <dir>` writes elsewhere (a
// new or empty folder, or one this script made: see scripts/output-folder.mjs).
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { buildDir, prepareJupyter, projectRoot } from "./jupyter.mjs";
import { checkOutputFolder, prepareOutputFolder } from "./output-folder.mjs";
import {
  executeNotebook,
  listNotebooks,
  mapLimited,
  notebookName,
  notebooksDirectory,
  readNotebook,
  reusableExecution,
} from "./notebooks.mjs";
import { combinedDeckNotebook, deckNotebook, hideInputTag, notebookTitle } from "./slides-deck.mjs";

export const lectureDeckName = "lecture";
const revealVersion = "4.0.2";
// Relative to a deck, so the folder works wherever it is copied.
const revealPrefix = "reveal.js";
const mathjaxUrl = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";
const requireUrl = "vendor/require.js";
const jqueryUrl = "vendor/jquery.min.js";
const parallel = 2;

function packageDir(name) {
  const dir = join(projectRoot, "node_modules", name);
  if (!existsSync(join(dir, "package.json"))) {
    throw new Error(`${name} is not installed in node_modules: run npm install first.`);
  }
  return dir;
}

/** Copies reveal.js, MathJax (the parts the decks use), require.js and jQuery into `outputDir`. */
export function copyDeckAssets(outputDir) {
  const reveal = packageDir("reveal.js");
  const revealPackage = readNotebook(join(reveal, "package.json"));
  if (revealPackage.version !== revealVersion) {
    throw new Error(
      `node_modules/reveal.js is ${revealPackage.version}; the nbconvert 6.5 reveal template expects ${revealVersion}`,
    );
  }
  cpSync(join(reveal, "dist"), join(outputDir, revealPrefix, "dist"), { recursive: true });
  cpSync(join(reveal, "plugin", "notes"), join(outputDir, revealPrefix, "plugin", "notes"), {
    recursive: true,
  });
  const mathjax = packageDir("mathjax");
  for (const part of [
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/element",
    "jax/output/CommonHTML",
    "localization/en",
    "fonts/HTML-CSS/TeX/woff",
  ]) {
    const target = join(outputDir, "mathjax", part);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(mathjax, part), target, { recursive: true });
  }
  mkdirSync(join(outputDir, "vendor"), { recursive: true });
  copyFileSync(join(packageDir("requirejs"), "require.js"), join(outputDir, requireUrl));
  copyFileSync(join(packageDir("jquery"), "dist", "jquery.min.js"), join(outputDir, jqueryUrl));
}

function run(command, args, env) {
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("error", (error) => done({ code: -1, log: String(error) }));
    child.on("close", (code) => done({ code: code ?? -1, log }));
  });
}

/** Runs nbconvert's slides exporter on `input` (a deck notebook), writing `<name>.slides.html`. */
async function convertToSlides(input, name, outputDir, env) {
  const args = [
    "nbconvert",
    "--to",
    "slides",
    `--SlidesExporter.reveal_url_prefix=${revealPrefix}`,
    "--SlidesExporter.reveal_theme=white",
    "--SlidesExporter.reveal_scroll=True",
    `--SlidesExporter.mathjax_url=${mathjaxUrl}`,
    `--SlidesExporter.require_js_url=${requireUrl}`,
    `--SlidesExporter.jquery_url=${jqueryUrl}`,
    "--TagRemovePreprocessor.enabled=True",
    `--TagRemovePreprocessor.remove_input_tags=${hideInputTag}`,
    "--no-prompt",
    "--output-dir",
    outputDir,
    "--output",
    name,
    input,
  ];
  const { code, log } = await run("jupyter", args, env);
  if (code !== 0) throw new Error(`jupyter nbconvert --to slides failed for ${name}:\n${log}`);
  return join(outputDir, `${name}.slides.html`);
}

/** The executed copy of `path`: a fresh earlier run when there is one, else a new run. */
async function executed(path, { env, reuseDirs, executedDir }) {
  for (const dir of reuseDirs) {
    const earlier = reusableExecution(path, dir);
    if (earlier) return { path: earlier, reused: true };
  }
  const result = await executeNotebook(path, { outputDir: executedDir, env });
  if (!result.ok) throw new Error(`${notebookName(path)} did not run:\n${result.failure}`);
  return { path: result.path, reused: false, seconds: result.seconds };
}

function indexPage(decks) {
  const escape = (text) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const items = decks
    .map((d) => `    <li><a href="${escape(d.file)}">${escape(d.title)}</a></li>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Slides</title></head>
<body>
  <h1>Slides</h1>
  <p>Press <kbd>space</kbd> for the next slide, <kbd>s</kbd> for the speaker notes,
  <kbd>f</kbd> for full screen, <kbd>esc</kbd> for the overview.</p>
  <ul>
${items}
  </ul>
</body>
</html>
`;
}

/**
 * Builds every deck from the notebooks in `notebooksDir` into `outputDir` (emptied first) and
 * returns [{ name, title, file, path, source, notebooks }] — the lecture deck last; `source` is
 * the notebook nbconvert made the deck from.
 */
export async function buildSlides({
  notebooksDir = notebooksDirectory(),
  outputDir = join(buildDir, "slides"),
  executedDir = join(buildDir, "slides-executed"),
  reuseDirs = [join(buildDir, "test-notebooks"), join(buildDir, "report")],
  log = () => {},
} = {}) {
  const notebooks = listNotebooks(notebooksDir);
  if (notebooks.length === 0) throw new Error(`No notebooks (*.ipynb) found in ${notebooksDir}.`);
  const inputs = [notebooksDir, ...reuseDirs];
  checkOutputFolder(outputDir, { script: "slides", inputs });
  // The executed notebooks are a cache: kept between runs (clear: false), checked the same way.
  checkOutputFolder(executedDir, { script: "slides", inputs, flag: "(executed notebooks)" });
  const { env } = prepareJupyter();
  outputDir = prepareOutputFolder(outputDir, { script: "slides", inputs });
  executedDir = prepareOutputFolder(executedDir, {
    script: "slides",
    inputs,
    flag: "(executed notebooks)",
    clear: false,
  });
  const sourcesDir = join(executedDir, "decks");
  mkdirSync(sourcesDir, { recursive: true });
  copyDeckAssets(outputDir);

  const runs = await mapLimited(notebooks, parallel, async (path) => {
    const run = await executed(path, { env, reuseDirs, executedDir });
    const how = run.reused
      ? `executed earlier: ${relative(projectRoot, run.path)}`
      : `${run.seconds.toFixed(1)} s`;
    log(`  ran ${notebookName(path)} (${how})`);
    return { name: notebookName(path), notebook: readNotebook(run.path) };
  });

  const decks = [];
  const jobs = runs.map(({ name, notebook }) => ({
    name,
    title: notebookTitle(notebook, name),
    deck: deckNotebook(notebook, name),
    notebooks: [name],
  }));
  const lectureTitle = "Lecture: the one-step Jacobian of Pascanu, Mikolov & Bengio (2013)";
  jobs.push({
    name: lectureDeckName,
    title: lectureTitle,
    deck: combinedDeckNotebook(
      runs.map(({ name, notebook }) => ({ notebook, label: name })),
      lectureTitle,
    ),
    notebooks: runs.map((r) => r.name),
  });
  await mapLimited(jobs, parallel, async ({ name, title, deck, notebooks: parts }) => {
    const source = join(sourcesDir, `${name}.ipynb`);
    writeFileSync(source, JSON.stringify(deck));
    const path = await convertToSlides(source, name, outputDir, env);
    log(`  wrote ${relative(projectRoot, path)}`);
    decks.push({ name, title, file: `${name}.slides.html`, path, source, notebooks: parts });
  });
  decks.sort((a, b) =>
    a.name === lectureDeckName ? 1 : b.name === lectureDeckName ? -1 : a.name.localeCompare(b.name),
  );
  writeFileSync(join(outputDir, "index.html"), indexPage(decks));
  return decks;
}

const usage = "usage: npm run slides [-- --out <dir>]   (default build/slides)";

async function main() {
  const { out } = parseCommandLine(process.argv.slice(2), {
    script: "slides",
    usage,
    options: { out: { type: "string" } },
  });
  const outputDir = out ? resolve(projectRoot, out) : undefined;
  const decks = await buildSlides({ ...(outputDir ? { outputDir } : {}), log: console.log });
  const dir = dirname(decks[0].path);
  console.log(`\n${decks.length} deck(s) in ${relative(projectRoot, dir)}/`);
  console.log(`Open file://${join(dir, "index.html")} (or copy the folder; it works offline).`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  void runScript("slides", main);
}
