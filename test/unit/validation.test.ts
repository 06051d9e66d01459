import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { autodiffJacobianOverTime, autodiffStepJacobian } from "../../src/oracle/autodiff";
import { useBackend } from "../../src/oracle/backend";
import { jacobianForm, sigmaPrimeAt, stepJacobian } from "../../src/checked/jacobians";
import { describeEntry } from "../../src/notebook/symbolic";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../../src/oracle/finiteDifferences";
import {
  RNNSpec,
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../../src/checked/network";
import { verify } from "../../src/tools/verify";
import { Matrix, Vector } from "../../src/shared/validate";
import { productsOverTime } from "../../src/fast/products";

// Bad values are passed through `unknown` on purpose: these are the calls a JavaScript user or a
// notebook cell can make, which TypeScript would otherwise refuse to compile.
const bad = <T>(value: unknown): T => value as T;

const W: Matrix = [
  [0.5, -0.2],
  [0.1, 0.4],
];
const rnn = createRNN({ wRec: W, wIn: [[1], [-1]], b: [0, 0.1] });
const u: Matrix = [[0.3], [-0.1], [0.2]];
const x0: Vector = [0.2, -0.4];
const states = forward(rnn, u, x0);

/** Every function that runs the network on (u, x0). */
const SEQUENCE_CALLS: [string, (u: Matrix, x0: Vector) => unknown][] = [
  ["forward", (uu, xx) => forward(rnn, uu, xx)],
  ["autodiffJacobianOverTime", (uu, xx) => autodiffJacobianOverTime(rnn, uu, xx, 0, 1)],
  [
    "finiteDifferenceJacobianOverTime",
    (uu, xx) => finiteDifferenceJacobianOverTime(rnn, uu, xx, 0, 1),
  ],
];

/** Every function taking a state x⁽ⁱ⁻¹⁾. */
const STATE_CALLS: [string, (x: Vector) => unknown][] = [
  ["stepJacobian", (x) => stepJacobian(rnn, x, "numerator")],
  ["sigmaPrimeAt", (x) => sigmaPrimeAt(rnn, x)],
  ["autodiffStepJacobian", (x) => autodiffStepJacobian(rnn, x)],
  ["stepJacobian (paper)", (x) => stepJacobian(rnn, x, "paper")],
  ["finiteDifferenceStepJacobian", (x) => finiteDifferenceStepJacobian(rnn, x)],
];

/** Every function taking (W_rec, σ′). */
const FORM_CALLS: [string, (w: Matrix, s: Vector) => unknown][] = [
  ["jacobianForm (numerator)", (w, s) => jacobianForm(w, s, "numerator")],
  ["jacobianForm (denominator)", (w, s) => jacobianForm(w, s, "denominator")],
  ["jacobianForm (paper)", (w, s) => jacobianForm(w, s, "paper")],
];

describe("bad input: every error names the argument and the shapes or values", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("a non-square W_rec", () => {
    assert.throws(
      () => createRNN({ wRec: [[1, 2]] }),
      /^RangeError: wRec must be square, got 1×2$/,
    );
    for (const [name, call] of FORM_CALLS) {
      assert.throws(
        () =>
          call(
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
            [1, 1],
          ),
        /wRec must be square, got 2×3/,
        name,
      );
    }
    assert.throws(
      () => createRNN({ wRec: [[1, 2], [3]] }),
      /wRec must be rectangular.*2 rows of lengths \[2, 1\]/,
    );
    assert.throws(() => createRNN({ wRec: [] }), /wRec must be a non-empty matrix/);
  });

  it("W_in, b and σ′ whose sizes disagree with W_rec", () => {
    assert.throws(
      () => createRNN({ wRec: W, wIn: [[1]] }),
      /^RangeError: wIn must have n = 2 rows to match wRec \(2×2\), got 1×1$/,
    );
    assert.throws(
      () => createRNN({ wRec: W, b: [1, 2, 3] }),
      /^RangeError: b must have length n = 2 \(wRec is 2×2\), got 3$/,
    );
    for (const [name, call] of FORM_CALLS) {
      assert.throws(
        () => call(W, [1, 2, 3]),
        /sigmaPrime must have length n = 2 \(wRec is 2×2\), got 3/,
        name,
      );
    }
  });

  it("u and x⁽⁰⁾ whose sizes disagree with the network", () => {
    for (const [name, call] of SEQUENCE_CALLS) {
      assert.throws(
        () => call([[1, 2]], x0),
        /u must be T×m with m = 1 inputs \(wIn is 2×1\), got 1×2/,
        name,
      );
      assert.throws(
        () => call(u, [1, 2, 3]),
        /x0 must have length n = 2 \(wRec is 2×2\), got 3/,
        name,
      );
    }
    for (const [name, call] of STATE_CALLS) {
      assert.throws(() => call([1]), /xPrevious must have length 2, got length 1/, name);
    }
    assert.throws(
      () => productsOverTime(rnn, [[1, 2, 3]], "numerator"),
      /states must be \(T\+1\)×n with n = 2 and T ≥ 1 \(x⁽⁰⁾ … x⁽ᵀ⁾\), got 1×3/,
    );
  });

  it("an empty sequence", () => {
    for (const [name, call] of SEQUENCE_CALLS) {
      assert.throws(
        () => call([], x0),
        /^RangeError: u must hold at least one time step, got an empty sequence$/,
        name,
      );
    }
    assert.throws(
      () => productsOverTime(rnn, [x0], "numerator"),
      /states must be \(T\+1\)×n with n = 2 and T ≥ 1 \(x⁽⁰⁾ … x⁽ᵀ⁾\), got 1×2/,
    );
  });

  it("NaN or ±Inf anywhere", () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      const text = String(value);
      const specs: [string, RNNSpec][] = [
        [
          "wRec[1][0]",
          {
            wRec: [
              [1, 0],
              [value, 1],
            ],
          },
        ],
        ["wIn[0][0]", { wRec: W, wIn: [[value], [1]] }],
        ["b[1]", { wRec: W, b: [0, value] }],
      ];
      for (const [where, spec] of specs) {
        const pattern = new RegExp(
          `${where.replace(/[[\]]/g, "\\$&")} must be a finite number, got ${text}`,
        );
        assert.throws(() => createRNN(spec), pattern);
      }
      for (const [name, call] of SEQUENCE_CALLS) {
        assert.throws(
          () => call([[0], [value]], x0),
          new RegExp(`u\\[1\\]\\[0\\] must be a finite number, got ${text}`),
          name,
        );
        assert.throws(
          () => call(u, [value, 0]),
          new RegExp(`x0\\[0\\] must be a finite number, got ${text}`),
          name,
        );
      }
      for (const [name, call] of STATE_CALLS) {
        assert.throws(
          () => call([0, value]),
          new RegExp(`xPrevious\\[1\\] must be a finite number, got ${text}`),
          name,
        );
      }
      for (const [name, call] of FORM_CALLS) {
        assert.throws(
          () => call(W, [value, 1]),
          new RegExp(`sigmaPrime\\[0\\] must be a finite number, got ${text}`),
          name,
        );
        assert.throws(
          () =>
            call(
              [
                [1, value],
                [0, 1],
              ],
              [1, 1],
            ),
          new RegExp(`wRec\\[0\\]\\[1\\] must be a finite number, got ${text}`),
          name,
        );
      }
      const badStates = [x0, [0, value]];
      assert.throws(
        () => productsOverTime(rnn, badStates, "paper"),
        /states\[1\]\[1\] must be a finite number/,
      );
      assert.throws(
        () => randomRNN({ n: 2, seed: 0, gain: value }),
        new RegExp(`gain must be a finite number, got ${text}`),
      );
      assert.throws(
        () => finiteDifferenceStepJacobian(rnn, x0, value),
        new RegExp(`h must be a finite number, got ${text}`),
      );
    }
    assert.throws(
      () => finiteDifferenceStepJacobian(rnn, x0, 0),
      /h must be a positive number, got 0/,
    );
    assert.throws(
      () => finiteDifferenceJacobianOverTime(rnn, u, x0, 0, 1, -1e-5),
      /h must be a positive number, got -0.00001/,
    );
  });

  it("k ≥ t, k < 0 or t > T, naming k, t and T", () => {
    for (const call of [autodiffJacobianOverTime, finiteDifferenceJacobianOverTime]) {
      for (const [k, t] of [
        [2, 2],
        [3, 1],
        [-1, 2],
        [0, 4],
      ]) {
        assert.throws(
          () => call(rnn, u, x0, k, t),
          new RegExp(
            `^RangeError: k and t must satisfy 0 ≤ k < t ≤ T \\(u has T = 3 steps\\), got k = ${k}, t = ${t}$`,
          ),
          call.name,
        );
      }
      assert.throws(() => call(rnn, u, x0, 0.5, 2), /k must be an integer, got 0.5/);
      assert.throws(() => call(rnn, u, x0, 0, bad<number>("2")), /t must be an integer, got "2"/);
    }
    assert.throws(
      () => productsOverTime(rnn, states, "numerator", 4),
      /t must be an integer in \[1, 3\] \(states has T = 3 steps\), got 4/,
    );
    assert.throws(
      () => productsOverTime(rnn, states, "numerator", 0),
      /t must be an integer in \[1, 3\] \(states has T = 3 steps\), got 0/,
    );
  });

  it("an unknown activation, form or reading", () => {
    const message = /activation must be one of tanh, sigmoid, linear, relu, got "softplus"/;
    assert.throws(() => createRNN({ wRec: W, activation: bad("softplus") }), message);
    assert.throws(() => randomRNN({ n: 2, seed: 0, activation: bad("softplus") }), message);
    assert.throws(() => verify({ activation: bad("softplus") }), message);
    const form = /form must be one of numerator, denominator, paper, got "transposed"/;
    assert.throws(() => stepJacobian(rnn, x0, bad("transposed")), form);
    assert.throws(() => jacobianForm(W, x0, bad("transposed")), form);
    assert.throws(() => productsOverTime(rnn, states, bad("transposed")), form);
    assert.throws(
      () => describeEntry({ reading: bad<"numerator">("numeratorish"), j: 0, k: 1, n: 2 }),
      /reading must be one of numerator, denominator, paperNumerator, paperDenominator, got "numeratorish"/,
    );
  });

  it("a non-integer or non-positive n (and steps, seed)", () => {
    for (const n of [0, -3, 2.5, NaN]) {
      const pattern = new RegExp(`^RangeError: n must be a positive integer, got ${n}$`);
      assert.throws(() => randomRNN({ n, seed: 0 }), pattern);
      assert.throws(() => randomState(n, 0), pattern);
      assert.throws(() => verify({ n }), pattern);
      assert.throws(
        () => describeEntry({ reading: "numerator", j: 0, k: 0, n: n }),
        /n must be a positive integer/,
      );
    }
    assert.throws(
      () => randomRNN({ n: bad("4"), seed: 0 }),
      /n must be a positive integer, got "4"/,
    );
    assert.throws(() => randomInputs(0, 1, 0), /steps must be a positive integer, got 0/);
    assert.throws(() => verify({ steps: 1.5 }), /steps must be a positive integer, got 1.5/);
    assert.throws(
      () => randomRNN({ n: 2, seed: 0.5 }),
      /seed must be an integer in \[0, 4294967295\], got 0.5/,
    );
    assert.throws(
      () => verify({ seed: 0.5 }),
      /seed must be an integer in \[0, 4294967295\], got 0.5/,
    );
    assert.throws(() => verify({ seed: 2 ** 32 }), /seed must be an integer in \[0, 4294967295\]/);
    assert.throws(
      () => verify({ symmetric: bad("yes") }),
      /symmetric must be true or false, got "yes"/,
    );
    assert.throws(
      () => describeEntry({ reading: "numerator", j: 2, k: 0, n: 2 }),
      /j must be an integer in \[0, 1\], got 2/,
    );
  });
});
