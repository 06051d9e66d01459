// The fault list of `npm run test:faults` stays in step with the library: every fault's text
// occurs exactly once in its file and changes it. (The faults themselves, each run against every
// notebook and unit test, take minutes: `npm run test:faults`.)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFault, failingTests, readFaults, stoppingReason } from "../../scripts/faults.mjs";

describe("the injected faults of npm run test:faults", () => {
  const faults = readFaults();

  for (const fault of faults) {
    it(`${fault.id} (${fault.description}) applies to ${fault.file} exactly once`, () => {
      assert.notEqual(fault.find, fault.replace, `${fault.id} changes nothing`);
      assert.doesNotThrow(() => applyFault(fault));
    });
  }

  it("a fault whose text is not in its file is reported as such", () => {
    const ghost = { ...faults[0], id: "ghost", find: "text that is in no file \u0000" };
    assert.throws(() => applyFault(ghost), /occurs 0 times in/);
  });

  it("reads failing leaf tests from TAP and the failed claim from a notebook failure", () => {
    const tap = [
      "# Subtest: suite",
      "    not ok 1 - leaf fails",
      "      ---",
      "      failureType: 'testCodeFailure'",
      "not ok 1 - suite",
      "  ---",
      "  failureType: 'subtestsFailed'",
    ].join("\n");
    assert.deepEqual(failingTests(tap), ["leaf fails"]);
    assert.equal(
      stoppingReason(
        'cell 4 failed:\n  claim("claim failed: ${what}")\nit printed:\n  ClaimError: claim failed: x = y (z)',
      ),
      "claim failed: x = y (z)",
    );
  });
});
