// The parameter sweep (see scripts/sweep.mjs): each notebook run again with the parameter sets in
// test/sweep/<notebook>.json injected after its parameters cell. Every set must run to the end;
// every refusal must stop in the cell that checks the parameters, saying why.
//
// `npm run test:sweep` runs every set (RNN_JACOBIAN_SWEEP=full); `npm test` runs the sets marked
// "quick" and every refusal.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { prepareJupyter } from "../../scripts/jupyter.mjs";
import {
  declaredParameters,
  injectParameters,
  parametersCellIndex,
  readSweepFile,
  runSweepEntry,
  sweepPlan,
} from "../../scripts/sweep.mjs";
import { listNotebooks, notebookName, readNotebook } from "../../scripts/notebooks.mjs";

const full = process.env.RNN_JACOBIAN_SWEEP === "full";
const notebooks = listNotebooks();

describe("every notebook is a playground: a parameters cell and a sweep file", () => {
  for (const path of notebooks) {
    const name = notebookName(path);
    it(`${name}: a code cell tagged "parameters" declaring each parameter with let`, () => {
      const notebook = readNotebook(path);
      assert.ok(parametersCellIndex(notebook) >= 0, `${name} has no cell tagged "parameters"`);
      assert.ok(declaredParameters(notebook).length > 0, `${name}'s parameters cell has no let`);
    });

    it(`${name}: test/sweep/${name}.json names only declared parameters`, () => {
      const spec = readSweepFile(name);
      assert.ok(spec, `test/sweep/${name}.json is missing`);
      const declared = declaredParameters(readNotebook(path));
      for (const entry of [...spec.sets, ...spec.refusals]) {
        const unknown = Object.keys(entry.values).filter((key) => !declared.includes(key));
        assert.deepEqual(unknown, [], `${name}: ${JSON.stringify(entry)} sets undeclared names`);
      }
      assert.ok(spec.sets.length > 0, `${name}: no parameter sets`);
      assert.ok(
        spec.sets.some((set: { quick?: boolean }) => set.quick === true),
        `${name}: no set marked "quick" (those run in npm test)`,
      );
      assert.ok(spec.refusals.length > 0, `${name}: no refusal (an out-of-range choice)`);
    });
  }
});

describe(
  `the sweep (${full ? "every set" : "quick sets and refusals"})`,
  { concurrency: 2 },
  () => {
    let env: NodeJS.ProcessEnv;
    before(() => {
      env = prepareJupyter().env;
    });

    sweepPlan({ quick: !full }).forEach((entry, index) => {
      const what = entry.refusal === undefined ? "runs" : "is refused";
      it(
        `${entry.notebook} ${entry.name} ${JSON.stringify(entry.values)} ${what}`,
        {
          timeout: 10 * 60_000,
        },
        async () => {
          const result = await runSweepEntry(entry, env, index);
          assert.ok(result.ok, `${entry.notebook} ${entry.name}: ${result.problem}`);
        },
      );
    });
  },
);

describe("injecting a parameter set", () => {
  const notebook = {
    cells: [
      { cell_type: "code", metadata: { tags: ["parameters"] }, source: "let n = 2; // 1–4\n" },
      { cell_type: "code", metadata: {}, source: "check(n);" },
    ],
  };

  it("puts one cell of assignments right after the parameters cell", () => {
    const { notebook: injected, injectedIndex } = injectParameters(notebook, { n: 3 });
    assert.equal(injectedIndex, 1);
    assert.equal(injected.cells.length, 3);
    assert.equal((injected.cells[1] as { source: string }).source, "n = 3;");
  });

  it("refuses a name the parameters cell does not declare", () => {
    assert.throws(
      () => injectParameters(notebook, { m: 3 }, "x"),
      /declares no m \(it declares n\)/,
    );
  });
});
