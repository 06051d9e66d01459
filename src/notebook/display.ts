/**
 * The one display helper every notebook uses: figures live and interactive in JupyterLab, VS Code
 * and the classic Notebook, plotly.js embedded at most once per notebook and offline, and a static
 * image fallback inside each output for places where scripts do not run. One figure is one
 * text/html output: a wrapper div (class and data- attribute: JupyterLab's sanitizer drops data-
 * attributes), in the first figure of a kernel session a <script> with plotly.js (minified,
 * gzip, base64: plotlyLoader()), an <img> of the static SVG, the div of the live plot, and the
 * <script> that draws it, then hides the image.
 *
 * Why this shape:
 * - Where no script runs (GitHub, an untrusted notebook), the <img> remains: JupyterLab's
 *   sanitizer (sanitize-html) and the classic Notebook's (Caja) both keep img src data URIs and
 *   `class`; inline <svg> is dropped by both.
 * - The image is hidden only after Plotly.newPlot resolved, so a failed plot leaves the picture.
 * - Outputs may be rendered out of order (JupyterLab renders cells lazily), so a figure whose
 *   script runs before the bundle queues its drawing on window.rnnJacobianPlotlyQueue, which the
 *   bundle's script drains.
 */
import * as fs from "fs";
import * as zlib from "zlib";
import type * as Tslab from "tslab";
import { FIGURE_KINDS, Figure } from "./plots/figure";
import { escapeXml, svgSize } from "./plots/svg";

/** Where displays go: tslab's display in a kernel, or a test's own sink. */
export interface DisplaySink {
  html(html: string): void;
  latex(tex: string): void;
  markdown(markdown: string): void;
}

const HTML_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const PLOTLY_QUEUE = "rnnJacobianPlotlyQueue";
const PLOTLY_LOADING = "rnnJacobianPlotlyLoading";

let plotlyEmbedded = false;
let displayCounter = 0;
let sink: DisplaySink | undefined;
let plotlyBundle: string | undefined;

/**
 * Send displays to `target` instead of tslab (tests); undefined restores tslab. Either is a new
 * page, so the next `showFigure` inlines plotly.js again.
 */
export function setDisplaySink(target: DisplaySink | undefined): void {
  sink = target;
  plotlyEmbedded = false;
}

/** Marks the one output that carries plotly.js (scripts/notebooks.mjs checks it appears once). */
export const PLOTLY_MARKER = "rnn-jacobian inlines plotly.js";

/**
 * The minified bundle gzipped and base64-encoded (4.8 MB become 2.0 MB), once per kernel;
 * resolved from this module (src/ under tsx, dist/ compiled).
 */
function packedPlotly(): string {
  if (plotlyBundle === undefined) {
    const source = fs.readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"));
    plotlyBundle = zlib.gzipSync(source, { level: 9 }).toString("base64");
  }
  return plotlyBundle;
}

/**
 * The script that unpacks plotly.js with the browser's DecompressionStream (without it, figures
 * keep their static images), runs it as an inline <script> as the frontends run an output's
 * scripts, and draws the queued figures. The wrapper's parameters `define`, `module`, `exports`,
 * `require` hide require.js and CommonJS from plotly's UMD wrapper, so it assigns window.Plotly.
 * Two copies on one page (two notebooks open) load the bundle once.
 */
function plotlyLoader(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("plotly.js-dist-min/package.json") as { version: string };
  return (
    `/* ${PLOTLY_MARKER} v${version} (plotly.js-dist-min, gzip, base64) */\n` +
    `(function () {\n` +
    `  function drain() {\n` +
    `    var queue = window.${PLOTLY_QUEUE} || [];\n` +
    `    window.${PLOTLY_QUEUE} = [];\n` +
    `    queue.forEach(function (draw) { draw(window.Plotly); });\n` +
    `  }\n` +
    `  if (window.Plotly) return drain();\n` +
    `  if (window.${PLOTLY_LOADING}) return;\n` +
    `  if (typeof DecompressionStream === "undefined") {\n` +
    `    console.warn("rnn-jacobian: this browser has no DecompressionStream; the figures stay static images");\n` +
    `    return;\n` +
    `  }\n` +
    `  window.${PLOTLY_LOADING} = true;\n` +
    `  var packed = "${packedPlotly()}";\n` +
    `  var bytes = Uint8Array.from(atob(packed), function (c) { return c.charCodeAt(0); });\n` +
    `  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));\n` +
    `  new Response(stream).text().then(function (source) {\n` +
    `    var script = document.createElement("script");\n` +
    `    script.text = "(function (define, module, exports, require) {\\n" + source + "\\n}).call(window);";\n` +
    `    document.head.appendChild(script);\n` +
    `    document.head.removeChild(script);\n` +
    `    window.${PLOTLY_LOADING} = false;\n` +
    `    if (window.Plotly) drain();\n` +
    `    else console.error("rnn-jacobian: plotly.js did not load; the figures stay static images");\n` +
    `  }, function (error) {\n` +
    `    window.${PLOTLY_LOADING} = false;\n` +
    `    console.error("rnn-jacobian: plotly.js could not be unpacked; the figures stay static images", error);\n` +
    `  });\n` +
    `})();\n`
  );
}

/** JSON that is safe inside <script>: no "<", ">", "&" or line separators appear literally. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function figureScript(figure: Figure, domId: string): string {
  const spec = {
    data: figure.data,
    layout: figure.layout,
    ...(figure.frames ? { frames: figure.frames } : {}),
    config: { displaylogo: false, responsive: false },
  };
  return `(function () {
  var domId = ${scriptJson(domId)};
  var spec = ${scriptJson(spec)};
  function draw(Plotly) {
    var div = document.getElementById(domId);
    if (!div || div.getAttribute("data-rnn-jacobian-drawn")) return;
    div.setAttribute("data-rnn-jacobian-drawn", "pending");
    Plotly.newPlot(div, spec).then(function () {
      var wrapper = div.parentNode;
      var image = wrapper && wrapper.querySelector("img.rnn-jacobian-static");
      if (image) image.style.display = "none";
      div.setAttribute("data-rnn-jacobian-drawn", "live");
      if (wrapper) wrapper.setAttribute("data-rnn-jacobian-rendered", "live");
    }, function (error) {
      div.setAttribute("data-rnn-jacobian-drawn", "failed");
      Plotly.purge(div);
      console.error("rnn-jacobian: the live plot failed, the static image stays", error);
    });
  }
  if (window.Plotly) draw(window.Plotly);
  else (window.${PLOTLY_QUEUE} = window.${PLOTLY_QUEUE} || []).push(draw);
})();`;
}

function assertFigure(figure: unknown): asserts figure is Figure {
  const f = figure as Partial<Figure> | null;
  if (
    typeof f !== "object" ||
    f === null ||
    typeof f.id !== "string" ||
    !HTML_ID.test(f.id) ||
    !(FIGURE_KINDS as readonly unknown[]).includes(f.kind) ||
    typeof f.title !== "string" ||
    !Array.isArray(f.data) ||
    typeof f.layout !== "object" ||
    typeof f.staticSvg !== "string" ||
    !f.staticSvg.startsWith("<svg")
  ) {
    throw new TypeError(
      "figure must be a Figure built by one of the figure builders (id, kind, title, data, layout, staticSvg)",
    );
  }
}

/**
 * The HTML of one figure (the module comment); the same arguments give the same string.
 * `includePlotly` inlines plotly.js (about 2 MB, compressed); `domId` names the live plot's div
 * (default from the figure id; `showFigure` makes it unique).
 */
export function figureHtml(
  figure: Figure,
  options: { includePlotly: boolean; domId?: string },
): string {
  assertFigure(figure);
  if (
    typeof options !== "object" ||
    options === null ||
    typeof options.includePlotly !== "boolean"
  ) {
    throw new TypeError("options.includePlotly must be true or false");
  }
  const domId = options.domId ?? `${figure.id}-live`;
  if (!HTML_ID.test(domId)) {
    throw new RangeError(`options.domId must match ${HTML_ID}, got ${JSON.stringify(domId)}`);
  }
  const { width, height } = svgSize(figure.staticSvg);
  const image =
    `<img class="rnn-jacobian-static" alt="${escapeXml(figure.title)}" ` +
    `width="${width}" height="${height}" style="max-width: 100%; height: auto" ` +
    `src="data:image/svg+xml;base64,${Buffer.from(figure.staticSvg, "utf8").toString("base64")}">`;
  return (
    `<div class="rnn-jacobian-figure" data-rnn-jacobian-figure="${escapeXml(figure.id)}">\n` +
    (options.includePlotly ? `<script type="text/javascript">\n${plotlyLoader()}</script>\n` : "") +
    `${image}\n` +
    `<div class="rnn-jacobian-live" id="${domId}"></div>\n` +
    `<script type="text/javascript">\n${figureScript(figure, domId)}\n</script>\n` +
    `</div>`
  );
}

function send(what: string, show: (target: DisplaySink) => void): void {
  try {
    // tslab is loaded on first use: it pulls in its TypeScript compiler, which scripts and tests
    // that never display anything should not pay for. In a kernel it is the kernel's own instance.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    show(sink ?? (require("tslab") as typeof Tslab).display);
  } catch (error) {
    if (error instanceof Error && error.message === "Not ready") {
      throw new Error(
        `${what} must run inside a tslab kernel (tslab's display is not connected here); ` +
          "outside a notebook use figureHtml() or setDisplaySink()",
      );
    }
    throw error;
  }
}

/**
 * Shows a figure in the notebook: inlines plotly.js in the first figure of the kernel session
 * (or when `includePlotly` forces it), later figures use the page's window.Plotly.
 */
export function showFigure(figure: Figure, options: { includePlotly?: boolean } = {}): void {
  assertFigure(figure);
  const includePlotly = options.includePlotly ?? !plotlyEmbedded;
  displayCounter += 1;
  // Unique within a page even across kernel restarts: the process id changes with the kernel.
  const domId = `${figure.id}-${process.pid.toString(36)}-${displayCounter}`;
  const html = figureHtml(figure, { includePlotly, domId });
  send("showFigure", (target) => target.html(html));
  // Set only once the output has been sent, so a failed display does not lose the bundle.
  if (includePlotly) plotlyEmbedded = true;
}

/**
 * Shows TeX as display math: the bare expression (as symbolic.ts returns it) wrapped in $$ … $$,
 * as the text/latex renderers (MathJax, KaTeX) need; text that starts with "$" is sent unchanged.
 */
export function showLatex(tex: string): void {
  const trimmed = nonEmpty("tex", tex).trim();
  send("showLatex", (target) => target.latex(trimmed.startsWith("$") ? trimmed : `$$${trimmed}$$`));
}

/** Shows Markdown (rendered by the frontend, with $…$ math). */
export function showMarkdown(markdown: string): void {
  send("showMarkdown", (target) => target.markdown(nonEmpty("markdown", markdown)));
}

function nonEmpty(name: string, text: unknown): string {
  if (typeof text !== "string" || text.trim() === "") {
    throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(text)}`);
  }
  return text;
}
