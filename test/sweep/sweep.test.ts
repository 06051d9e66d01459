// The parameter sweep (see scripts/sweep.mjs): each notebook run again with the parameter sets in
// test/sweep/<notebook>.json injected after its parameters cell. Every set must run to the end;
// every refusal must stop in the cell that checks the parameters, saying why.
//
// `npm run test:sweep` runs every set (RNN_JACOBIAN_SWEEP=full); `npm test` runs the sets marked
// "quick" (one or two per notebook: the smallest size, or the activation under which a claim
// turns, where the notebook's text and checks take another branch) and every refusal. Each set
// runs in a fresh kernel, but for a notebook's first set, after which its refusals run in the same
// kernel (scripts/sweep.mjs, runSetAndRefusals).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { prepareJupyter } from "../../scripts/jupyter.mjs";
import {
  declaredParameters,
  injectParameters,
  parametersCellIndex,
  readSweepFile,
  refusalsByNotebook,
  runSetAndRefusals,
  runSweepEntry,
  sweepPlan,
} from "../../scripts/sweep.mjs";
import { notebookName, selectedNotebooks, readNotebook } from "../../scripts/notebooks.mjs";
import { limiter } from "../limit";

const full = process.env.RNN_JACOBIAN_SWEEP === "full";
// A test's time includes its wait for one of the two execution slots: generous, so that a
// loaded machine does not fail a run that is merely queued.
const timeout = 40 * 60_000;
const notebooks = selectedNotebooks();

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
  { concurrency: true },
  () => {
    let env: NodeJS.ProcessEnv;
    // Each run is a Python nbclient and a Node kernel: two at a time, whichever test asks.
    const slots = limiter(2);
    before(() => {
      env = prepareJupyter().env;
    });

    const plan = sweepPlan({ quick: !full });
    // A notebook's first set and its refusals share one kernel: the set runs to the end, then
    // each refusal runs the parameters and check cells again (runSetAndRefusals).
    const shared = new Map<string, () => ReturnType<typeof runSetAndRefusals>>();
    for (const group of refusalsByNotebook(plan)) {
      const first = plan.find((e) => e.notebook === group[0].notebook && e.refusal === undefined);
      let run: ReturnType<typeof runSetAndRefusals> | undefined;
      shared.set(
        group[0].notebook,
        () => (run ??= slots(() => runSetAndRefusals(first, group, env))),
      );
    }
    plan.forEach((entry, index) => {
      if (entry.refusal !== undefined) return;
      const withRefusals = plan.find((e) => e.notebook === entry.notebook && !e.refusal) === entry;
      const sharedRun = withRefusals ? shared.get(entry.notebook) : undefined;
      it(
        `${entry.notebook} ${entry.name} ${JSON.stringify(entry.values)} runs`,
        { timeout },
        async () => {
          const result = sharedRun
            ? (await sharedRun()).set!
            : await slots(() => runSweepEntry(entry, env, index));
          assert.ok(result.ok, `${entry.notebook} ${entry.name}: ${result.problem}`);
        },
      );
    });

    for (const group of refusalsByNotebook(plan)) {
      const results = shared.get(group[0].notebook)!;
      group.forEach((entry, k) => {
        it(
          `${entry.notebook} ${entry.name} ${JSON.stringify(entry.values)} is refused`,
          { timeout },
          async () => {
            const result = (await results()).refusals[k];
            assert.ok(result.ok, `${entry.notebook} ${entry.name}: ${result.problem}`);
          },
        );
      });
    }
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
