/**
 * The whole check of this project in one call, on a seeded random network: every reading of the
 * one-step Jacobian (DESIGN.md §1; CrossValidated answer 369441 on eq. (5) of Pascanu, Mikolov &
 * Bengio 2013) is compared with the true Jacobian obtained two independent ways,
 *
 *   autodiff:            tfjs gradients of the forward pass itself (float32, autodiff.ts)
 *   finite differences:  central differences of the float64 forward pass (reference.ts)
 *
 * at every step of a trajectory and for the products over time ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ of eq. (5). A third
 * comparison, the float32 matrices of jacobian.ts against the same formulas in float64, checks
 * the implementation's precision (it says nothing about which formula is right).
 *
 * `verify` is a pure function of its options (and the tfjs backend in use): the command line
 * (cli.ts) prints its result as a table or as JSON.
 */
import { ACTIVATION_NAMES, ActivationName, getActivation } from "./activations";
import { autodiffJacobianOverTime, autodiffStepJacobian } from "./autodiff";
import { currentBackend } from "./backend";
import { MatrixTolerance, compareMatrices, transposeMatrix, withinTolerance } from "./compare";
import {
  JACOBIAN_FORMS,
  JacobianForm,
  READINGS,
  READING_INFO,
  Reading,
  productsOverTime,
  sigmaPrimeAt,
  stepJacobian,
} from "./jacobian";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
  forward64,
  products64,
  stepJacobian64,
} from "./reference";
import { forward, randomInputs, randomRNN, randomState } from "./rnn";
import { Matrix, Vector, assertInteger, assertOneOf, assertPositiveInteger } from "./validate";

export interface VerifyOptions {
  /** Hidden neurons. */
  n: number;
  /** Length T of the input sequence. */
  steps: number;
  activation: ActivationName;
  seed: number;
  /** Make W_rec symmetric: the case where the paper's form read in numerator layout is right. */
  symmetric: boolean;
}

export const VERIFY_DEFAULTS: Readonly<VerifyOptions> = {
  n: 4,
  steps: 5,
  activation: "tanh",
  seed: 0,
  symmetric: false,
};

/**
 * How close is close enough, for each comparison (see `withinTolerance`: maxRel ≤ relative or
 * maxAbs ≤ absolute). Why these numbers:
 *   autodiff: both sides are float32 at the same states, so they differ by rounding only;
 *     1e-5 is about 80 float32 ulps (ε₃₂ = 1.2e-7). Measured: the one-step matrices agree
 *     exactly, the products to 2e-6 (n ≤ 64, T ≤ 20). Relative, so a wrong form is caught
 *     however small the products get (down to the floor below).
 *   finiteDifferences: float64 analytic form against float64 central differences; error about
 *     1e-10 (h² truncation plus ε₆₄·|x|/h rounding). The bound 1e-7 is relative to
 *     max(1, max|expected|): for products that have vanished below 1e-7, rounding noise of the
 *     differences would otherwise decide, and autodiff (relative) still judges those.
 *   float32VsFloat64: the same formula at the same (float32) states in both precisions: the
 *     inputs are rounded to float32 (½ ulp), σ′ and each matrix product add a few ulps more.
 *     Measured ≤ 2e-6 relative (n ≤ 64, T ≤ 20); 1e-5 leaves a margin.
 *   truth: autodiff (float32, float32 states) against finite differences (float64, float64
 *     states): float32 precision, with the finite differences' absolute floor.
 * The float32 comparisons have an absolute floor of 1e-30: long products that vanish (sigmoid
 * over 50 steps) approach float32's smallest normal number, 1.2e-38, where it keeps fewer digits.
 * For a product of L > 5 one-step factors the relative bounds of the float32 comparisons
 * (autodiff, float32VsFloat64, truth) grow in proportion, × L/5 (`chainTolerance`): float32
 * rounding errors add up along the chain (measured 3e-5 relative for L = 100, n = 8).
 */
export const VERIFY_TOLERANCES = {
  autodiff: { relative: 1e-5, absolute: 1e-30 },
  finiteDifferences: { relative: 1e-7, absolute: 1e-7 },
  float32VsFloat64: { relative: 1e-5, absolute: 1e-30 },
  truth: { relative: 1e-5, absolute: 1e-7 },
} as const satisfies Record<string, MatrixTolerance>;

/** Products of up to this many factors are held to the float32 bounds unscaled. */
export const FLOAT32_CHAIN_LENGTH = 5;

/**
 * The tolerance for a product of `factors` one-step matrices: float32 bounds (those with no
 * absolute floor in float64 terms, i.e. every comparison involving float32) scale with the
 * chain's length beyond FLOAT32_CHAIN_LENGTH; the float64 finite-difference bound does not.
 */
export function chainTolerance(tolerance: MatrixTolerance, factors: number): MatrixTolerance {
  assertPositiveInteger("factors", factors);
  const scale = Math.max(1, factors / FLOAT32_CHAIN_LENGTH);
  return { relative: tolerance.relative * scale, absolute: tolerance.absolute };
}

/** The steps h of the central differences: one step, and the products over time. */
export const FINITE_DIFFERENCE_STEPS = { oneStep: 1e-6, overTime: 1e-5 } as const;

/** One comparison summed up over several matrices (all steps, or all k). */
export interface CheckSummary {
  /** The largest |actual − expected| over every entry of every matrix compared. */
  maxAbs: number;
  /** The largest maxRel of `compareMatrices` over the matrices compared. */
  maxRel: number;
  /** Whether every matrix is within the tolerance. */
  pass: boolean;
}

/** The three comparisons of one reading, over one-step matrices or over products. */
export interface ReadingChecks {
  /** This reading's float32 matrix against tfjs autodiff, arranged in the reading's layout. */
  autodiff: CheckSummary;
  /** This reading's float64 matrix against float64 finite differences, in the reading's layout. */
  finiteDifferences: CheckSummary;
  /** This reading's float32 matrix against the same formula in float64 (precision only). */
  float32VsFloat64: CheckSummary;
}

export interface ReadingResult {
  reading: Reading;
  title: string;
  /** The matrix the reading uses, e.g. "Wᵀ D" (D = diag(σ′(x⁽ⁱ⁻¹⁾))). */
  matrix: string;
  layout: "numerator" | "denominator";
  oneStep: ReadingChecks;
  products: ReadingChecks;
  /** Within tolerance of both autodiff and finite differences, one step and over time. */
  matches: boolean;
  /** What the mathematics predicts for this network, and why. */
  expectedToMatch: boolean;
  why: string;
  /** matches equals expectedToMatch, and the float32/float64 precision check passed. */
  ok: boolean;
}

/** The matrices of one step i, all taken at x⁽ⁱ⁻¹⁾. */
export interface StepRecord {
  i: number;
  /** σ′(x⁽ⁱ⁻¹⁾) in float32. */
  sigmaPrime: Vector;
  /** The three forms of jacobian.ts (float32). */
  numerator: Matrix;
  denominator: Matrix;
  paper: Matrix;
  /** The true Jacobian, numerator layout. */
  autodiff: Matrix;
  finiteDifferences: Matrix;
}

/** ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in every form and from both checks. */
export interface ProductRecord {
  k: number;
  numerator: Matrix;
  denominator: Matrix;
  paper: Matrix;
  autodiff: Matrix;
  finiteDifferences: Matrix;
}

export interface VerifyResult {
  options: VerifyOptions;
  backend: string;
  /** The seeds of the network, of u and of x⁽⁰⁾ (derived from options.seed). */
  seeds: { rnn: number; inputs: number; x0: number };
  /** How to read every field, so the JSON can be checked without this code. */
  conventions: string[];
  inputs: { wRec: Matrix; wIn: Matrix; b: Vector; u: Matrix; x0: Vector };
  wRecSymmetric: boolean;
  /** [x⁽⁰⁾ … x⁽ᵀ⁾] from the float32 forward pass and from the float64 one. */
  states: { float32: Matrix; float64: Matrix };
  /** Information only: how far the float32 trajectory drifts from the float64 one. */
  trajectory: { maxAbs: number; maxRel: number };
  steps: StepRecord[];
  products: { t: number; byK: ProductRecord[] };
  finiteDifferenceSteps: typeof FINITE_DIFFERENCE_STEPS;
  tolerances: typeof VERIFY_TOLERANCES;
  /** The two independent checks against each other: autodiff vs finite differences. */
  truth: { oneStep: CheckSummary; products: CheckSummary; pass: boolean };
  readings: ReadingResult[];
  notes: string[];
  ok: boolean;
  verdict: string;
}

const MATRIX_TEXT: Record<JacobianForm, string> = {
  numerator: "W D",
  denominator: "D Wᵀ",
  paper: "Wᵀ D",
};

/** One value per Jacobian form. */
function byForm<T>(make: (form: JacobianForm) => T): Record<JacobianForm, T> {
  return {
    numerator: make("numerator"),
    denominator: make("denominator"),
    paper: make("paper"),
  };
}

/** Compares each pair; `tolerance` may depend on the pair's index (products: on k). */
function summarize(
  pairs: [Matrix, Matrix][],
  tolerance: MatrixTolerance | ((index: number) => MatrixTolerance),
): CheckSummary {
  let maxAbs = 0;
  let maxRel = 0;
  let pass = true;
  pairs.forEach(([actual, expected], index) => {
    const comparison = compareMatrices(actual, expected);
    maxAbs = Math.max(maxAbs, comparison.maxAbs);
    maxRel = Math.max(maxRel, comparison.maxRel);
    const bound = typeof tolerance === "function" ? tolerance(index) : tolerance;
    pass = pass && withinTolerance(comparison, bound);
  });
  return { maxAbs, maxRel, pass };
}

function checkOptions(options: VerifyOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  assertPositiveInteger("n", options.n);
  assertPositiveInteger("steps", options.steps);
  assertOneOf("activation", options.activation, ACTIVATION_NAMES);
  assertInteger("seed", options.seed);
  if (typeof options.symmetric !== "boolean") {
    throw new TypeError(`symmetric must be true or false, got ${String(options.symmetric)}`);
  }
}

function isSymmetric(w: Matrix): boolean {
  return w.every((row, r) => row.every((value, c) => value === w[c][r]));
}

/** What the algebra predicts for a reading on this network, from W and σ′ along the run. */
function expectation(
  reading: Reading,
  wRec: Matrix,
  sigmaPrimes: Vector[],
): { expectedToMatch: boolean; why: string } {
  const n = wRec.length;
  if (reading === "numerator") {
    return { expectedToMatch: true, why: "W D has W_jk σ′(x_k) = ∂x_j/∂x_k at (j, k)" };
  }
  if (reading === "denominator") {
    return { expectedToMatch: true, why: "D Wᵀ has W_jk σ′(x_k) = ∂x_j/∂x_k at (k, j)" };
  }
  if (n === 1) {
    return { expectedToMatch: true, why: "n = 1: W is 1×1, so Wᵀ D = W D = D Wᵀ" };
  }
  if (reading === "paperNumerator") {
    if (isSymmetric(wRec)) {
      return { expectedToMatch: true, why: "W_rec is symmetric, so Wᵀ D = W D" };
    }
    // (Wᵀ − W) D = 0 at every step: every asymmetric column is switched off by σ′ = 0.
    const switchedOff = sigmaPrimes.every((s) =>
      wRec.every((row, r) => row.every((value, c) => value === wRec[c][r] || s[c] === 0)),
    );
    if (switchedOff) {
      return {
        expectedToMatch: true,
        why: "σ′ = 0 on every neuron whose weights are not symmetric, at every step, so Wᵀ D = W D here",
      };
    }
    return {
      expectedToMatch: false,
      why: "Wᵀ D puts W_kj where ∂x_j/∂x_k needs W_jk, and W_rec is not symmetric",
    };
  }
  // paperDenominator: Wᵀ D against D Wᵀ.
  if (sigmaPrimes.every((s) => s.every((value) => value === s[0]))) {
    return {
      expectedToMatch: true,
      why: "σ′ has one value across the neurons at every step (the linear activation has σ′ = 1), so Wᵀ D = D Wᵀ",
    };
  }
  if (wRec.every((row, r) => row.every((value, c) => r === c || value === 0))) {
    return { expectedToMatch: true, why: "W_rec is diagonal, so Wᵀ D = D Wᵀ" };
  }
  return {
    expectedToMatch: false,
    why: "read in denominator layout, Wᵀ D multiplies σ′(x_j) where ∂x_j/∂x_k needs σ′(x_k)",
  };
}

const CONVENTIONS = [
  "Model, eq. (2) of Pascanu, Mikolov & Bengio (2013) as written in CrossValidated answer 369441: x(t) = W_rec σ(x(t−1)) + W_in σ(u(t)) + b, with x the state before the activation.",
  "Matrices are arrays of rows. inputs.u[t−1] is u(t) for t = 1…T; states.*[t] is x(t), states.*[0] = x(0) = inputs.x0.",
  "steps[i−1] holds the one-step Jacobians ∂x(i)/∂x(i−1), taken at x(i−1) = states.float32[i−1] (finiteDifferences at states.float64[i−1], with h = finiteDifferenceSteps.oneStep).",
  "products.byK[k] holds ∂x(T)/∂x(k) (eq. 5), from the float32 states; finiteDifferences perturb x(k) of the float64 run with h = finiteDifferenceSteps.overTime.",
  "autodiff and finiteDifferences are the true Jacobian in numerator layout: entry [r][c] = ∂x_r/∂x_c.",
  "numerator = W diag(σ′) (numerator layout); denominator = diag(σ′) Wᵀ (denominator layout: entry [r][c] = ∂x_c/∂x_r); paper = Wᵀ diag(σ′), the paper's eq. (5), judged in both layouts (readings paperNumerator and paperDenominator). Products multiply in the order of productsOverTime: J_T ⋯ J_(k+1), reversed for the denominator layout.",
  "A comparison passes when maxRel ≤ relative or maxAbs ≤ absolute, per matrix; maxRel = max|actual − expected| / max|expected|.",
  "For products.byK[k], a product of T − k factors, the relative bounds of tolerances.autodiff, tolerances.float32VsFloat64 and tolerances.truth are multiplied by max(1, (T − k)/5).",
];

/**
 * Runs the whole check on the seeded network `randomRNN({ n, seed, activation, symmetric })`,
 * inputs `randomInputs(steps, 1, seed + 1)` and x⁽⁰⁾ = `randomState(n, seed + 2)`, with the tfjs
 * backend currently in use. Never throws on a failed check: the result says what failed.
 */
export function verify(options: Partial<VerifyOptions> = {}): VerifyResult {
  const settings: VerifyOptions = { ...VERIFY_DEFAULTS, ...options };
  checkOptions(settings);
  const { n, steps: T, activation, seed, symmetric } = settings;
  const seeds = { rnn: seed, inputs: seed + 1, x0: seed + 2 };
  const rnn = randomRNN({ n, seed: seeds.rnn, activation, symmetric });
  const u = randomInputs(T, rnn.m, seeds.inputs);
  const x0 = randomState(n, seeds.x0);

  const states32 = forward(rnn, u, x0);
  const states64 = forward64(rnn, u, x0);
  const drift = compareMatrices(states32, states64);

  // One step i = 1…T, at x⁽ⁱ⁻¹⁾.
  const steps: StepRecord[] = [];
  const forms64 = byForm((): Matrix[] => []);
  const forms64AtFloat32 = byForm((): Matrix[] => []);
  for (let i = 1; i <= T; i++) {
    const x32 = states32[i - 1];
    const x64 = states64[i - 1];
    for (const form of JACOBIAN_FORMS) {
      forms64[form].push(stepJacobian64(rnn, x64, form));
      forms64AtFloat32[form].push(stepJacobian64(rnn, x32, form));
    }
    steps.push({
      i,
      sigmaPrime: sigmaPrimeAt(rnn, x32),
      numerator: stepJacobian(rnn, x32, "numerator"),
      denominator: stepJacobian(rnn, x32, "denominator"),
      paper: stepJacobian(rnn, x32, "paper"),
      autodiff: autodiffStepJacobian(rnn, x32),
      finiteDifferences: finiteDifferenceStepJacobian(rnn, x64, FINITE_DIFFERENCE_STEPS.oneStep),
    });
  }

  // Products over time ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾, k = 0…T−1.
  const products32 = byForm((form) => productsOverTime(rnn, states32, form));
  const products64ByForm = byForm((form) => products64(rnn, states64, form));
  const products64AtFloat32 = byForm((form) => products64(rnn, states32, form));
  const byK: ProductRecord[] = [];
  for (let k = 0; k < T; k++) {
    byK.push({
      k,
      numerator: products32.numerator[k],
      denominator: products32.denominator[k],
      paper: products32.paper[k],
      autodiff: autodiffJacobianOverTime(rnn, u, x0, k, T),
      finiteDifferences: finiteDifferenceJacobianOverTime(
        rnn,
        u,
        x0,
        k,
        T,
        FINITE_DIFFERENCE_STEPS.overTime,
      ),
    });
  }

  const truth = {
    oneStep: summarize(
      steps.map((s) => [s.autodiff, s.finiteDifferences]),
      VERIFY_TOLERANCES.truth,
    ),
    products: summarize(
      byK.map((p) => [p.autodiff, p.finiteDifferences]),
      (k) => chainTolerance(VERIFY_TOLERANCES.truth, T - k),
    ),
    pass: false,
  };
  truth.pass = truth.oneStep.pass && truth.products.pass;

  const derivative = getActivation(activation).derivative;
  const sigmaPrimes64 = states64.slice(0, T).map((x) => x.map(derivative));
  const readings = READINGS.map((reading): ReadingResult => {
    const { form, layout, title } = READING_INFO[reading];
    const arrange = (truthMatrix: Matrix): Matrix =>
      layout === "numerator" ? truthMatrix : transposeMatrix(truthMatrix);
    const oneStep: ReadingChecks = {
      autodiff: summarize(
        steps.map((s) => [s[form], arrange(s.autodiff)]),
        VERIFY_TOLERANCES.autodiff,
      ),
      finiteDifferences: summarize(
        steps.map((s, index) => [forms64[form][index], arrange(s.finiteDifferences)]),
        VERIFY_TOLERANCES.finiteDifferences,
      ),
      float32VsFloat64: summarize(
        steps.map((s, index) => [s[form], forms64AtFloat32[form][index]]),
        VERIFY_TOLERANCES.float32VsFloat64,
      ),
    };
    const products: ReadingChecks = {
      autodiff: summarize(
        byK.map((p) => [p[form], arrange(p.autodiff)]),
        (k) => chainTolerance(VERIFY_TOLERANCES.autodiff, T - k),
      ),
      finiteDifferences: summarize(
        byK.map((p, k) => [products64ByForm[form][k], arrange(p.finiteDifferences)]),
        VERIFY_TOLERANCES.finiteDifferences,
      ),
      float32VsFloat64: summarize(
        byK.map((p, k) => [p[form], products64AtFloat32[form][k]]),
        (k) => chainTolerance(VERIFY_TOLERANCES.float32VsFloat64, T - k),
      ),
    };
    const matches = [oneStep, products].every(
      (checks) => checks.autodiff.pass && checks.finiteDifferences.pass,
    );
    const precise = oneStep.float32VsFloat64.pass && products.float32VsFloat64.pass;
    const { expectedToMatch, why } = expectation(reading, rnn.wRec, sigmaPrimes64);
    return {
      reading,
      title,
      matrix: MATRIX_TEXT[form],
      layout,
      oneStep,
      products,
      matches,
      expectedToMatch,
      why,
      ok: matches === expectedToMatch && precise,
    };
  });

  const notes: string[] = [];
  if (activation === "relu") {
    const margin = Math.min(...states64.slice(0, T).flat().map(Math.abs));
    if (margin < 100 * FINITE_DIFFERENCE_STEPS.overTime) {
      notes.push(
        `a state lies ${margin.toExponential(1)} from relu's kink at 0: a central difference that ` +
          "straddles the kink averages two slopes, so finite differences may be off there",
      );
    }
  }
  notes.push(
    `float32 and float64 trajectories differ by at most ${drift.maxAbs.toExponential(1)} ` +
      `(relative ${drift.maxRel.toExponential(1)}): information only, each check uses its own states`,
  );

  const ok = truth.pass && readings.every((r) => r.ok);
  return {
    options: settings,
    backend: currentBackend(),
    seeds,
    conventions: CONVENTIONS,
    inputs: { wRec: rnn.wRec, wIn: rnn.wIn, b: rnn.b, u, x0 },
    wRecSymmetric: isSymmetric(rnn.wRec),
    states: { float32: states32, float64: states64 },
    trajectory: { maxAbs: drift.maxAbs, maxRel: drift.maxRel },
    steps,
    products: { t: T, byK },
    finiteDifferenceSteps: FINITE_DIFFERENCE_STEPS,
    tolerances: VERIFY_TOLERANCES,
    truth,
    readings,
    notes,
    ok,
    verdict: verdictText(ok, truth.pass, readings),
  };
}

function worstRelative(result: ReadingResult): number {
  return Math.max(result.oneStep.autodiff.maxRel, result.products.autodiff.maxRel);
}

/** The names of the correctness checks a reading failed, e.g. "autodiff (one step)". */
function failedChecks(result: ReadingResult): string[] {
  const failed: string[] = [];
  for (const [kind, label] of [
    ["oneStep", "one step"],
    ["products", "products"],
  ] as const) {
    if (!result[kind].autodiff.pass) failed.push(`autodiff (${label})`);
    if (!result[kind].finiteDifferences.pass) failed.push(`finite differences (${label})`);
  }
  return failed;
}

/** One line: what held, what did not, and why. */
function verdictText(ok: boolean, truthAgrees: boolean, readings: ReadingResult[]): string {
  const sentences: string[] = [];
  if (!truthAgrees) {
    sentences.push(
      "autodiff and float64 finite differences disagree about the true Jacobian, so no form can be judged",
    );
  }
  const correct = readings.filter((r) => r.reading === "numerator" || r.reading === "denominator");
  if (correct.every((r) => r.matches)) {
    sentences.push(
      `the correct forms ${correct.map((r) => `${r.matrix} (${r.layout} layout)`).join(" and ")} ` +
        "match autodiff and float64 finite differences, one step and over time",
    );
  }
  for (const r of readings) {
    const precise = r.oneStep.float32VsFloat64.pass && r.products.float32VsFloat64.pass;
    if (!precise) {
      sentences.push(`${r.title}: float32 and float64 disagree beyond float32 precision`);
    }
    if (correct.includes(r)) {
      if (!r.matches) {
        const failed = failedChecks(r);
        const onlyDifferences = failed.every((name) => name.startsWith("finite differences"));
        sentences.push(
          `${r.title} (${r.matrix}) does NOT match: ${failed.join(", ")}` +
            (onlyDifferences
              ? " (autodiff agrees; central differences lose accuracy on long or fast-growing" +
                " runs and across relu's kink: try fewer steps or another seed)"
              : ""),
        );
      }
      continue;
    }
    const name = `the paper's ${r.matrix} read in ${r.layout} layout`;
    if (r.expectedToMatch && r.matches) {
      sentences.push(`${name} matches, because ${r.why}`);
    } else if (r.expectedToMatch) {
      sentences.push(`${name} does NOT match although it should (${r.why})`);
    } else if (!r.matches) {
      sentences.push(`${name} differs (max rel ${worstRelative(r).toPrecision(2)})`);
    } else {
      sentences.push(
        `${name} matches on this run although it should differ (${r.why}); try another seed`,
      );
    }
  }
  return `${ok ? "OK" : "FAILED"}: ${sentences.join("; ")}.`;
}
