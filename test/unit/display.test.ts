import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, describe, it } from "node:test";
import * as vm from "node:vm";
import { gunzipSync } from "node:zlib";
import {
  DisplaySink,
  figureHtml,
  PLOTLY_MARKER,
  setDisplaySink,
  showFigure,
  showLatex,
  showMarkdown,
} from "../../src/notebook/display";
import { heatmapFigure } from "../../src/notebook/plots/heatmap";
import { countOf } from "./plotsSvgCheck";

const PLOTLY_HEADER = `${PLOTLY_MARKER} v`;
const PLOTLY_BUNDLE = "node_modules/plotly.js-dist-min/plotly.min.js";
const plotlyVersion = (
  JSON.parse(readFileSync("node_modules/plotly.js-dist-min/package.json", "utf8")) as {
    version: string;
  }
).version;

/** The bundle an output carries, unpacked as the browser unpacks it (base64, then gzip). */
function unpackedBundle(html: string): string {
  const packed = /var packed = "([A-Za-z0-9+/=]+)";/.exec(html);
  assert.ok(packed, "the output carries a packed bundle");
  return gunzipSync(Buffer.from(packed[1], "base64")).toString("utf8");
}

const figure = heatmapFigure({
  title: 'W diag(σ′) <"quoted"> & more',
  matrix: [
    [0.45, -0.48],
    [0.81, 0.04],
  ],
  hover: [
    ["</script><script>alert(1)</script>", "b"],
    ["c", "d"],
  ],
  id: "fig-test",
});
const other = heatmapFigure({ title: "second", matrix: [[1, 2]], id: "fig-second" });

/** A display sink that records what it was sent. */
function recordingSink() {
  const sent = { html: [] as string[], latex: [] as string[], markdown: [] as string[] };
  const sink: DisplaySink = {
    html: (s) => void sent.html.push(s),
    latex: (s) => void sent.latex.push(s),
    markdown: (s) => void sent.markdown.push(s),
  };
  return { sink, sent };
}

/** The figure's own <script> (the last one in the output). */
function figureScript(html: string): string {
  const start = html.lastIndexOf('<script type="text/javascript">');
  return html.slice(start, html.indexOf("</script>", start)).replace(/^<script[^>]*>/, "");
}

afterEach(() => setDisplaySink(undefined));

describe("figureHtml", () => {
  const light = figureHtml(figure, { includePlotly: false });

  it("wraps the figure in an element that carries its id", () => {
    assert.ok(
      light.startsWith('<div class="rnn-jacobian-figure" data-rnn-jacobian-figure="fig-test">'),
    );
    assert.equal(countOf(light, "data-rnn-jacobian-figure="), 1);
    assert.ok(light.includes('<div class="rnn-jacobian-live" id="fig-test-live"></div>'));
    assert.ok(light.endsWith("</div>"));
  });

  it("contains the static SVG as a visible base64 <img> with the title as alt text", () => {
    const match =
      /<img class="rnn-jacobian-static" alt="([^"]*)" width="(\d+)" height="(\d+)" style="max-width: 100%; height: auto" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">/.exec(
        light,
      );
    assert.ok(match, "img element present");
    assert.equal(match[1], "W diag(σ′) &lt;&quot;quoted&quot;&gt; &amp; more");
    assert.equal(Buffer.from(match[4], "base64").toString("utf8"), figure.staticSvg);
    assert.ok(Number(match[2]) > 100 && Number(match[3]) > 100);
    assert.ok(!/rnn-jacobian-static[^>]*display: none/.test(light), "visible by default");
  });

  it("does not include plotly.js unless asked, and then exactly once", () => {
    assert.equal(countOf(light, PLOTLY_HEADER), 0);
    assert.equal(countOf(light, "<script"), 1);
    const heavy = figureHtml(figure, { includePlotly: true });
    assert.equal(countOf(heavy, PLOTLY_HEADER), 1);
    assert.equal(countOf(heavy, "<script"), 2);
    assert.ok(!heavy.includes("cdn.plot.ly/plotly"), "no CDN script tag");
    assert.ok(!/<script[^>]*\ssrc=/.test(heavy), "no script loaded from anywhere");
  });

  it("carries the whole minified plotly.js bundle, compressed to under 2.5 MB of text", () => {
    const heavy = figureHtml(figure, { includePlotly: true });
    const bundle = readFileSync(PLOTLY_BUNDLE, "utf8");
    assert.equal(unpackedBundle(heavy), bundle, "the unpacked text is the bundle, byte for byte");
    assert.ok(bundle.startsWith(`/**\n* plotly.js v${plotlyVersion}\n`));
    // The version the output names is the version it carries, and the one the project pins.
    const pinned = (
      JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string> }
    ).dependencies["plotly.js-dist-min"];
    assert.equal(plotlyVersion, pinned);
    assert.ok(heavy.includes(`${PLOTLY_MARKER} v${pinned} `));
    const light = figureHtml(figure, { includePlotly: false });
    assert.ok(
      heavy.length - light.length < 2_500_000,
      `the bundle adds ${heavy.length - light.length} characters`,
    );
    assert.ok(heavy.length - light.length > bundle.length / 4, "the bundle is really in there");
  });

  it("unpacks the bundle, runs it with define/module/exports/require hidden, then draws", async () => {
    const heavy = figureHtml(figure, { includePlotly: true });
    const loaderStart = heavy.indexOf("<script");
    const loader = heavy
      .slice(loaderStart, heavy.indexOf("</script>", loaderStart))
      .replace(/^<script[^>]*>/, "");
    // A page with Node's own atob, Blob, Response and DecompressionStream (the browser's
    // API); running the appended <script> is simulated by recording its text and defining
    // window.Plotly, which is what the real bundle does last.
    const ran: string[] = [];
    const drawn: unknown[] = [];
    const fakePlotly = { newPlot: () => undefined };
    const context: Record<string, unknown> = {
      atob,
      Blob,
      Response,
      DecompressionStream,
      Uint8Array,
      console: { error: (...args: unknown[]) => assert.fail(String(args)), warn: () => undefined },
      document: {
        createElement: () => ({ text: "" }),
        head: {
          appendChild: (script: { text: string }) => {
            ran.push(script.text);
            context.Plotly = fakePlotly;
          },
          removeChild: () => undefined,
        },
      },
      rnnJacobianPlotlyQueue: [(plotly: unknown) => drawn.push(plotly)],
    };
    context.window = context;
    vm.createContext(context);
    vm.runInContext(loader, context);
    assert.equal(context.rnnJacobianPlotlyLoading, true, "loading, not yet run");
    // A second copy of the loader (a second notebook on the page) does not load it again.
    vm.runInContext(loader, context);
    for (let i = 0; i < 500 && ran.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ran.length, 1);
    const bundle = readFileSync(PLOTLY_BUNDLE, "utf8");
    assert.equal(
      ran[0],
      `(function (define, module, exports, require) {\n${bundle}\n}).call(window);`,
    );
    assert.deepEqual(drawn, [fakePlotly], "the queued figure is drawn once plotly.js is there");
    assert.equal(context.rnnJacobianPlotlyLoading, false);
  });

  it("cannot be cut short by a </script> inside the bundle or the data", () => {
    const heavy = figureHtml(figure, { includePlotly: true });
    // Only our own closing tags contain "</": two </script> and two </div>. (The bundle does
    // contain "</", but it travels as base64.)
    assert.equal(countOf(heavy, "</"), 4);
    assert.equal(countOf(heavy, "</script>"), 2);
    assert.ok(countOf(readFileSync(PLOTLY_BUNDLE, "utf8"), "</") > 0);
    assert.equal(countOf(light, "<script>alert"), 0);
    // The escaped spec still parses as JavaScript and carries the hover text unchanged.
    const spec = /var spec = (.*);\n/.exec(figureScript(light))![1];
    const parsed = JSON.parse(spec) as { data: { text: string[][] }[] };
    assert.equal(parsed.data[0].text[0][0], "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("is pure and validates its arguments", () => {
    assert.equal(figureHtml(figure, { includePlotly: false }), light);
    assert.throws(
      () => figureHtml({} as never, { includePlotly: false }),
      /figure must be a Figure/,
    );
    assert.throws(
      () => figureHtml(figure, {} as never),
      /options\.includePlotly must be true or false/,
    );
    assert.throws(
      () => figureHtml(figure, { includePlotly: false, domId: "a b" }),
      /options\.domId must match/,
    );
  });
});

/** Runs the figure's script against a fake page, as a browser would. */
function runInFakePage(html: string, newPlot: () => Promise<void>) {
  const image = { style: { display: "" } };
  const attributes = new Map<string, string>();
  const wrapperAttributes = new Map<string, string>();
  const div = {
    parentNode: {
      querySelector: (selector: string) => (selector === "img.rnn-jacobian-static" ? image : null),
      setAttribute: (k: string, v: string) => void wrapperAttributes.set(k, v),
    },
    getAttribute: (k: string) => attributes.get(k) ?? null,
    setAttribute: (k: string, v: string) => void attributes.set(k, v),
  };
  const errors: unknown[] = [];
  const calls: unknown[][] = [];
  const plotly = {
    newPlot: (...args: unknown[]) => {
      calls.push(args);
      return newPlot();
    },
    purge: () => undefined,
  };
  const context: Record<string, unknown> = {
    document: { getElementById: (id: string) => (id === "fig-test-live" ? div : null) },
    console: { error: (...args: unknown[]) => errors.push(args) },
  };
  context.window = context;
  vm.createContext(context);
  vm.runInContext(figureScript(html), context);
  return { context, plotly, image, attributes, wrapperAttributes, errors, calls };
}

describe("the figure's script", () => {
  const html = figureHtml(figure, { includePlotly: false });

  it("draws at once when Plotly is loaded, then hides the static image", async () => {
    const page = runInFakePage(html, () => Promise.resolve());
    assert.equal(page.calls.length, 0);
    // Plotly arrives after the figure: the drawing waits in the queue.
    const queue = page.context.rnnJacobianPlotlyQueue as ((p: unknown) => void)[];
    assert.equal(queue.length, 1);
    queue[0](page.plotly);
    assert.equal(page.calls.length, 1);
    const spec = page.calls[0][1] as { data: { type: string }[] };
    assert.equal(spec.data[0].type, "heatmap");
    assert.equal(page.image.style.display, "", "the image stays until the plot has rendered");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(page.image.style.display, "none");
    assert.equal(page.wrapperAttributes.get("data-rnn-jacobian-rendered"), "live");
    queue[0](page.plotly);
    assert.equal(page.calls.length, 1, "a figure is drawn once");
  });

  it("keeps the static image when plotting fails", async () => {
    const page = runInFakePage(html, () => Promise.reject(new Error("boom")));
    (page.context.rnnJacobianPlotlyQueue as ((p: unknown) => void)[])[0](page.plotly);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(page.image.style.display, "");
    assert.equal(page.attributes.get("data-rnn-jacobian-drawn"), "failed");
    assert.equal(page.errors.length, 1);
  });
});

describe("showFigure", () => {
  it("inlines plotly.js in the first figure of a session only", () => {
    const { sink, sent } = recordingSink();
    setDisplaySink(sink);
    showFigure(figure);
    showFigure(other);
    assert.equal(sent.html.length, 2);
    assert.equal(countOf(sent.html[0], PLOTLY_HEADER), 1);
    assert.equal(countOf(sent.html[1], PLOTLY_HEADER), 0);
    assert.ok(sent.html[1].includes('data-rnn-jacobian-figure="fig-second"'));
    setDisplaySink(sink);
    showFigure(other);
    assert.equal(
      countOf(sent.html[2], PLOTLY_HEADER),
      1,
      "a new sink is a new page: the bundle again",
    );
    showFigure(other, { includePlotly: true });
    assert.equal(countOf(sent.html[3], PLOTLY_HEADER), 1, "includePlotly forces it");
  });

  it("gives every display its own div id", () => {
    const { sink, sent } = recordingSink();
    setDisplaySink(sink);
    showFigure(other);
    showFigure(other);
    const ids = sent.html.map((h) => /class="rnn-jacobian-live" id="([^"]+)"/.exec(h)![1]);
    assert.notEqual(ids[0], ids[1]);
    assert.ok(ids.every((id) => id.startsWith("fig-second-")));
  });

  it("does not count the bundle as sent when the display fails", () => {
    const { sink, sent } = recordingSink();
    let ready = false;
    setDisplaySink({
      ...sink,
      html: (html) => {
        if (!ready) throw new Error("Not ready");
        sink.html(html);
      },
    });
    assert.throws(() => showFigure(figure), /showFigure must run inside a tslab kernel/);
    ready = true;
    showFigure(other);
    assert.equal(countOf(sent.html[0], PLOTLY_HEADER), 1, "the next figure carries the bundle");
  });

  it("explains the error outside a kernel with tslab's own display", () => {
    assert.throws(() => showFigure(other), /showFigure must run inside a tslab kernel/);
    assert.throws(() => showLatex("x"), /showLatex must run inside a tslab kernel/);
  });

  it("rejects things that are not figures", () => {
    setDisplaySink(recordingSink().sink);
    assert.throws(() => showFigure({ id: "x" } as never), /figure must be a Figure/);
  });
});

describe("showLatex and showMarkdown", () => {
  it("wraps bare TeX in $$ and passes delimited TeX through", () => {
    const { sink, sent } = recordingSink();
    setDisplaySink(sink);
    showLatex("\\begin{bmatrix} a \\end{bmatrix}");
    showLatex("$x$");
    showMarkdown("**bold** $x$");
    assert.deepEqual(sent.latex, ["$$\\begin{bmatrix} a \\end{bmatrix}$$", "$x$"]);
    assert.deepEqual(sent.markdown, ["**bold** $x$"]);
  });

  it("rejects empty text", () => {
    setDisplaySink(recordingSink().sink);
    assert.throws(() => showLatex(" "), /tex must be a non-empty string/);
    assert.throws(() => showMarkdown(""), /markdown must be a non-empty string/);
  });
});
