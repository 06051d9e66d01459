// The lab's checkers (explore/lab/checkers.ts), in Node, on the notebooks' own exercises: each
// notebook's solution passes the page's check; each typical wrong answer of
// test/teaching/wrong-answers.json is reported with its named message, as in the notebook; the
// build refuses an exercise without a checker. Student code is compiled with sucrase, as the
// page's worker does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { transform } from "sucrase";
import { CHECKERS } from "../../explore/lab/checkers";
import { assertCheckable, extractExercises } from "../../scripts/explore.mjs";
import { findRegions, replaceRegions } from "../../scripts/exercises-regions.mjs";
import { useBackend } from "../../src/oracle/backend";

interface WrongAnswer {
  name: string;
  body: string[];
  message: string;
}
const wrongAnswers: Record<string, WrongAnswer[]> = JSON.parse(
  readFileSync(join(__dirname, "..", "teaching", "wrong-answers.json"), "utf8"),
);
const cells = extractExercises();

/** Runs a cell as the worker does and judges it with the page's checker for `id`. */
function judge(id: string, code: string): string {
  const check = CHECKERS[id].prepare();
  const compiled = transform(code, { transforms: ["typescript"] }).code;
  const value = new Function("args", `"use strict";\n${compiled}\nreturn (${check.call})(args);`)(
    check.args,
  );
  return check.judge(value);
}

/** The notebook's cell with region `id` replaced by `body`. */
function withBody(source: string, id: string, body: string[]) {
  const regions = findRegions(source, "exercise cell");
  return replaceRegions(source, regions, (r) => (r.id === id ? body : r.body));
}

describe("the lab's checkers on the notebooks' exercises", () => {
  before(async () => {
    await useBackend("cpu");
  });

  it("the notebooks hold exercises, and every one has a checker", () => {
    assert.ok(cells.length > 0, "no exercise cells found in the notebooks");
    assertCheckable(
      cells,
      Object.fromEntries(Object.values(CHECKERS).map((c) => [c.id, c.functionName])),
    );
  });

  it("the build refuses an exercise without a checker, naming it", () => {
    const fake = { ...cells[0], exercises: [{ id: "99.1", message: "x" }] };
    assert.throws(() => assertCheckable([fake], {}), /exercise 99\.1 .* has no checker/);
    assert.throws(
      () => assertCheckable([cells[0]], { [cells[0].exercises[0].id]: "notDeclared" }),
      /calls notDeclared\(\), which the cell does not declare/,
    );
  });

  for (const cell of cells) {
    for (const { id } of cell.exercises) {
      it(`exercise ${id}: the solution passes, the student version does not`, () => {
        assert.match(judge(id, cell.solution), /^✓ /);
        assert.throws(
          () => judge(id, cell.code),
          new RegExp(`Exercise ${id.replace(".", "\\.")}:`),
        );
      });
      for (const wrong of wrongAnswers[id] ?? []) {
        it(`exercise ${id}: "${wrong.name}" is reported as such`, () => {
          assert.throws(
            () => judge(id, withBody(cell.source, id, wrong.body)),
            (error: Error) => {
              assert.equal(error.name, "ClaimError");
              assert.ok(
                error.message.includes(wrong.message),
                `expected "${wrong.message}" in: ${error.message}`,
              );
              return true;
            },
          );
        });
      }
    }
  }
});
