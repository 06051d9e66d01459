/**
 * The page's checker for each exercise of the notebooks, by id. Each builds a seeded case, says
 * how to call the student's function on it (`call`, JavaScript run in the worker after the
 * student's cell), and judges the answer with the library's `claimAnswer`: the expected value
 * comes from an independent computation (tfjs autodiff of the forward pass, float64 finite
 * differences, the library's float64 forward pass or its SVD), and the typical wrong answers are
 * computed as the notebooks compute them, with the notebooks' messages. The build refuses a
 * notebook exercise without a checker here, and the tests feed every typical wrong answer of
 * test/teaching/wrong-answers.json through these checkers.
 */
import { getActivation } from "../../src/core/activations";
import { stepJacobian } from "../../src/core/forms";
import { forward, randomInputs, randomRNN, randomState } from "../../src/core/model";
import { autodiffLossGradients } from "../../src/consequences/backprop";
import { productBound, spectralNorm, spectralRadius } from "../../src/consequences/spectra";
import { claimAnswer, SuspectAnswer } from "../../src/notebook/claims";
import { transposeMatrix } from "../../src/shared/compare";
import { finiteDifferenceJacobianOverTime } from "../../src/oracle/finiteDifferences";
import { autodiffStepJacobian } from "../../src/oracle/autodiff";

type Matrix = number[][];

export interface PreparedCheck {
  /** Plain data handed to the worker as `args`. */
  args: unknown;
  /** A JavaScript function expression `(args) => answer` that calls the student's function. */
  call: string;
  /** claimAnswer's "✓ …" line, or throws its ClaimError naming the mistake. */
  judge(answer: unknown): string;
}

export interface ExerciseChecker {
  id: string;
  /** The function the exercise cell declares and the check calls. */
  functionName: string;
  prepare(): PreparedCheck;
}

const maxAbs = (values: number[]) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const answerOf = (answer: unknown) => answer as Matrix | number;
const times = (a: Matrix, b: Matrix) =>
  a.map((row) => b[0].map((_, c) => row.reduce((sum, v, l) => sum + v * b[l][c], 0)));
const diag = (s: number[]) => s.map((v, r) => s.map((_, c) => (r === c ? v : 0)));
/** A matrix built entry by entry: entry(r, c) for r, c < n. */
const build = (n: number, entry: (r: number, c: number) => number) =>
  Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => entry(r, c)));

/** The seeded one-step case of notebooks 2–5: W, x⁽ⁱ⁻¹⁾, σ′ and autodiff's Jacobian. */
function stepCase(seed: number) {
  const net = randomRNN({ n: 4, seed, activation: "tanh" });
  const x = randomState(4, seed + 1);
  const s = x.map(getActivation("tanh").derivative);
  const autodiff = autodiffStepJacobian(net, x);
  const tolerance = 1e-5 * getActivation("tanh").gamma * maxAbs(net.wRec.flat());
  return { net, x, s, w: net.wRec, autodiff, tolerance };
}

const entryCall = (name: string) =>
  `(a) => a.w.map((_, j) => a.w.map((__, k) => ${name}(a.w, a.s, j, k)))`;

const checkers: ExerciseChecker[] = [
  {
    id: "1.1",
    functionName: "stateEntry",
    prepare() {
      const n = 3;
      const net = randomRNN({ n, seed: 11, activation: "tanh" });
      const T = 5;
      const u = randomInputs(T, net.m, 12);
      const x0 = randomState(n, 13);
      const library = forward(net, u, x0);
      const sigma = getActivation("tanh").sigma;
      const mistake = (weight: (j: number, k: number) => number, f: (z: number) => number) => {
        const xs = [x0];
        for (let t = 0; t < T; t++) {
          xs.push(
            x0.map((_, j) => {
              let sum = net.b[j];
              for (let k = 0; k < n; k++) sum += weight(j, k) * f(xs[t][k]);
              for (let l = 0; l < net.m; l++) sum += net.wIn[j][l] * u[t][l];
              return sum;
            }),
          );
        }
        return xs;
      };
      const suspects: SuspectAnswer[] = [
        {
          value: mistake((j, k) => net.wRec[k][j], sigma),
          explanation:
            "it sums W_kj σ(x_k): the weights of the reversed edges (row j of Wᵀ, not of W)",
        },
        {
          value: mistake(
            (j, k) => net.wRec[j][k],
            (z) => z,
          ),
          explanation: "it multiplies W by x⁽ᵗ⁻¹⁾ itself: eq. (2) applies σ to it first",
        },
      ];
      const scale = Math.max(1, maxAbs(library.flat()));
      return {
        args: { w: net.wRec, wIn: net.wIn, b: net.b, u, x0 },
        call: `(a) => { const xs = [a.x0]; for (let t = 0; t < a.u.length; t++) xs.push(a.x0.map((_, j) => stateEntry(a.w, a.wIn, a.b, Math.tanh, xs[t], a.u[t], j))); return xs; }`,
        judge: (answer) =>
          claimAnswer(
            `Exercise 1.1: eq. (2) element-wise = the library's forward pass, x⁽⁰⁾…x⁽ᵀ⁾, T = ${T}`,
            answerOf(answer),
            library,
            1e-10 * n * scale,
            suspects,
          ),
      };
    },
  },
  {
    id: "2.1",
    functionName: "denominatorLayout",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(21);
      const suspects: SuspectAnswer[] = [
        {
          value: w.map((row) => row.map((wrc, c) => wrc * s[c])),
          explanation:
            "that is the numerator layout W diag(σ′): row r should hold ∂x_r⁽ⁱ⁻¹⁾'s column",
        },
        {
          value: w.map((_, r) => w.map((__, c) => w[c][r] * s[c])),
          explanation: "σ′ is on the wrong neuron: ∂x_c/∂x_r needs σ′(x_r⁽ⁱ⁻¹⁾), the edge's source",
        },
        {
          value: w.map((row, r) => row.map((wrc) => wrc * s[r])),
          explanation:
            "the weight is W_rc, the reversed edge: ∂x_c/∂x_r goes along r → c, i.e. W_cr",
        },
      ];
      return {
        args: { w, s },
        call: "(a) => denominatorLayout(a.w, a.s)",
        judge: (answer) =>
          claimAnswer(
            "Exercise 2.1: denominatorLayout(W, σ′) = autodiff's Jacobian transposed",
            answerOf(answer),
            transposeMatrix(autodiff),
            tolerance,
            suspects,
          ),
      };
    },
  },
  {
    id: "2.2",
    functionName: "rowTimesMatrix",
    prepare() {
      const n = 3;
      const T = 6;
      const net = randomRNN({ n, seed: 22, activation: "tanh" });
      const u = randomInputs(T, net.m, 24);
      const x0 = randomState(n, 25);
      const readout = { v: [randomState(n, 26)], c: [0] };
      const target = [0.5];
      const truth = autodiffLossGradients(net, u, x0, readout, target).dEdx;
      const states = forward(net, u, x0);
      const jacobians = states.slice(0, T).map((x) => stepJacobian(net, x, "numerator"));
      const last = truth[T];
      const matrixTimesColumn = (g: number[], m: Matrix) =>
        m.map((row) => row.reduce((sum, value, c) => sum + value * g[c], 0));
      const jvp = [last];
      for (let t = T - 1; t >= 0; t--) jvp.unshift(matrixTimesColumn(jvp[0], jacobians[t]));
      return {
        // g⁽ᵀ⁾ from autodiff itself: the chain below it is the student's.
        args: { gT: last, jacobians },
        call: "(a) => { const rows = [a.gT]; for (let t = a.jacobians.length - 1; t >= 0; t--) rows.unshift(rowTimesMatrix(rows[0], a.jacobians[t])); return rows; }",
        judge: (answer) =>
          claimAnswer(
            "Exercise 2.2: g⁽ᵗ⁾ = g⁽ᵗ⁺¹⁾ (W diag(σ′)), numerator layout, = autodiff for t = 0…T",
            answerOf(answer),
            truth,
            1e-3 * maxAbs(truth.flat()),
            [
              {
                value: jvp,
                explanation:
                  "it multiplies the matrix by g as a column (J gᵀ, the Jacobian applied " +
                  "forward); eq. (4) multiplies the row g by J (the vector–Jacobian product g J)",
              },
            ],
          ),
      };
    },
  },
  {
    id: "3.1",
    functionName: "jacobianEntry",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(31);
      const n = w.length;
      return {
        args: { w, s },
        call: entryCall("jacobianEntry"),
        judge: (answer) =>
          claimAnswer(
            "Exercise 3.1: jacobianEntry(W, σ′, j, k) = autodiff's ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾, every j, k",
            answerOf(answer),
            autodiff,
            tolerance,
            [
              {
                value: build(n, (r, c) => w[c][r] * s[c]),
                explanation: "it uses W_kj, the weight of the reversed edge j → k",
              },
              {
                value: build(n, (r, c) => w[r][c] * s[r]),
                explanation:
                  "σ′ is on the wrong neuron: x_k reaches x_j through σ(x_k), so σ′(x_k)",
              },
              {
                value: build(n, (r, c) => w[c][r] * s[r]),
                explanation:
                  "weight and slope both belong to the reversed edge j → k (W_kj, σ′(x_j))",
              },
              {
                value: build(n, (r, c) => w[r][c]),
                explanation: "σ′ is missing: x_k reaches x_j only through its activity σ(x_k)",
              },
            ],
          ),
      };
    },
  },
  {
    id: "3.2",
    functionName: "wTimesDiag",
    prepare() {
      const { w, s, autodiff, tolerance } = stepCase(32);
      const wT = transposeMatrix(w);
      const diagonal = diag(s);
      return {
        args: { w, s },
        call: "(a) => wTimesDiag(a.w, a.s)",
        judge: (answer) =>
          claimAnswer(
            "Exercise 3.2: wTimesDiag = autodiff",
            answerOf(answer),
            autodiff,
            tolerance,
            [
              {
                value: times(diagonal, w),
                explanation: "diag(σ′) W scales row j by σ′(x_j): wrong neuron",
              },
              {
                value: times(wT, diagonal),
                explanation: "Wᵀ diag(σ′) is eq. (5) as printed: W transposed",
              },
              { value: times(diagonal, wT), explanation: "diag(σ′) Wᵀ is the denominator layout" },
            ],
          ),
      };
    },
  },
  {
    id: "4.1",
    functionName: "printedEntryNumerator",
    prepare() {
      const { net, x, w, s, autodiff, tolerance } = stepCase(41);
      const printed = stepJacobian(net, x, "paper");
      return {
        args: { w, s },
        call: entryCall("printedEntryNumerator"),
        judge: (answer) =>
          claimAnswer(
            "Exercise 4.1: entry (j, k) of Wᵀ diag(σ′)",
            answerOf(answer),
            printed,
            tolerance,
            [
              {
                value: autodiff,
                explanation:
                  "this is the true ∂x_j/∂x_k = W_jk σ′(x_k) (autodiff's value); " +
                  "the printed matrix has Wᵀ, whose entry (j, k) is W_kj",
              },
              {
                value: transposeMatrix(printed),
                explanation: "this is entry (k, j), W_jk σ′(x_j): row and column are swapped",
              },
              {
                value: stepJacobian(net, x, "denominator"),
                explanation:
                  "this takes σ′(x_j): " +
                  "diag(σ′) multiplies Wᵀ from the right, so it scales column k by σ′(x_k)",
              },
            ],
          ),
      };
    },
  },
  {
    id: "5.1",
    functionName: "printedDerivativeDenominator",
    prepare() {
      const { net, x, w, s, autodiff, tolerance } = stepCase(51);
      const printed = stepJacobian(net, x, "paper");
      return {
        args: { w, s },
        call: entryCall("printedDerivativeDenominator"),
        judge: (answer) =>
          claimAnswer(
            "Exercise 5.1: ∂x_j/∂x_k read from Wᵀ diag(σ′) in denominator layout",
            answerOf(answer),
            transposeMatrix(printed),
            tolerance,
            [
              {
                value: autodiff,
                explanation:
                  "this is the true ∂x_j/∂x_k = W_jk σ′(x_k) (autodiff's value); " +
                  "read in denominator layout, the printed matrix has σ′(x_j) there",
              },
              {
                value: printed,
                explanation:
                  "this is entry (j, k) of the printed matrix, its numerator " +
                  "reading; in denominator layout ∂x_j/∂x_k sits at row k, column j",
              },
              {
                value: stepJacobian(net, x, "denominator"),
                explanation:
                  "this uses W_kj, the weight of the reversed edge: entry (k, j) of Wᵀ is W_jk",
              },
            ],
          ),
      };
    },
  },
  {
    id: "7.1",
    functionName: "productOverTime",
    prepare() {
      const n = 4;
      const T = 6;
      const net = randomRNN({ n, seed: 71, activation: "tanh", gain: 1.5 });
      const act = getActivation("tanh");
      const u = randomInputs(T, net.m, 72);
      const x0 = randomState(n, 73);
      const states = forward(net, u, x0);
      const slopes = states.slice(0, T).map((x) => x.map(act.derivative));
      const tCheck = T - Math.min(T, 3);
      const wT = transposeMatrix(net.wRec);
      const chain = (factor: (i: number) => Matrix, reversed = false) => {
        const factors = Array.from({ length: T - tCheck }, (_, q) => factor(T - q));
        return (reversed ? factors.reverse() : factors).reduce(times);
      };
      const expected = finiteDifferenceJacobianOverTime(net, u, x0, tCheck, T);
      const scale = Math.max(maxAbs(expected.flat()), 1e-300);
      const relative = (m: Matrix) => m.map((row) => row.map((v) => v / scale));
      const suspects: SuspectAnswer[] = [
        {
          value: relative(chain((i) => times(net.wRec, diag(slopes[i - 1])), true)),
          explanation: "the factors are multiplied in the wrong order: J⁽ᵀ⁾ must be on the left",
        },
        {
          value: relative(chain((i) => times(wT, diag(slopes[i - 1])))),
          explanation: "it uses Wᵀ, the printed eq. (5): entry (j, k) must use W_jk, not W_kj",
        },
        {
          value: relative(chain((i) => times(net.wRec, diag(states[i].map(act.derivative))))),
          explanation: "σ′ is taken at x⁽ⁱ⁾: factor J⁽ⁱ⁾ needs σ′(x⁽ⁱ⁻¹⁾), one step earlier",
        },
        {
          value: relative(chain((i) => times(diag(slopes[i - 1]), net.wRec))),
          explanation: "diag(σ′) is on the left: σ′ belongs to the input neuron k (a column)",
        },
      ];
      return {
        args: { w: net.wRec, slopes, t: tCheck },
        call: "(a) => productOverTime(a.w, a.slopes, a.t)",
        judge: (answer) => {
          const value = answerOf(answer);
          return claimAnswer(
            `Exercise 7.1: ∂x⁽${T}⁾/∂x⁽${tCheck}⁾, relative to its largest entry`,
            Array.isArray(value) ? relative(value) : value,
            relative(expected),
            1e-6,
            suspects,
          );
        },
      };
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
      const share = (v: number) => v / expected;
      return {
        args: { w, gamma, lag },
        call: "(a) => productBound(a.w, a.gamma, a.lag)",
        judge: (answer) =>
          claimAnswer(
            `Exercise 8.1: the bound for sigmoid at lag ${lag}, relative`,
            typeof answer === "number" ? share(answer) : answerOf(answer),
            1,
            1e-6,
            [
              {
                value: share((spectralRadius(w) * gamma) ** lag),
                explanation:
                  "it uses the spectral radius (arXiv v2's eigenvalue): eq. (6) needs ‖W‖₂",
              },
              { value: share(spectralNorm(w) ** lag), explanation: "γ is missing: η = λ₁γ" },
              {
                value: share(spectralNorm(w) * gamma * lag),
                explanation: "η is multiplied by the lag: one factor η per step, so η^(T − t)",
              },
            ],
          ),
      };
    },
  },
];

export const CHECKERS: Readonly<Record<string, ExerciseChecker>> = Object.fromEntries(
  checkers.map((checker) => [checker.id, checker]),
);
