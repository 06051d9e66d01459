// The figure style, checked on every figure a notebook shows: the figures are read back from the
// executed notebooks the notebook test wrote (build/test-notebooks/, see specs.ts), so nothing
// runs twice and the library carries no test hook; `lintFigure` (lint.ts) then checks each spec
// (titles, widths, fonts, shared colour ranges, cell values that fit, log ticks, colours by
// meaning). The sample figures (samples.ts) are linted too, and drawn at projector size
// (1024×768) in headless Chromium into build/figures/.
//
// A notebook with no fresh executed copy there (the notebook test has not run since it or the
// library changed) is executed here first. RNN_JACOBIAN_NOTEBOOKS_DIR=<folder> lints another
// folder's notebooks. RNN_JACOBIAN_FIGURES_SKIP_NOTEBOOKS=1 lints only the samples (no Jupyter).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { buildDir, prepareJupyter } from "../../scripts/jupyter.mjs";
import {
  executeNotebook,
  expectedOutputs,
  selectedNotebooks,
  mapLimited,
  notebookName,
  readNotebook,
  reusableExecution,
} from "../../scripts/notebooks.mjs";
import { lintFigure } from "./lint";
import { shownFigures } from "./specs";
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
    const notebooks = selectedNotebooks();
    const runDir = join(buildDir, "test-notebooks");
    let ran: Promise<Map<string, { ok: boolean; path: string; failure?: string }>>;

    before(() => {
      const { env } = prepareJupyter();
      type Run = { ok: boolean; path: string; failure?: string };
      ran = mapLimited(notebooks, 2, async (path: string): Promise<[string, Run]> => {
        const earlier = reusableExecution(path, runDir);
        if (earlier) return [path, { ok: true, path: earlier }];
        return [path, await executeNotebook(path, { outputDir: join(outDir, "notebooks"), env })];
      }).then((pairs) => new Map(pairs));
    });

    for (const path of notebooks) {
      const name = notebookName(path);
      it(`${name}: every figure follows the figure style`, { timeout: 20 * 60_000 }, async () => {
        const result = (await ran).get(path);
        assert.ok(result?.ok, `${name} did not run: ${result?.failure}`);
        const figures = shownFigures(readNotebook(result.path));
        assert.equal(
          figures.length,
          expectedOutputs(readNotebook(path)).figures,
          `${name}: figures read back from the outputs`,
        );
        const problems = figures.flatMap((figure) => lintFigure(figure));
        assert.deepEqual(problems, [], `${name}: ${figures.length} figures linted`);
      });
    }
  },
);
