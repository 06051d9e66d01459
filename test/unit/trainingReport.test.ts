import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  exactSignTest,
  readStoredSweep,
  sweepLossesFigure,
  trainingOutcome,
  writeStoredSweep,
} from "../../src/notebook/trainingReport";
import { lintFigure } from "../figures/lint";

describe("trainingOutcome", () => {
  it("learned below 10% of the baseline, no memory above 50%, partly between", () => {
    assert.equal(trainingOutcome(0.04, 0.5), "learned");
    assert.equal(trainingOutcome(0.05, 0.5), "partly");
    assert.equal(trainingOutcome(0.25, 0.5), "partly");
    assert.equal(trainingOutcome(0.26, 0.5), "no memory");
  });
  it("refuses a NaN loss or a baseline ≤ 0, naming both", () => {
    assert.throws(() => trainingOutcome(NaN, 0.5), /loss NaN, baseline 0\.5/);
    assert.throws(() => trainingOutcome(0.1, 0), /baseline 0/);
  });
});

describe("exactSignTest", () => {
  it("matches the binomial tail by hand", () => {
    // 2 P(X ≤ 1), X ~ Bin(6, 1/2) = 2 (1 + 6) / 64
    assert.equal(exactSignTest(5, 1), (2 * 7) / 64);
    assert.equal(exactSignTest(1, 5), (2 * 7) / 64);
    // 2 P(X ≤ 0), X ~ Bin(10, 1/2)
    assert.equal(exactSignTest(10, 0), 2 / 1024);
  });
  it("is 1 for an even split or no split", () => {
    assert.equal(exactSignTest(3, 3), 1);
    assert.equal(exactSignTest(0, 0), 1);
  });
  it("refuses a negative or fractional count", () => {
    assert.throws(() => exactSignTest(-1, 2), /a must be an integer ≥ 0, got -1/);
    assert.throws(() => exactSignTest(1, 0.5), /b must be an integer ≥ 0, got 0\.5/);
  });
});

describe("the stored sweep", () => {
  const dir = mkdtempSync(join(tmpdir(), "sweep-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "sweep.json");
  const rows = [1, 2, 3].map((seed) => ({ seed, correct: seed / 10, printed: seed / 5 }));
  it("reads back what was written, for the same settings and enough seeds only", () => {
    assert.equal(readStoredSweep(file, { a: 1 }, 2), undefined, "no file yet");
    writeStoredSweep(file, { a: 1 }, rows);
    assert.deepEqual(readStoredSweep(file, { a: 1 }, 2), rows.slice(0, 2));
    assert.equal(readStoredSweep(file, { a: 2 }, 2), undefined, "other settings");
    assert.equal(readStoredSweep(file, { a: 1 }, 4), undefined, "too few seeds");
  });
});

describe("sweepLossesFigure", () => {
  const rows = [1, 2, 3].map((seed) => ({ seed, correct: 0.01 * seed, printed: 0.2 }));
  it("marks the shown seed when it is in the sweep, and says so when it is not", () => {
    const marked = sweepLossesFigure(rows, 0.5, 2);
    assert.match(marked.title, /seed 2, the run above, marked/);
    assert.equal(marked.data.filter((t) => String(t.name).startsWith("seed 2")).length, 1);
    assert.deepEqual(lintFigure(marked), []);
    const absent = sweepLossesFigure(rows, 0.5, 9);
    assert.match(absent.title, /is not among them/);
  });
});
