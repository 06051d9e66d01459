/**
 * The page's checker for each exercise of the notebooks, by id. Each builds a small seeded case,
 * says how to call the student's function on it (`call`, JavaScript run in the worker after the
 * student's cell), and judges the answer with the library's `checkExercise`, the notebooks' own
 * judge: the expected value comes from an independent computation (tfjs autodiff of the forward
 * pass, float64 finite differences, the library's float64 forward pass or its SVD), and
 * `checkExercise` builds the typical wrong answers from the case's inputs and names them (and a
 * 1-based index, a NaN, a wrong shape) with the notebooks' messages. The build refuses a notebook
 * exercise without a checker here, and the tests feed every typical wrong answer of
 * test/teaching/wrong-answers.json through these checkers.
 */
import { getActivation } from "../../src/checked/network";
import { stepJacobian } from "../../src/checked/jacobians";
import { forward, randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { autodiffLossGradients } from "../../src/consequences/backprop";
import { productBound } from "../../src/consequences/spectra";
import { euclideanNorm, spectralNorm, transposeMatrix } from "../../src/checked/norms";
import { checkExercise, type ExerciseGiven } from "../../src/notebook/exercises";
import { finiteDifferenceJacobianOverTime } from "../../src/oracle/finiteDifferences";
import { autodiffStepJacobian } from "../../src/oracle/autodiff";

type Matrix = number[][];

export interface PreparedCheck {
  /** Plain data handed to the worker as `args`. */
  args: unknown;
  /** A JavaScript function expression `(args) => outcome` that calls the student's function. */
  call: string;
  /** checkExercise's "✓ …" line, or throws its ClaimError naming the mistake. */
  judge(outcome: unknown): string;
}

export interface ExerciseChecker {
  id: string;
  /** The function the exercise cell declares and the check calls. */
  functionName: string;
  prepare(): PreparedCheck;
}

const maxAbs = (values: number[]) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const tanh = getActivation("tanh");
/** tanh and its derivative, written out for the worker (functions do not cross postMessage). */
const WORKER_TANH_PRIME = "(z) => 1 - Math.tanh(z) ** 2";

/**
 * The worker's outcome: `{ value }`, or `{ typeError }` when the student's function read past an
 * array's end (a 1-based index), which checkExercise explains; any other error (the cell's
 * "Exercise …" placeholder, a syntax slip) propagates and the page reports it as it stands.
 */
const guardedCall = (expression: string) =>
  `(a) => { try { return { value: (${expression})(a) }; } catch (error) { ` +
  `if (error instanceof TypeError) return { typeError: error.message }; throw error; } }`;

type Answer = Matrix | number;
function answerOf(outcome: unknown): Answer | (() => Answer) {
  const o = (outcome ?? {}) as { value?: unknown; typeError?: string };
  if (typeof o.typeError === "string") {
    const message = o.typeError;
    return () => {
      throw new TypeError(message);
    };
  }
  return o.value as Answer;
}

/** A check of exercise `id`: `expression` calls the student's function on `args`. */
const judged = (
  id: string,
  args: unknown,
  expression: string,
  given: ExerciseGiven,
): PreparedCheck => ({
  args,
  call: guardedCall(expression),
  judge: (outcome) => checkExercise(id, answerOf(outcome), given),
});

/** The seeded one-step case of notebooks 2–5: W, x⁽ⁱ⁻¹⁾, σ′ and autodiff's Jacobian. */
function stepCase(seed: number) {
  const net = randomRNN({ n: 4, seed, activation: "tanh" });
  const x = randomState(4, seed + 1);
  const s = x.map(tanh.derivative);
  const autodiff = autodiffStepJacobian(net, x);
  const tolerance = 1e-5 * tanh.gamma * maxAbs(net.wRec.flat());
  return { net, x, s, w: net.wRec, autodiff, tolerance };
}

const entryCall = (name: string) =>
  `(a) => a.w.map((_, j) => a.w.map((__, k) => ${name}(a.w, a.s, j, k)))`;

/** The seeded run of notebooks 3 and 9: the network, inputs, x⁽⁰⁾ and the states x⁽⁰⁾ … x⁽ᵀ⁾. */
function runCase(seed: number, T: number) {
  const net = randomRNN({ n: 3, seed, activation: "tanh" });
  const u = randomInputs(T, net.m, seed + 1);
  const x0 = randomState(3, seed + 2);
  return { net, u, x0, states: forward(net, u, x0) };
}

const checkers: ExerciseChecker[] = [
  {
    id: "1.1",
    functionName: "stateEntry",
    prepare() {
      const n = 3;
      const net = randomRNN({ n, seed: 11, activation: "tanh" });
      const u = randomInputs(5, net.m, 12);
      const x0 = randomState(n, 13);
      const library = forward(net, u, x0);
      return judged(
        "1.1",
        { w: net.wRec, wIn: net.wIn, b: net.b, u, x0 },
        "(a) => a.u.reduce((xs, input, t) => [...xs, a.x0.map((_, j) => " +
          "stateEntry(a.w, a.wIn, a.b, Math.tanh, xs[t], input, j))], [a.x0])",
        {
          expected: library,
          tolerance: 1e-10 * n * Math.max(1, maxAbs(library.flat())),
          w: net.wRec,
          wIn: net.wIn,
          b: net.b,
          sigma: tanh.sigma,
          states: [x0],
          inputs: u,
        },
      );
    },
  },
  {
    id: "2.1",
    functionName: "denominatorLayout",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(21);
      return judged("2.1", { w, s }, "(a) => denominatorLayout(a.w, a.s)", {
        expected: transposeMatrix(autodiff),
        tolerance,
        w,
        s,
      });
    },
  },
  {
    id: "2.2",
    functionName: "rowTimesMatrix",
    prepare() {
      const T = 6;
      const { net, u, x0, states } = runCase(22, T);
      const readout = { v: [randomState(net.n, 26)], c: [0] };
      const truth = autodiffLossGradients(net, u, x0, readout, [0.5]).dEdx;
      const jacobians = states.slice(0, T).map((x) => stepJacobian(net, x, "numerator"));
      // g⁽ᵀ⁾ from autodiff itself: the chain below it is the student's.
      return judged(
        "2.2",
        { gT: truth[T], jacobians },
        "(a) => { const rows = [a.gT]; for (let t = a.jacobians.length - 1; t >= 0; t--) " +
          "rows.unshift(rowTimesMatrix(rows[0], a.jacobians[t])); return rows; }",
        {
          expected: truth,
          tolerance: 1e-3 * maxAbs(truth.flat()),
          factors: jacobians,
          start: truth[T],
        },
      );
    },
  },
  {
    id: "3.1",
    functionName: "jacobianEntry",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(31);
      return judged("3.1", { w, s }, entryCall("jacobianEntry"), {
        expected: autodiff,
        tolerance,
        w,
        s,
      });
    },
  },
  {
    id: "3.2",
    functionName: "wTimesDiag",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(32);
      return judged("3.2", { w, s }, "(a) => wTimesDiag(a.w, a.s)", {
        expected: autodiff,
        tolerance,
        w,
        s,
      });
    },
  },
  {
    id: "3.3",
    functionName: "stepJacobianAt",
    prepare() {
      const { net, states } = runCase(33, 3);
      const steps = states.slice(1).map((_, q) => q + 1);
      // The notebook's cell calls wTimesDiag, exercise 3.2's function, declared in an earlier
      // cell; the box holds this cell only, so the worker gets W·diag(s) (unless the box
      // declares its own), which is not what this exercise asks: which state σ′ is taken at.
      const wTimesDiag =
        "if (typeof wTimesDiag === 'undefined') globalThis.wTimesDiag = (w, s) => " +
        "w.map((row) => row.map((v, k) => v * s[k]));";
      return judged(
        "3.3",
        { w: net.wRec, states, steps },
        `(a) => { ${wTimesDiag} return a.steps.flatMap((i) => ` +
          `stepJacobianAt(a.w, a.states, ${WORKER_TANH_PRIME}, i)); }`,
        {
          expected: steps.flatMap((i) => autodiffStepJacobian(net, states[i - 1])),
          tolerance: 1e-5 * tanh.gamma * maxAbs(net.wRec.flat()),
          w: net.wRec,
          states,
          sigmaPrime: tanh.derivative,
        },
      );
    },
  },
  {
    id: "4.1",
    functionName: "printedEntryNumerator",
    prepare() {
      const { net, x, w, s, tolerance } = stepCase(41);
      return judged("4.1", { w, s }, entryCall("printedEntryNumerator"), {
        expected: stepJacobian(net, x, "paper"),
        tolerance,
        w,
        s,
      });
    },
  },
  {
    id: "5.1",
    functionName: "printedDerivativeDenominator",
    prepare() {
      const { net, x, w, s, tolerance } = stepCase(51);
      return judged("5.1", { w, s }, entryCall("printedDerivativeDenominator"), {
        expected: transposeMatrix(stepJacobian(net, x, "paper")),
        tolerance,
        w,
        s,
      });
    },
  },
  {
    id: "7.1",
    functionName: "productOverTime",
    prepare() {
      const T = 6;
      const net = randomRNN({ n: 4, seed: 71, activation: "tanh", gain: 1.5 });
      const u = randomInputs(T, net.m, 72);
      const x0 = randomState(4, 73);
      const states = forward(net, u, x0);
      const slopes = states.slice(0, T).map((x) => x.map(tanh.derivative));
      const tCheck = T - Math.min(T, 3);
      const expected = finiteDifferenceJacobianOverTime(net, u, x0, tCheck, T);
      return judged(
        "7.1",
        { w: net.wRec, slopes, t: tCheck },
        "(a) => productOverTime(a.w, a.slopes, a.t)",
        {
          expected,
          tolerance: 1e-6,
          scale: Math.max(maxAbs(expected.flat()), 1e-300),
          w: net.wRec,
          states,
          sigmaPrime: tanh.derivative,
          t: tCheck,
        },
      );
    },
  },
  {
    id: "8.1",
    functionName: "productBound",
    prepare() {
      // A non-normal W with ‖W‖₂ well above its spectral radius, so the two λ₁ readings differ.
      const w = [
        [0.5, 3, 0],
        [0, 0.5, 1],
        [0.2, 0, 0.5],
      ];
      const gamma = getActivation("sigmoid").gamma;
      const lag = 5;
      const expected = productBound(w, gamma, lag);
      return judged("8.1", { w, gamma, lag }, "(a) => productBound(a.w, a.gamma, a.lag)", {
        expected,
        tolerance: 1e-6,
        scale: expected,
        w,
        gamma,
        lag,
      });
    },
  },
  {
    id: "9.1",
    functionName: "backpropStep",
    prepare() {
      const T = 4;
      const { net, u, x0, states } = runCase(91, T);
      const readout = { v: [randomState(net.n, 94)], c: [0] };
      const dEdx = autodiffLossGradients(net, u, x0, readout, [0.5]).dEdx;
      const steps = dEdx.slice(1).map((_, q) => q + 1);
      // Each step's rows on the scale of ‖∂E/∂x⁽ᵗ⁾‖, as the notebook compares them.
      const unit = (t: number) => 1 / euclideanNorm(dEdx[t]);
      const signals = steps.map((t) => dEdx[t].map((v) => v * unit(t)));
      return judged(
        "9.1",
        { w: net.wRec, states, signals, steps },
        `(a) => a.steps.map((t, q) => backpropStep(a.signals[q], a.w, ${WORKER_TANH_PRIME}, ` +
          "a.states, t))",
        {
          expected: steps.map((t) => dEdx[t - 1].map((v) => v * unit(t))),
          tolerance: 1e-3 * Math.max(1, spectralNorm(net.wRec)),
          w: net.wRec,
          states,
          sigmaPrime: tanh.derivative,
          signals,
          steps,
        },
      );
    },
  },
];

export const CHECKERS: Readonly<Record<string, ExerciseChecker>> = Object.fromEntries(
  checkers.map((checker) => [checker.id, checker]),
);
