/**
 * The answer checker of the notebooks' exercises: `checkExercise(id, answer, given)` compares a
 * student's answer with the expected value the checking cell computed independently (autodiff or
 * finite differences), and, when it is wrong, says how. The typical wrong answers ("suspects":
 * the transposed W, σ′ on the wrong neuron or at the wrong time step, the product in the wrong
 * order, J·g for g·J, the layouts swapped) are built here from the exercise's inputs, so the cells
 * students see hold neither the solution nor its near misses.
 */
import { ClaimError, claimAnswer, type SuspectAnswer } from "./claims";
import { Matrix, shapeOf } from "../shared/validate";
import { spectralNorm } from "../checked/norms";
import { spectralRadius } from "../consequences/spectra";

type Answer = Matrix | number;

/** What the checking cell passes: the independent expected value, and the exercise's inputs. */
export interface ExerciseGiven {
  /** The expected value, computed without the student's formula (autodiff, finite differences). */
  expected: Answer;
  /** Max absolute difference accepted (after dividing by `scale`). */
  tolerance: number;
  /** Answer, expected value and suspects are divided by it before comparing (default 1). */
  scale?: number;
  /** W_rec. */
  w?: Matrix;
  /** σ′ at the state the exercise works at. */
  s?: number[];
  /** The run's states x⁽⁰⁾ … x⁽ᵀ⁾ (rows). */
  states?: Matrix;
  /** σ′ as a function. */
  sigmaPrime?: (x: number) => number;
  /** σ as a function. */
  sigma?: (x: number) => number;
  /** W_in, b and the input of each step (row t: the input of step t + 1), for eq. (2). */
  wIn?: Matrix;
  b?: number[];
  inputs?: Matrix;
  /** The earlier step t of ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾. */
  t?: number;
  /** One-step Jacobians ∂x⁽ᵗ⁺¹⁾/∂x⁽ᵗ⁾ at index t, and the row ∂E/∂x⁽ᵀ⁾ a backward pass starts from. */
  factors?: Matrix[];
  start?: number[];
  /** γ, the bound on |σ′|, and the lag T − t of a bound. */
  gamma?: number;
  lag?: number;
  /** Row vectors g⁽ᵗ⁾ fed to a backpropagation step, one per row, with the step t of each. */
  signals?: Matrix;
  steps?: number[];
}

interface ExerciseCheck {
  what: string;
  suspects: (given: ExerciseGiven) => SuspectAnswer[];
}

function need<K extends keyof ExerciseGiven>(
  id: string,
  given: ExerciseGiven,
  key: K,
): NonNullable<ExerciseGiven[K]> {
  const value = given[key];
  if (value === undefined || value === null) {
    throw new Error(`checkExercise("${id}", …): the given values need "${String(key)}"`);
  }
  return value as NonNullable<ExerciseGiven[K]>;
}

const indices = (n: number) => [...Array(n).keys()];
const square = (n: number, entry: (r: number, c: number) => number) =>
  indices(n).map((r) => indices(n).map((c) => entry(r, c)));
const times = (a: Matrix, b: Matrix) =>
  a.map((row) => b[0].map((_, c) => row.reduce((sum, v, l) => sum + v * b[l][c], 0)));
const diag = (s: number[]) => square(s.length, (r, c) => (r === c ? s[r] : 0));
const transpose = (a: Matrix) => a[0].map((_, c) => a.map((row) => row[c]));
const rowTimes = (g: number[], m: Matrix) =>
  m[0].map((_, c) => g.reduce((sum, gr, r) => sum + gr * m[r][c], 0));
const timesColumn = (m: Matrix, g: number[]) =>
  m.map((row) => row.reduce((sum, v, c) => sum + v * g[c], 0));

/** ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾ as the product of `factor(i)` for T ≥ i > t, J⁽ᵀ⁾ leftmost unless `reversed`. */
function chain(T: number, t: number, n: number, factor: (i: number) => Matrix, reversed = false) {
  const factors = indices(T - t).map((q) => factor(T - q));
  if (reversed) factors.reverse();
  return factors.reduce(times, diag(Array<number>(n).fill(1)));
}

/** Element-wise entry suspects for an n×n matrix answer over W and s. */
function entrySuspects(w: Matrix, s: number[]) {
  const n = w.length;
  return {
    reversedEdge: square(n, (j, k) => w[k][j] * s[k]),
    wrongNeuron: square(n, (j, k) => w[j][k] * s[j]),
    bothReversed: square(n, (j, k) => w[k][j] * s[j]),
    noSlope: square(n, (j, k) => w[j][k]),
    numerator: square(n, (j, k) => w[j][k] * s[k]),
  };
}

/** Eq. (2) run from `states[0]` with the weight `weight(j, k)` and the function `f` for σ. */
function run(
  given: ExerciseGiven,
  id: string,
  weight: (j: number, k: number) => number,
  f: (z: number) => number,
) {
  const [b, wIn, inputs, states] = [
    need(id, given, "b"),
    need(id, given, "wIn"),
    need(id, given, "inputs"),
    need(id, given, "states"),
  ];
  const xs: Matrix = [states[0]];
  inputs.forEach((input, t) => {
    xs.push(
      b.map((bj, j) => {
        let sum = bj;
        xs[t].forEach((x, k) => (sum += weight(j, k) * f(x)));
        input.forEach((v, l) => (sum += wIn[j][l] * v));
        return sum;
      }),
    );
  });
  return xs;
}

const checks: Record<string, ExerciseCheck> = {
  "1.1": {
    what: "eq. (2) element-wise = the library's forward pass, x⁽⁰⁾ … x⁽ᵀ⁾",
    suspects: (given) => {
      const w = need("1.1", given, "w");
      const sigma = need("1.1", given, "sigma");
      return [
        {
          value: run(given, "1.1", (j, k) => w[k][j], sigma),
          explanation:
            "it sums W_kj σ(x_k): the weights of the reversed edges (row j of Wᵀ, not of W)",
        },
        {
          value: run(
            given,
            "1.1",
            (j, k) => w[j][k],
            (z) => z,
          ),
          explanation: "it multiplies W by x⁽ᵗ⁻¹⁾ itself: eq. (2) applies σ to it first",
        },
      ];
    },
  },
  "2.1": {
    what: "denominatorLayout(W, σ′) = autodiff's Jacobian transposed",
    suspects: (given) => {
      const e = entrySuspects(need("2.1", given, "w"), need("2.1", given, "s"));
      return [
        {
          value: e.numerator,
          explanation:
            "that is the numerator layout W diag(σ′): row r should hold ∂x_r⁽ⁱ⁻¹⁾'s column",
        },
        {
          // W_cr σ′(x_c) at (r, c): the right weight, the slope of the edge's target.
          value: e.reversedEdge,
          explanation: "σ′ is on the wrong neuron: ∂x_c/∂x_r needs σ′(x_r⁽ⁱ⁻¹⁾), the edge's source",
        },
        {
          value: transpose(e.reversedEdge),
          explanation:
            "the weight is W_rc, the reversed edge: ∂x_c/∂x_r goes along r → c, i.e. W_cr",
        },
      ];
    },
  },
  "2.2": {
    what: "g⁽ᵗ⁾ = g⁽ᵗ⁺¹⁾ (W diag(σ′)), numerator layout, = autodiff for t = 0 … T",
    suspects: (given) => {
      const factors = need("2.2", given, "factors");
      const rows = [need("2.2", given, "start")];
      for (let t = factors.length - 1; t >= 0; t--) rows.unshift(timesColumn(factors[t], rows[0]));
      return [
        {
          value: rows,
          explanation:
            "it multiplies the matrix by g as a column (J gᵀ, the Jacobian applied " +
            "forward); eq. (4) multiplies the row g by J (the vector–Jacobian product g J)",
        },
      ];
    },
  },
  "3.1": {
    what: "jacobianEntry(W, σ′, j, k) = autodiff's ∂x_j⁽ⁱ⁾/∂x_k⁽ⁱ⁻¹⁾, every j, k",
    suspects: (given) => {
      const e = entrySuspects(need("3.1", given, "w"), need("3.1", given, "s"));
      return [
        {
          value: e.reversedEdge,
          explanation: "it uses W_kj, the weight of the reversed edge j → k",
        },
        {
          value: e.wrongNeuron,
          explanation: "σ′ is on the wrong neuron: x_k reaches x_j through σ(x_k), so σ′(x_k)",
        },
        {
          value: e.bothReversed,
          explanation: "weight and slope both belong to the reversed edge j → k (W_kj, σ′(x_j))",
        },
        {
          value: e.noSlope,
          explanation: "σ′ is missing: x_k reaches x_j only through its activity σ(x_k)",
        },
      ];
    },
  },
  "3.2": {
    what: "wTimesDiag(W, σ′) = autodiff's ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾",
    suspects: (given) => {
      const w = need("3.2", given, "w");
      const d = diag(need("3.2", given, "s"));
      return [
        { value: times(d, w), explanation: "diag(σ′) W scales row j by σ′(x_j): wrong neuron" },
        {
          value: times(transpose(w), d),
          explanation: "Wᵀ diag(σ′) is eq. (5) as printed: W transposed",
        },
        { value: times(d, transpose(w)), explanation: "diag(σ′) Wᵀ is the denominator layout" },
      ];
    },
  },
  "3.3": {
    what: "stepJacobianAt(W, states, σ′, i) = autodiff's ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ for every step i",
    suspects: (given) => {
      const w = need("3.3", given, "w");
      const states = need("3.3", given, "states");
      const sp = need("3.3", given, "sigmaPrime");
      const at = (shift: number) =>
        states.slice(1).flatMap((_, q) => times(w, diag(states[q + 1 + shift].map(sp))));
      return [
        {
          value: at(0),
          explanation:
            "σ′ is taken at x⁽ⁱ⁾, the state the step produces: x⁽ⁱ⁾ = W σ(x⁽ⁱ⁻¹⁾) + …, so the slope is σ′(x⁽ⁱ⁻¹⁾)",
        },
        {
          value: states.slice(1).flatMap((_, q) => times(transpose(w), diag(states[q].map(sp)))),
          explanation: "it uses Wᵀ, eq. (5) as printed: the Jacobian is W diag(σ′(x⁽ⁱ⁻¹⁾))",
        },
      ];
    },
  },
  "4.1": {
    what: "entry (j, k) of Wᵀ diag(σ′), every j, k",
    suspects: (given) => {
      const e = entrySuspects(need("4.1", given, "w"), need("4.1", given, "s"));
      return [
        {
          value: e.numerator,
          explanation:
            "this is the true ∂x_j/∂x_k = W_jk σ′(x_k) (autodiff's value); " +
            "the printed matrix has Wᵀ, whose entry (j, k) is W_kj",
        },
        {
          value: e.wrongNeuron,
          explanation: "this is entry (k, j), W_jk σ′(x_j): row and column are swapped",
        },
        {
          value: e.bothReversed,
          explanation:
            "this takes σ′(x_j): diag(σ′) multiplies Wᵀ from the right, so it scales column k by σ′(x_k)",
        },
      ];
    },
  },
  "5.1": {
    what: "∂x_j/∂x_k read from Wᵀ diag(σ′) in denominator layout, every j, k",
    suspects: (given) => {
      const e = entrySuspects(need("5.1", given, "w"), need("5.1", given, "s"));
      return [
        {
          value: e.numerator,
          explanation:
            "this is the true ∂x_j/∂x_k = W_jk σ′(x_k) (autodiff's value); " +
            "read in denominator layout, the printed matrix has σ′(x_j) there",
        },
        {
          value: e.reversedEdge,
          explanation:
            "this is entry (j, k) of the printed matrix, its numerator reading; " +
            "in denominator layout ∂x_j/∂x_k sits at row k, column j",
        },
        {
          value: e.bothReversed,
          explanation:
            "this uses W_kj, the weight of the reversed edge: entry (k, j) of Wᵀ is W_jk",
        },
      ];
    },
  },
  "8.1": {
    what: "the bound on ‖∂x⁽ᵀ⁾/∂x⁽ᵗ⁾‖₂",
    suspects: (given) => {
      const w = need("8.1", given, "w");
      const gamma = need("8.1", given, "gamma");
      const lag = need("8.1", given, "lag");
      return [
        {
          value: (spectralRadius(w) * gamma) ** lag,
          explanation: "it uses the spectral radius (arXiv v2's eigenvalue): eq. (6) needs ‖W‖₂",
        },
        { value: spectralNorm(w) ** lag, explanation: "γ is missing: η = λ₁γ" },
        {
          value: spectralNorm(w) * gamma * lag,
          explanation: "η is multiplied by the lag: one factor η per step, so η^(T − t)",
        },
      ];
    },
  },
  "7.1": {
    what: "productOverTime = finite differences of ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾, relative to its largest entry",
    suspects: (given) => {
      const w = need("7.1", given, "w");
      const states = need("7.1", given, "states");
      const sp = need("7.1", given, "sigmaPrime");
      const t = need("7.1", given, "t");
      const T = states.length - 1;
      const slope = (i: number) => diag(states[i].map(sp));
      const wT = transpose(w);
      const c = (factor: (i: number) => Matrix, reversed = false) =>
        chain(T, t, w.length, factor, reversed);
      return [
        {
          value: c((i) => times(w, slope(i - 1)), true),
          explanation: "the factors are multiplied in the wrong order: J⁽ᵀ⁾ must be on the left",
        },
        {
          value: c((i) => times(wT, slope(i - 1))),
          explanation: "it uses Wᵀ, the printed eq. (5): entry (j, k) must use W_jk, not W_kj",
        },
        {
          value: c((i) => times(w, slope(i))),
          explanation: "σ′ is taken at x⁽ⁱ⁾: factor J⁽ⁱ⁾ needs σ′(x⁽ⁱ⁻¹⁾), one step earlier",
        },
        {
          value: c((i) => times(slope(i - 1), w)),
          explanation: "diag(σ′) is on the left: σ′ belongs to the input neuron k (a column)",
        },
      ];
    },
  },
  "9.1": {
    what: "backpropStep: ∂E/∂x⁽ᵗ⁻¹⁾ from ∂E/∂x⁽ᵗ⁾ = autodiff, every step",
    suspects: (given) => {
      const w = need("9.1", given, "w");
      const states = need("9.1", given, "states");
      const sp = need("9.1", given, "sigmaPrime");
      const signals = need("9.1", given, "signals");
      const steps = need("9.1", given, "steps");
      const each = (step: (g: number[], t: number) => number[]) =>
        signals.map((g, q) => step(g, steps[q]));
      const s = (t: number) => states[t].map(sp);
      return [
        {
          value: each((g, t) => rowTimes(g, times(transpose(w), diag(s(t - 1))))),
          explanation:
            "it uses Wᵀ diag(σ′), eq. (5) as printed: the step is g · W diag(σ′(x⁽ᵗ⁻¹⁾))",
        },
        {
          value: each((g, t) => timesColumn(times(w, diag(s(t - 1))), g)),
          explanation:
            "it computes J gᵀ (the Jacobian applied forward, g as a column); backpropagation is g J, the row g times J",
        },
        {
          value: each((g, t) => rowTimes(g, times(w, diag(s(t))))),
          explanation: "σ′ is taken at x⁽ᵗ⁾: the step from x⁽ᵗ⁻¹⁾ to x⁽ᵗ⁾ has the slope σ′(x⁽ᵗ⁻¹⁾)",
        },
        {
          value: each((g, t) => rowTimes(g, times(diag(s(t - 1)), w))),
          explanation:
            "diag(σ′) is on the wrong side of W (g diag(σ′) W): σ′ belongs to the neuron k the edge leaves",
        },
      ];
    },
  },
};

/** The ids `checkExercise` knows. */
export const CHECKED_EXERCISES: readonly string[] = Object.keys(checks);

const describeShape = (value: unknown) =>
  typeof value === "number" ? "a number" : Array.isArray(value) ? shapeOf(value) : typeof value;

/** The first entry of `value` that is not a finite number, as "(r, c)" or "[i]", or undefined. */
function firstNonFinite(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "";
  if (!Array.isArray(value)) return "";
  for (let r = 0; r < value.length; r++) {
    const row: unknown = value[r];
    if (Array.isArray(row)) {
      for (let c = 0; c < row.length; c++) {
        if (typeof row[c] !== "number" || !Number.isFinite(row[c])) return `(${r}, ${c})`;
      }
    } else if (typeof row !== "number" || !Number.isFinite(row)) return `[${r}]`;
  }
  return undefined;
}

const zeroBased =
  "the arrays are 0-based: neurons j, k run from 0 to n − 1 and step i's state is states[i], " +
  "so a 1-based index (w[j − 1], s[k + 1], a loop to ≤ n) or a state one step too late reads past an end";

/**
 * Checks exercise `id`'s answer (or a function computing it, so an index error is caught and
 * explained) against `given.expected`. Returns "✓ Exercise id: …"; otherwise throws a ClaimError
 * whose message names the mistake: a suspect it matches, an index past an array's end (1-based
 * indices), or the answer's and the expected value's shapes.
 */
export function checkExercise(
  id: string,
  answer: Answer | (() => Answer),
  given: ExerciseGiven,
): string {
  const check = checks[id];
  if (!check) {
    throw new Error(
      `checkExercise: unknown exercise "${id}" (known: ${CHECKED_EXERCISES.join(", ")})`,
    );
  }
  const what = `Exercise ${id}: ${check.what}`;
  let value: Answer;
  if (typeof answer === "function") {
    try {
      value = answer();
    } catch (error) {
      if (error instanceof TypeError && /undefined|null/.test(error.message)) {
        throw new ClaimError(
          `claim failed: ${what}: an index ran past the end of an array (${error.message}); ${zeroBased}`,
        );
      }
      throw error;
    }
  } else value = answer;
  const [answerShape, expectedShape] = [describeShape(value), describeShape(given.expected)];
  if (answerShape !== expectedShape) {
    throw new ClaimError(
      `claim failed: ${what}: the answer has the shape ${answerShape}, the expected value ${expectedShape}`,
    );
  }
  const bad = firstNonFinite(value);
  if (bad !== undefined && firstNonFinite(given.expected) === undefined) {
    throw new ClaimError(
      `claim failed: ${what}: the answer's entry ${bad || ""} is not a finite number (NaN comes from ` +
        `arithmetic with undefined, an array read past its end); ${zeroBased}`.replace(
          "entry  is",
          "value is",
        ),
    );
  }
  const scale = given.scale ?? 1;
  const scaled = (v: Answer): Answer =>
    typeof v === "number" ? v / scale : v.map((row) => row.map((x) => x / scale));
  return claimAnswer(
    what,
    scaled(value),
    scaled(given.expected),
    given.tolerance,
    check.suspects(given).map((s) => ({ ...s, value: scaled(s.value) })),
  );
}
