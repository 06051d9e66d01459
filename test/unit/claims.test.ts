import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ClaimError,
  claim,
  claimClose,
  claimMatricesClose,
  claimMatricesDiffer,
  claimAnswer,
} from "../../src/notebook/claims";

describe("claims (what notebook cells assert)", () => {
  it("returns a ✓ line when the claim holds", () => {
    assert.equal(claim("two is even", 2 % 2 === 0), "✓ two is even");
    assert.match(
      claimClose("π ≈ 3.1416", Math.PI, 3.1416, 1e-4),
      /^✓ π ≈ 3\.1416 \(\|difference\| = /,
    );
  });

  it("throws a ClaimError naming the claim and the measurement when it does not", () => {
    assert.throws(() => claim("three is even", false, "3 mod 2 = 1"), {
      name: "ClaimError",
      message: "claim failed: three is even (3 mod 2 = 1)",
    });
    assert.throws(
      () => claimClose("1 ≈ 2", 1, 2, 0.5),
      (error: unknown) => {
        assert.ok(error instanceof ClaimError);
        assert.match(error.message, /claim failed: 1 ≈ 2 \(\|difference\| = 1\.00e\+0 > 0\.5\)/);
        return true;
      },
    );
  });

  it("treats a NaN gap as a failed claim, never as a pass", () => {
    assert.throws(() => claimClose("NaN ≈ 0", Number.NaN, 0, 1), ClaimError);
  });

  it("compares matrices element-wise, in both directions", () => {
    const a = [
      [1, 2],
      [3, 4],
    ];
    const b = [
      [1, 2],
      [3, 4.5],
    ];
    assert.match(claimMatricesClose("a ≈ a", a, a, 0), /^✓ a ≈ a \(max \|difference\| = 0\.00e\+0/);
    assert.throws(
      () => claimMatricesClose("a ≈ b", a, b, 0.1),
      /claim failed: a ≈ b \(max \|difference\| = 5\.00e-1/,
    );
    assert.match(claimMatricesDiffer("a ≠ b", a, b, 0.1), /^✓ a ≠ b/);
    assert.throws(() => claimMatricesDiffer("a ≠ a", a, a, 0.1), ClaimError);
  });

  it("rejects matrices of different shapes, naming both", () => {
    assert.throws(
      () => claimMatricesClose("shapes", [[1, 2]], [[1], [2]], 1),
      /actual 1×2 and expected 2×1/,
    );
  });
});

describe("claimAnswer", () => {
  const w = [
    [1, 2],
    [3, 4],
  ];
  const transposed = [
    [1, 3],
    [2, 4],
  ];
  const suspects = [{ value: transposed, explanation: "it uses W_kj (the transposed W)" }];

  it("accepts a right answer and returns a ✓ line", () => {
    assert.match(claimAnswer("W diag(σ′)", w, w, 1e-12, suspects), /^✓ W diag/);
  });

  it("names the typical mistake the answer matches", () => {
    assert.throws(
      () => claimAnswer("W diag(σ′)", transposed, w, 1e-12, suspects),
      /claim failed: W diag\(σ′\): it uses W_kj \(the transposed W\)/,
    );
  });

  it("reports the size of an error no suspect explains", () => {
    assert.throws(
      () =>
        claimAnswer(
          "W diag(σ′)",
          [
            [0, 0],
            [0, 0],
          ],
          w,
          1e-12,
          suspects,
        ),
      /max \|difference\| from the expected value = 4\.00e\+0/,
    );
  });

  it("reports a wrong shape, and numbers as numbers", () => {
    assert.throws(
      () => claimAnswer("entry", [[1]], w, 1e-9),
      /the answer is 1×1, the expected value is 2×2/,
    );
    assert.match(claimAnswer("entry", 0.5, 0.5 + 1e-12, 1e-9), /^✓ entry/);
    assert.throws(
      () => claimAnswer("entry", 2, 3, 1e-9, [{ value: 2, explanation: "σ′ on the wrong neuron" }]),
      /entry: σ′ on the wrong neuron/,
    );
  });

  it("does not blame a suspect that equals the right answer", () => {
    const symmetric = [
      [1, 2],
      [2, 1],
    ];
    assert.throws(
      () =>
        claimAnswer(
          "x",
          [
            [9, 9],
            [9, 9],
          ],
          symmetric,
          1e-9,
          [{ value: symmetric, explanation: "transposed" }],
        ),
      /max \|difference\|/,
    );
  });
});
