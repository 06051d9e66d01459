/**
 * Projector-size screenshots (1024×768, the common projector resolution) of figures, live
 * (plotly.js drawing the spec) and static (the SVG fallback), in headless Chromium. The page
 * mimics a notebook output area: a column of the classic Notebook's width at that window size,
 * so a figure that would be cut off in a notebook is cut off here too.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Figure } from "../../src/notebook/plots/figure";
import { launchChromium } from "../e2e/chromium";

/** The output area of the classic Notebook in a 1024 px wide window (container less prompt). */
export const OUTPUT_AREA_WIDTH = 800;

function basePage(plotlyPath: string): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<style>body { margin: 0; background: #eee; font-family: sans-serif }
.output { width: ${OUTPUT_AREA_WIDTH}px; margin-left: 112px; background: #fff; overflow-x: auto }
img { max-width: 100%; height: auto; display: block }</style></head><body>
<div class="output"><div id="live"></div></div>
<div class="output" style="margin-top: 8px"><img id="static"></div>
<script src="file://${plotlyPath}"></script>
</body></html>`;
}

export interface Screenshot {
  id: string;
  live: string;
  static: string;
  /** Whether the live figure is wider than the output area (it would be cut off). */
  liveOverflow: boolean;
}

/** Writes <outDir>/<id>-live.png and <id>-static.png for each figure at 1024×768. */
export async function screenshotFigures(figures: Figure[], outDir: string): Promise<Screenshot[]> {
  mkdirSync(outDir, { recursive: true });
  const plotlyPath = require.resolve("plotly.js-dist/plotly.js");
  const browser = await launchChromium();
  const shots: Screenshot[] = [];
  try {
    const tab = await browser.context.newPage();
    await tab.setViewportSize({ width: 1024, height: 768 });
    const html = join(outDir, "screenshot-page.html");
    writeFileSync(html, basePage(plotlyPath));
    await tab.goto(`file://${html}`, { timeout: 180_000 });
    await tab.waitForFunction(() => "Plotly" in window, undefined, { timeout: 180_000 });
    for (const figure of figures) {
      const spec = {
        data: figure.data,
        layout: figure.layout,
        ...(figure.frames ? { frames: figure.frames } : {}),
        config: { displaylogo: false },
      };
      const svg = `data:image/svg+xml;base64,${Buffer.from(figure.staticSvg).toString("base64")}`;
      const drawn = await tab.evaluate(
        async ({ spec, svg }) => {
          const w = window as unknown as {
            Plotly: {
              purge(d: HTMLElement): void;
              newPlot(d: HTMLElement, s: unknown): Promise<unknown>;
            };
          };
          const live = document.getElementById("live") as HTMLElement;
          w.Plotly.purge(live);
          const image = document.getElementById("static") as HTMLImageElement;
          image.src = svg;
          await image.decode();
          try {
            await w.Plotly.newPlot(live, spec);
            return "ok";
          } catch (error) {
            return String(error);
          }
        },
        { spec, svg },
      );
      if (drawn !== "ok") throw new Error(`${figure.id}: plotly failed: ${drawn}`);
      const live = join(outDir, `${figure.id}-live.png`);
      const still = join(outDir, `${figure.id}-static.png`);
      await tab.locator(".output").first().screenshot({ path: live });
      await tab.locator(".output").nth(1).screenshot({ path: still });
      const liveOverflow = await tab.evaluate(() => {
        const out = document.querySelector(".output") as HTMLElement;
        return out.scrollWidth > out.clientWidth;
      });
      shots.push({ id: figure.id, live, static: still, liveOverflow });
    }
  } finally {
    await browser.close();
  }
  return shots;
}
