// `npm run handout`: the one-page sheet to keep, build/handout/handout.pdf (A4, exactly one page),
// printed by Chromium from build/handout/handout.html. The notation sheet, the four readings of
// eq. (5) (the figure is computed and checked as the deck's are, scripts/lecture-figures.mjs), and
// the complete list of common mistakes. Formulas are rendered to SVG at build time.
import { Buffer } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { buildFigure } from "./lecture-figures.mjs";
import { mathCss, texToSvg } from "./lecture-math.mjs";
import { parseCommandLine, runScript } from "./command-line.mjs";
import { checkOutputFolder, prepareOutputFolder } from "./output-folder.mjs";
import { inlineHtml } from "./lecture-source.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const HANDOUT_DIR = join(root, "build", "handout");
const SOURCE = join(root, "lecture", "handout.md");

/** Counts the pages of a PDF by its page objects (`/Type /Page`, not `/Pages`). */
export function countPdfPages(bytes) {
  const text = Buffer.from(bytes).toString("latin1");
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/**
 * The handout's text (lecture/handout.md): `# title`, `## section` headings, `|`-rows of the
 * notation table and `- ` items of the mistakes, with $…$ formulas; `@figure` marks the figure.
 */
function handoutHtml(source, figureSvg) {
  const math = (tex, display) => texToSvg(tex, display);
  const out = [];
  let table = [];
  let list = [];
  const flush = () => {
    if (table.length) {
      const [head, ...rows] = table;
      const cells = (row, tag) =>
        row.map((c) => `<${tag}>${inlineHtml(c, math)}</${tag}>`).join("");
      out.push(
        `<table><thead><tr>${cells(head, "th")}</tr></thead><tbody>` +
          rows.map((r) => `<tr>${cells(r, "td")}</tr>`).join("") +
          `</tbody></table>`,
      );
    }
    if (list.length)
      out.push(`<ol>${list.map((i) => `<li>${inlineHtml(i, math)}</li>`).join("")}</ol>`);
    table = [];
    list = [];
  };
  for (const raw of source.replace(/<!--[\s\S]*?-->/g, "").split("\n")) {
    const line = raw.trim();
    if (line.startsWith("|")) {
      if (/^\|[\s|:-]+\|$/.test(line)) continue;
      table.push(
        line
          .slice(1, -1)
          .split("|")
          .map((c) => c.trim()),
      );
    } else if (line.startsWith("- ")) list.push(line.slice(2));
    else if (list.length && line && !line.startsWith("#") && !line.startsWith("@")) {
      list[list.length - 1] += ` ${line}`;
    } else {
      flush();
      if (line.startsWith("# ")) out.push(`<h1>${inlineHtml(line.slice(2), math)}</h1>`);
      else if (line.startsWith("## ")) out.push(`<h2>${inlineHtml(line.slice(3), math)}</h2>`);
      else if (line === "@figure") out.push(`<div class="figure">${figureSvg}</div>`);
      else if (line) out.push(`<p>${inlineHtml(line, math)}</p>`);
    }
  }
  flush();
  return out.join("\n");
}

/** The figure's SVG for the page: its own title cut off (the caption above says it), full width. */
function pageFigure(svg) {
  const size = /^<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
  if (!size) throw new Error("the four-readings figure has no width/height");
  const [width, height] = [Number(size[1]), Number(size[2])];
  const titleYs = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="18"/g)]
    .map((m) => Number(m[1]))
    .filter((y) => y < 120);
  const top = titleYs.length ? Math.max(...titleYs) + 8 : 0;
  return svg
    .replace(/^<svg([^>]*)\swidth="\d+"/, "<svg$1")
    .replace(/^<svg([^>]*)\sheight="\d+"/, "<svg$1")
    .replace(/\sviewBox="[^"]*"/, ` viewBox="0 ${top} ${width} ${height - top}"`)
    .replace(/^<svg/, '<svg class="four-readings"');
}

const CSS = `
@page { size: A4; margin: 9mm 10mm; }
html { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; font-size: 12px; }
body { margin: 0; }
h1 { font-size: 19px; margin: 0 0 2px; color: #0b3c5d; }
h2 { font-size: 14.5px; margin: 8px 0 4px; color: #0b3c5d; }
p { margin: 2px 0 4px; line-height: 1.3; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbbbbb; padding: 2px 5px; text-align: left; vertical-align: middle; }
th { background: #eef3f7; }
td:first-child { font-weight: bold; width: 27%; }
ol { margin: 2px 0 0 20px; padding: 0; columns: 2; column-gap: 22px; }
li { margin: 0 0 4px; line-height: 1.28; break-inside: avoid; }
.figure { display: flex; justify-content: center; }
svg.four-readings { width: 100%; height: auto; }
.sources { font-size: 10.5px; color: #444444; margin-top: 6px; }
${mathCss()}
`;

export async function buildHandout(outputDir = HANDOUT_DIR) {
  // Refuse a bad output folder before the figure is computed, not after.
  checkOutputFolder(outputDir, { script: "handout", inputs: [SOURCE] });
  const { figure, claims } = buildFigure("fourReadings");
  for (const c of claims) console.log(`  figure fourReadings: checked — ${c}`);
  const body = handoutHtml(readFileSync(SOURCE, "utf8"), pageFigure(figure.staticSvg));
  const out = prepareOutputFolder(outputDir, { script: "handout", inputs: [SOURCE] });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The one-step Jacobian: the sheet to keep</title><style>${CSS}</style></head>
<body>${body}</body></html>
`;
  const htmlPath = join(out, "handout.html");
  writeFileSync(htmlPath, html);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlPath).href);
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    const pages = countPdfPages(pdf);
    if (pages !== 1) {
      throw new Error(`the handout prints on ${pages} pages, not 1: shorten lecture/handout.md`);
    }
    writeFileSync(join(out, "handout.pdf"), pdf);
  } finally {
    await browser.close();
  }
  return { out, pdf: join(out, "handout.pdf"), html: htmlPath };
}

const usage = "usage: npm run handout [-- --out DIR]   (default build/handout)";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  void runScript("handout", async () => {
    const { out } = parseCommandLine(process.argv.slice(2), {
      script: "handout",
      usage,
      options: { out: { type: "string" } },
    });
    const { pdf } = await buildHandout(out ?? HANDOUT_DIR);
    console.log(`wrote ${pdf} (one A4 page)`);
  });
}
