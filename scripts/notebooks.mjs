// Helpers shared by everything that runs the notebooks: `npm run report`, `npm run
// bench:notebooks`, the notebook test and the browser test. They find the notebooks, execute
// them headless through Debian's Jupyter (nbconvert → nbclient → the project's tslab kernel) and
// read what the executed notebooks contain, so that all four agree on what "a figure" is.
/* global Buffer, performance, structuredClone */
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { jupyterPython, kernelName, notebooksDir, projectRoot } from "./jupyter.mjs";

/**
 * Setting this variable points every script and test at another folder of notebooks (a fixture,
 * while the real notebooks are being written). Relative paths are read from the project root.
 */
export const notebooksDirVariable = "RNN_JACOBIAN_NOTEBOOKS_DIR";

/** The folder whose notebooks are run: notebooks/, unless RNN_JACOBIAN_NOTEBOOKS_DIR says otherwise. */
export function notebooksDirectory() {
  const override = process.env[notebooksDirVariable];
  return override ? resolve(projectRoot, override) : notebooksDir;
}

/** The real path of `path`, or of its nearest existing parent joined with the rest. */
function realPath(path) {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}

/**
 * Throws when `outputDir` equals `inputDir` or contains it: the scripts empty their output folder
 * first, which would delete the very notebooks they were asked to run (for example
 * RNN_JACOBIAN_NOTEBOOKS_DIR=build/report with `npm run report`). Symbolic links are resolved.
 */
export function assertOutputOutsideInput(outputDir, inputDir, what) {
  const output = realPath(outputDir);
  const input = realPath(inputDir);
  const inside = relative(output, input);
  if (
    inside === "" ||
    (!inside.startsWith(`..${sep}`) && inside !== ".." && !inside.startsWith(sep))
  ) {
    throw new Error(
      `${what} refuses to write to ${outputDir}: it ${inside === "" ? "is" : "contains"} the ` +
        `notebook folder ${inputDir}, and it empties its output folder first. ` +
        `Point ${notebooksDirVariable} at a folder outside ${outputDir}.`,
    );
  }
}

/** The notebooks of `dir` (absolute paths, sorted by name, so NN- prefixes give the reading order). */
export function listNotebooks(dir = notebooksDirectory()) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(dir, name));
}

/** Setting this variable (e.g. "05" or "02,05") limits the tests to the notebooks whose names start so. */
export const onlyVariable = "RNN_JACOBIAN_ONLY";

/** The notebooks the tests run: listNotebooks(), limited by RNN_JACOBIAN_ONLY when it is set. */
export function selectedNotebooks(dir = notebooksDirectory()) {
  const prefixes = (process.env[onlyVariable] ?? "").split(",").filter((p) => p.trim() !== "");
  const all = listNotebooks(dir);
  if (prefixes.length === 0) return all;
  return all.filter((path) =>
    prefixes.some((prefix) => notebookName(path).startsWith(prefix.trim())),
  );
}

/** "01-notation" for ".../01-notation.ipynb". */
export function notebookName(path) {
  return basename(path, ".ipynb");
}

export function readNotebook(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** A cell's source as one string (nbformat allows a string or a list of lines). */
export function cellSource(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function mimeText(value) {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

/**
 * The checks a committed notebook must pass, as a list of readable problems (empty when fine):
 * no outputs, no execution counts, no run timings, the tslab kernel, and the notebook's
 * `rnn_jacobian` metadata giving how many figures and LaTeX outputs running it must produce.
 */
export function committedNotebookProblems(notebook) {
  const problems = [];
  (notebook.cells ?? []).forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const where = `cell ${index + 1} (${JSON.stringify(firstLine(cellSource(cell)))})`;
    if (Array.isArray(cell.outputs) && cell.outputs.length > 0) {
      problems.push(`${where} has ${cell.outputs.length} saved output(s)`);
    }
    if (cell.execution_count !== null && cell.execution_count !== undefined) {
      problems.push(`${where} has execution_count ${cell.execution_count}`);
    }
    if (cell.metadata && cell.metadata.execution) {
      problems.push(`${where} has run timings in its metadata ("execution")`);
    }
  });
  return problems;
}

/** Problems with the notebook-level metadata (kernel and expected output counts). */
export function metadataProblems(notebook) {
  const problems = [];
  const kernel = notebook.metadata?.kernelspec?.name;
  if (kernel !== kernelName) {
    problems.push(
      `metadata.kernelspec.name is ${JSON.stringify(kernel)}, expected "${kernelName}"`,
    );
  }
  const expected = notebook.metadata?.rnn_jacobian;
  if (typeof expected !== "object" || expected === null) {
    problems.push(
      'metadata.rnn_jacobian is missing (expected {"figures": <count>, "latex": <count>})',
    );
  } else {
    for (const key of ["figures", "latex"]) {
      const value = expected[key];
      if (!Number.isInteger(value) || value < 0) {
        problems.push(
          `metadata.rnn_jacobian.${key} is ${JSON.stringify(value)}, expected a whole number ≥ 0`,
        );
      }
    }
  }
  return problems;
}

/** The figure and LaTeX counts a notebook declares in its metadata. */
export function expectedOutputs(notebook) {
  const expected = notebook.metadata?.rnn_jacobian ?? {};
  return { figures: expected.figures, latex: expected.latex };
}

function firstLine(text) {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.length > 70 ? `${line.slice(0, 67)}...` : line;
}

// The display helper's output contract (src/notebook/display.ts): a wrapper element carrying
// data-rnn-jacobian-figure="<id>", a live div .rnn-jacobian-live that plotly draws into, and a
// static <img class="rnn-jacobian-static"> for places where scripts do not run.
const scriptElement = /<script\b[^>]*>[\s\S]*?<\/script\s*>/gi;
const figureWrapper = /<[a-zA-Z][\w-]*\b[^<>]*?\sdata-rnn-jacobian-figure\s*=\s*(["'])(.*?)\1/g;
const staticImage =
  /<img\b[^<>]*?\sclass\s*=\s*(["'])[^"']*\brnn-jacobian-static\b[^"']*\1[^<>]*>/i;
const liveDiv = /\sclass\s*=\s*(["'])[^"']*\brnn-jacobian-live\b[^"']*\1/i;
const imageSource = /\ssrc\s*=\s*(["'])(.*?)\1/i;
// The comment that opens the display helper's plotly.js loader (src/notebook/display.ts, PLOTLY_MARKER):
// once per copy of the (compressed) bundle.
const plotlyBanner = /rnn-jacobian inlines plotly\.js v\d/g;

/**
 * What an executed notebook shows: its figures (id, cell, whether the live div and a static
 * data-URI image are there), how many text/latex outputs it has, how many copies of the
 * plotly.js bundle its outputs carry, and every error output (cell, name, value, traceback).
 */
export function inspectOutputs(notebook) {
  const figures = [];
  const errors = [];
  let latex = 0;
  let plotlyBundles = 0;
  (notebook.cells ?? []).forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") {
        errors.push({
          cell: index + 1,
          source: cellSource(cell),
          ename: output.ename,
          evalue: output.evalue,
          traceback: stripAnsi((output.traceback ?? []).join("\n")),
        });
        continue;
      }
      const data = output.data ?? {};
      if (data["text/latex"] !== undefined) latex += 1;
      if (data["text/html"] === undefined) continue;
      const html = mimeText(data["text/html"]);
      plotlyBundles += (html.match(plotlyBanner) ?? []).length;
      // Scripts may mention the marker attribute in selectors; only real elements count.
      const markup = html.replace(scriptElement, "");
      const wrappers = [...markup.matchAll(figureWrapper)];
      wrappers.forEach((match, k) => {
        const end = k + 1 < wrappers.length ? wrappers[k + 1].index : markup.length;
        const body = markup.slice(match.index, end);
        const image = body.match(staticImage);
        const src = image ? (image[0].match(imageSource)?.[2] ?? "") : "";
        figures.push({
          id: match[2],
          cell: index + 1,
          hasLive: liveDiv.test(body),
          hasStaticImage: image !== null,
          staticImageEmbedded: src.startsWith("data:image/"),
        });
      });
    }
  });
  return { figures, latex, plotlyBundles, errors };
}

/**
 * Every way an executed notebook falls short of what its metadata promises (empty when it
 * keeps every promise): exact figure count, each figure with its live div and an embedded
 * static image, at least the declared number of LaTeX outputs, plotly.js inlined exactly once
 * when there are figures, and no error outputs.
 */
export function executedNotebookProblems(notebook) {
  const expected = expectedOutputs(notebook);
  const found = inspectOutputs(notebook);
  const problems = [];
  if (!Number.isInteger(expected.figures) || !Number.isInteger(expected.latex)) {
    problems.push("metadata.rnn_jacobian does not give whole-number figures and latex counts");
  }
  for (const error of found.errors) {
    problems.push(`cell ${error.cell} failed: ${error.ename}: ${error.evalue}`);
  }
  if (Number.isInteger(expected.figures) && found.figures.length !== expected.figures) {
    const ids = found.figures.map((f) => `${f.id} (cell ${f.cell})`).join(", ") || "none";
    problems.push(
      `${found.figures.length} figure output(s), metadata.rnn_jacobian.figures says ${expected.figures}; found: ${ids}`,
    );
  }
  for (const figure of found.figures) {
    const where = `figure "${figure.id}" in cell ${figure.cell}`;
    if (!figure.hasLive) problems.push(`${where} has no live div (class rnn-jacobian-live)`);
    if (!figure.hasStaticImage) {
      problems.push(`${where} has no static fallback <img class="rnn-jacobian-static">`);
    } else if (!figure.staticImageEmbedded) {
      problems.push(`${where}: its static image is not embedded as a data:image/… URI`);
    }
  }
  if (Number.isInteger(expected.latex) && found.latex < expected.latex) {
    problems.push(
      `${found.latex} text/latex output(s), metadata.rnn_jacobian.latex says at least ${expected.latex}`,
    );
  }
  if (found.figures.length > 0 && found.plotlyBundles !== 1) {
    problems.push(`plotly.js is inlined ${found.plotlyBundles} times, expected exactly once`);
  }
  return problems;
}

/**
 * Per-cell run times from the timestamps nbclient records in each executed cell's
 * metadata.execution (iopub status busy → idle, as the kernel reports them).
 */
export function cellTimings(notebook) {
  const timings = [];
  (notebook.cells ?? []).forEach((cell, index) => {
    const execution = cell.metadata?.execution;
    const busy = Date.parse(execution?.["iopub.status.busy"] ?? "");
    const idle = Date.parse(execution?.["iopub.status.idle"] ?? "");
    if (Number.isFinite(busy) && Number.isFinite(idle)) {
      timings.push({
        cell: index + 1,
        source: firstLine(cellSource(cell)),
        busy,
        idle,
        seconds: (idle - busy) / 1000,
      });
    }
  });
  return timings;
}

const executeScript = join(projectRoot, "scripts", "execute-notebook.py");

/**
 * Executes `input` top to bottom in the project's tslab kernel (nbclient, through
 * scripts/execute-notebook.py) and writes the executed notebook to `outputDir/<name>.ipynb`,
 * also when a cell fails, with a record of the run beside it (`<name>.run.json`, see
 * reusableExecution). Resolves (never rejects) with { ok, path, seconds, log, failure };
 * `failure` names the failing cell and quotes its source and what it printed on stderr (where
 * tslab reports errors). `env` is the environment from prepareJupyter().
 */
export async function executeNotebook(input, options) {
  const first = await executeOnce(input, options);
  if (first.ok || !PORT_COLLISION.test(first.log)) return first;
  // Two kernels started at the same moment can be handed the same free port (jupyter_client
  // probes a port, releases it, and the kernel binds it later); the kernel then receives the
  // other client's messages, signed with another key, and dies with "invalid hmac". That is the
  // harness, not the notebook: run it once more, and keep the first run's log.
  const second = await executeOnce(input, options);
  return { ...second, log: `first run (kernel port collision):\n${first.log}\n\n${second.log}` };
}

const PORT_COLLISION = /invalid hmac/;

function executeOnce(input, { outputDir, env, cellTimeoutSeconds = 300 }) {
  mkdirSync(outputDir, { recursive: true });
  const path = join(outputDir, `${notebookName(input)}.ipynb`);
  const record = runRecordPath(path);
  rmSync(path, { force: true });
  rmSync(record, { force: true });
  const args = [executeScript, input, path, kernelName, String(cellTimeoutSeconds)];
  return run(jupyterPython(), args, env).then(({ code, log, seconds }) => {
    const summary = lastJsonLine(log);
    const ok = code === 0 && summary?.ok === true;
    writeFileSync(record, `${JSON.stringify({ ok, source: resolve(input), seconds })}\n`);
    return { ok, path, seconds, log, failure: ok ? "" : describeFailure(path, summary, log, code) };
  });
}

const blocksScript = join(projectRoot, "scripts", "execute-blocks.py");

/** The metadata keys executeBlocks reads: a cell's block, and the notebook cell it copies. */
export const blockKey = "rnn_jacobian_block";
export const sourceCellKey = "rnn_jacobian_source_cell";

/**
 * A notebook of blocks for executeBlocks: `prefix` cells (shared, must run) and then each block's
 * cells, each cell a copy of a notebook cell marked with its block and the index of the cell it
 * copies (`cell` in the pairs), so a failure reads "cell N failed" in the notebook's numbering.
 */
export function blockNotebook(notebook, prefix, blocks) {
  return segmentedBlockNotebook(notebook, [{ prefix, blocks }]);
}

/**
 * blockNotebook in segments, run in order: each segment's prefix cells (shared, must run), then
 * its blocks. Blocks are numbered across the segments (the first segment's first block is 0).
 * A later prefix continues the shared state, e.g. with the right answer after the wrong ones.
 */
export function segmentedBlockNotebook(notebook, segments) {
  const mark =
    (block) =>
    ({ cell, index }) => ({
      ...structuredClone(cell),
      outputs: cell.cell_type === "code" ? [] : undefined,
      execution_count: cell.cell_type === "code" ? null : undefined,
      metadata: { ...cell.metadata, [blockKey]: block, [sourceCellKey]: index },
    });
  let next = 0;
  const cells = segments.flatMap(({ prefix, blocks }) => [
    ...prefix.map(mark(-1)),
    ...blocks.flatMap((block) => block.map(mark(next++))),
  ]);
  return { ...notebook, cells };
}

/**
 * Executes a notebook of blocks (blockNotebook) in one kernel (scripts/execute-blocks.py): the
 * prefix must run; a block stops at its first failing cell, and the next block runs. Resolves
 * { ok, path, seconds, log, failure, blocks: [{ ok, failure }] } where `failure` reads as
 * executeNotebook's ("cell N failed: …", N in the original notebook).
 */
export async function executeBlocks(notebook, name, { outputDir, env, cellTimeoutSeconds = 300 }) {
  mkdirSync(outputDir, { recursive: true });
  const input = join(outputDir, `${name}.blocks.ipynb`);
  const path = join(outputDir, `${name}.ipynb`);
  writeFileSync(input, JSON.stringify(notebook));
  rmSync(path, { force: true });
  const args = [blocksScript, input, path, kernelName, String(cellTimeoutSeconds)];
  const { code, log, seconds } = await run(jupyterPython(), args, env);
  const summary = lastJsonLine(log);
  const ok = code === 0 && summary?.ok === true;
  const count = 1 + Math.max(-1, ...notebook.cells.map((cell) => cell.metadata[blockKey]));
  const executed = existsSync(path) ? readNotebook(path) : undefined;
  const describe = (entry) => {
    if (!executed || entry.cell === undefined) return `execution failed:\n${entry.message}`;
    const cell = executed.cells[entry.cell];
    return describeCell(cell, cell.metadata[sourceCellKey], entry);
  };
  const prefix = summary?.blocks?.["-1"];
  const failure = ok
    ? ""
    : prefix && !prefix.ok
      ? describe(prefix)
      : `execution failed (exit code ${code}):\n${tidyKernelOutput(log).split("\n").slice(-25).join("\n")}`;
  const blocks = Array.from({ length: count }, (_, k) => {
    const entry = summary?.blocks?.[String(k)];
    if (!ok || !entry) return { ok: false, failure: failure || `block ${k} did not run` };
    return { ok: entry.ok, failure: entry.ok ? "" : describe(entry) };
  });
  // Whether every prefix cell ran, also when a later block killed the kernel.
  const prefixOk = summary?.blocks?.["-1"]?.ok === true;
  return { ok, path, seconds, log, failure, blocks, prefixOk };
}

function runRecordPath(executedPath) {
  return executedPath.replace(/\.ipynb$/, ".run.json");
}

/**
 * The executed copy of `input` in `dir` when it can stand for a new run: executeNotebook wrote
 * it from this very file, every cell ran, and it is newer than the notebook, the compiled
 * library (dist/) and the lockfile. Otherwise undefined.
 */
export function reusableExecution(input, dir) {
  const path = join(dir, `${notebookName(input)}.ipynb`);
  const record = runRecordPath(path);
  if (!existsSync(path) || !existsSync(record)) return undefined;
  try {
    const run = JSON.parse(readFileSync(record, "utf8"));
    if (run.ok !== true || run.source !== resolve(input)) return undefined;
  } catch {
    return undefined;
  }
  const inputs = [input, join(projectRoot, "dist"), join(projectRoot, "package-lock.json")];
  return isFresh([path, record], inputs) ? path : undefined;
}

function lastJsonLine(log) {
  const line = log
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A readable account of a failed run: the failing cell's number and source, and the text of
 * its stderr and error outputs; or, when no cell is to blame (the kernel did not start), the
 * tail of the log.
 */
function describeFailure(path, summary, log, code) {
  const tail = stripAnsi(log).trim().split("\n").slice(-25).join("\n");
  if (!summary || summary.cell === null || summary.cell === undefined || !existsSync(path)) {
    return `execution failed (exit code ${code}):\n${tail}`;
  }
  return describeCell(readNotebook(path).cells[summary.cell], summary.cell, summary);
}

/** "cell N failed:", the cell's source, and what it printed on stderr or as an error. */
function describeCell(cell, index, summary) {
  const printed = tidyKernelOutput(
    (cell.outputs ?? [])
      .map((output) => {
        if (output.output_type === "stream" && output.name === "stderr") {
          return mimeText(output.text);
        }
        if (output.output_type === "error") {
          return [`${output.ename}: ${output.evalue}`, ...(output.traceback ?? [])].join("\n");
        }
        return "";
      })
      .filter((text) => text.trim() !== "")
      .join("\n"),
  );
  const reason =
    summary.exception === "CellExecutionError"
      ? ""
      : `${summary.exception}: ${summary.message.split("\n").slice(0, 5).join("\n")}\n`;
  return [
    `cell ${index + 1} failed:`,
    indent(cellSource(cell)),
    reason +
      (printed ? `it printed:\n${indent(stripAnsi(printed).trim())}` : "it printed nothing."),
  ].join("\n");
}

// Terminal colour codes (ESC [ … m) that kernels put into tracebacks.
const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function stripAnsi(text) {
  return text.replace(ansiColour, "");
}

/**
 * What a kernel printed for a failing cell, made readable: no colour codes, and no stack frames
 * inside Node's vm module or tslab itself (they say nothing about the notebook).
 */
export function tidyKernelOutput(text) {
  return stripAnsi(text)
    .split("\n")
    .filter((line) => !/^\s+at .*(\(node:|node_modules\/tslab\/)/.test(line))
    .join("\n")
    .trim();
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/**
 * Converts an (executed) notebook to an HTML page `outputDir/<name>.html`. `assets` gives the
 * URLs the page loads require.js and MathJax from (scripts/report-assets.mjs: relative to the
 * page, inside the report folder); without it nbconvert's defaults apply.
 */
export function convertToHtml(input, { outputDir, env, assets }) {
  mkdirSync(outputDir, { recursive: true });
  const name = notebookName(input);
  const args = ["nbconvert", "--to", "html", "--output-dir", outputDir, "--output", name];
  if (assets) {
    args.push(`--HTMLExporter.require_js_url=${assets.requireJs}`);
    args.push(`--HTMLExporter.mathjax_url=${assets.mathjax}`);
  }
  args.push(input);
  return run("jupyter", args, env).then(({ code, log, seconds }) => ({
    ok: code === 0,
    path: join(outputDir, `${name}.html`),
    seconds,
    log,
    failure: code === 0 ? "" : `jupyter nbconvert --to html failed (exit code ${code}):\n${log}`,
  }));
}

function run(command, args, env) {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks = [];
    child.stdout.on("data", (chunk) => chunks.push(chunk));
    child.stderr.on("data", (chunk) => chunks.push(chunk));
    child.on("error", (error) => {
      done({ code: -1, log: String(error), seconds: (performance.now() - started) / 1000 });
    });
    child.on("close", (code, signal) => {
      const log =
        Buffer.concat(chunks).toString("utf8") + (signal ? `\n(killed by ${signal})` : "");
      done({ code: code ?? -1, log, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Runs `task` over `items` with at most `limit` running at once; results keep the items' order. */
export async function mapLimited(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Newest modification time (ms) of a file or of any file below a folder. */
export function newestChange(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** True when every `outputs` file exists and is newer than every one of `inputs` (files or folders). */
export function isFresh(outputs, inputs) {
  if (outputs.some((path) => !existsSync(path))) return false;
  const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  return inputs.every((path) => newestChange(path) < oldestOutput);
}
