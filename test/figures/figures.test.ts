// The figure style, checked on every figure a notebook produces: each notebook runs in the
// tslab kernel (through Jupyter, as test/notebooks does) with RNN_JACOBIAN_FIGURE_LOG set, so
// every figure builder appends the spec it returns to a JSON-lines file; `lintFigure` (lint.ts)
// then checks each spec (titles, widths, fonts, shared colour ranges, cell values that fit, log
// ticks, colours by meaning). The sample figures (samples.ts) are linted too, and drawn at projector
// size (1024×768) in headless Chromium into build/figures/.
//
// RNN_JACOBIAN_NOTEBOOKS_DIR=<folder> lints another folder's notebooks.
// RNN_JACOBIAN_FIGURES_SKIP_NOTEBOOKS=1 lints only the samples (quick, no Jupyter).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { buildDir, prepareJupyter } from "../../scripts/jupyter.mjs";
import {
  executeNotebook,
  listNotebooks,
  mapLimited,
  notebookName,
  notebooksDirectory,
} from "../../scripts/notebooks.mjs";
import { FIGURE_LOG_VARIABLE } from "../../src/notebook/plots/figure";
import { LintableFigure, lintFigure } from "./lint";
import { sampleFigures } from "./samples";
import { screenshotFigures } from "./screenshots";

const outDir = join(buildDir, "figures");

describe("the sample figures", () => {
  const figures = sampleFigures();

  it("follow the figure style", () => {
    const problems = figures.flatMap((figure) => lintFigure(figure));
    assert.deepEqual(problems, []);
  });

  it(
    "draw at projector size (1024×768), live and static, without overflowing the output area",
    { timeout: 10 * 60_000 },
    async () => {
      const key = ["sample-04-numerator", "sample-07-band", "sample-08-bounds", "sample-recap"];
      const shots = await screenshotFigures(
        figures.filter((f) => key.includes(f.id)),
        join(outDir, "projector"),
      );
      assert.equal(shots.length, key.length);
      for (const shot of shots) {
        assert.ok(existsSync(shot.live) && existsSync(shot.static), `${shot.id}: screenshots`);
        assert.equal(shot.liveOverflow, false, `${shot.id}: the live figure is cut off`);
      }
    },
  );
});

describe(
  "every figure the notebooks build",
  { skip: process.env.RNN_JACOBIAN_FIGURES_SKIP_NOTEBOOKS === "1" },
  () => {
    const notebooks = listNotebooks(notebooksDirectory());
    const logs = new Map<string, string>();
    let ran: Promise<Map<string, { ok: boolean; failure?: string }>>;

    before(() => {
      const { env } = prepareJupyter();
      const logDir = join(outDir, "specs");
      rmSync(logDir, { recursive: true, force: true });
      mkdirSync(logDir, { recursive: true });
      for (const path of notebooks) {
        logs.set(path, join(logDir, `${notebookName(path)}.jsonl`));
      }
      ran = mapLimited(notebooks, 2, async (path: string) => {
        const result = await executeNotebook(path, {
          outputDir: join(outDir, "notebooks"),
          env: { ...env, [FIGURE_LOG_VARIABLE]: logs.get(path) },
        });
        return [path, result] as const;
      }).then((pairs) => new Map(pairs));
    });

    for (const path of notebooks) {
      const name = notebookName(path);
      it(`${name}: every figure follows the figure style`, { timeout: 20 * 60_000 }, async () => {
        const result = (await ran).get(path);
        assert.ok(result?.ok, `${name} did not run: ${result?.failure}`);
        const log = logs.get(path) as string;
        const figures: LintableFigure[] = existsSync(log)
          ? readFileSync(log, "utf8")
              .split("\n")
              .filter((line) => line.trim())
              .map((line) => JSON.parse(line))
          : [];
        const problems = figures.flatMap((figure) => lintFigure(figure));
        assert.deepEqual(problems, [], `${name}: ${figures.length} figures linted`);
      });
    }
  },
);
