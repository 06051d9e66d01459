/**
 * The whole check of this project in one call, on a seeded random network: every reading of the
 * one-step Jacobian (core/forms.ts; CrossValidated answer 369441 on eq. (5) of Pascanu, Mikolov &
 * Bengio 2013), computed by the float64 core, is compared with the true Jacobian obtained two
 * independent ways,
 *
 *   autodiff:            tfjs gradients of its own float32 forward pass (src/autodiff.ts)
 *   finite differences:  central differences of the float64 forward pass (finiteDifferences.ts)
 *
 * at every step of a trajectory and for the products over time ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ of eq. (5). The two
 * checks are also compared with each other. `verify` never throws on a failed check: the result
 * says what failed. The command line (cli.ts) prints it with report.ts.
 */
import { ACTIVATION_NAMES, ActivationName, getActivation } from "../core/activations";
import {
  FORM_INFO,
  JACOBIAN_FORMS,
  JacobianForm,
  READINGS,
  READING_INFO,
  Reading,
  describeEntry,
  formMatrix,
  isCorrectReading,
} from "../core/forms";
import {
  INPUT_TERMS,
  InputTerm,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "../core/model";
import { productsOverTime } from "../core/products";
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllSteps,
  autodiffStepJacobian,
} from "../autodiff";
import { currentBackend } from "../backend";
import { MatrixTolerance, compareMatrices, transposeMatrix, withinTolerance } from "../compare";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../finiteDifferences";
import {
  Matrix,
  Vector,
  assertFitsInMemory,
  assertOneOf,
  assertPositiveInteger,
  assertSeed,
} from "../validate";

export interface VerifyOptions {
  /** Hidden neurons. */
  n: number;
  /** Length T of the input sequence. */
  steps: number;
  activation: ActivationName;
  /** An integer in [0, 2³² − 3]: the network, u and x⁽⁰⁾ use seed, seed + 1, seed + 2. */
  seed: number;
  /** Make W_rec symmetric: the case where the paper's form read in numerator layout is right. */
  symmetric: boolean;
  /** eq. (2)'s input term (core/model.ts); no Jacobian depends on it. */
  inputTerm: InputTerm;
  /**
   * Check the products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ against autodiff and finite differences at this many values of
   * k, spread evenly over 0…T−1 (always including T−1 and 0); default all T. Each k costs the
   * checks about T − k steps, so a sample makes a long run affordable.
   */
  sampleK: number;
}

export const VERIFY_DEFAULTS: Readonly<VerifyOptions> = {
  n: 4,
  steps: 5,
  activation: "tanh",
  seed: 0,
  symmetric: false,
  inputTerm: "paper",
  sampleK: Infinity,
};

/**
 * How close is close enough (see `withinTolerance`: maxRel ≤ relative or maxAbs ≤ absolute):
 *   autodiff: the float64 core against float32 autodiff, which runs its own float32 trajectory:
 *     float32 precision, 1e-5 ≈ 80 ulps (ε₃₂ = 1.2e-7), relative so that a wrong form is caught
 *     however small the products get (down to the floor 1e-30, near float32's smallest normal
 *     numbers, 1.2e-38, where it keeps fewer digits).
 *   finiteDifferences: float64 against float64 central differences; error about 1e-10 (h²
 *     truncation plus ε₆₄·|x|/h rounding). 1e-7 relative to max(1, max|expected|): products that
 *     have vanished below 1e-7 are judged by autodiff (relative) instead.
 *   truth: autodiff against finite differences: float32 precision, the differences' floor.
 * For a product of L > 5 factors the float32 bounds grow × L/5 (`chainTolerance`): float32
 * rounding adds up along the chain (measured 3e-5 relative for L = 100, n = 8).
 */
export const VERIFY_TOLERANCES = {
  autodiff: { relative: 1e-5, absolute: 1e-30 },
  finiteDifferences: { relative: 1e-7, absolute: 1e-7 },
  truth: { relative: 1e-5, absolute: 1e-7 },
} as const satisfies Record<string, MatrixTolerance>;

/** Products of up to this many factors are held to the float32 bounds unscaled. */
export const FLOAT32_CHAIN_LENGTH = 5;

/** The float32 tolerance for a product of `factors` one-step matrices (× factors/5 beyond 5). */
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

/** A reading's matrices against each check, arranged in the reading's layout. */
export interface ReadingChecks {
  autodiff: CheckSummary;
  finiteDifferences: CheckSummary;
}

export interface ReadingResult {
  reading: Reading;
  title: string;
  /** The matrix the reading uses, e.g. "Wᵀ D" (D = diag(σ′(x⁽ⁱ⁻¹⁾))). */
  matrix: string;
  layout: "numerator" | "denominator";
  oneStep: ReadingChecks;
  products: ReadingChecks;
  /** Within tolerance of both checks, one step and over time. */
  matches: boolean;
  /** What the algebra predicts for this run (entry by entry, at every step), and why. */
  expectedToMatch: boolean;
  why: string;
  /** matches equals expectedToMatch. */
  ok: boolean;
}

/** The matrices of one step i, all taken at x⁽ⁱ⁻¹⁾. */
export interface StepRecord {
  i: number;
  /** σ′(x⁽ⁱ⁻¹⁾). */
  sigmaPrime: Vector;
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
  /** [x⁽⁰⁾ … x⁽ᵀ⁾] of the float64 forward pass. */
  states: Matrix;
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

/** What verify is doing, for a progress line: `done` of `total` units of `stage`. */
export interface VerifyProgress {
  stage: string;
  done: number;
  total: number;
  elapsedSeconds: number;
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

/** Checks the options; throws naming the field. Returns them complete. */
export function checkVerifyOptions(options: Partial<VerifyOptions> = {}): VerifyOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  const settings: VerifyOptions = { ...VERIFY_DEFAULTS, ...options };
  assertPositiveInteger("n", settings.n);
  assertPositiveInteger("steps", settings.steps);
  assertOneOf("activation", settings.activation, ACTIVATION_NAMES);
  assertSeed("seed", settings.seed, 2 ** 32 - 3);
  assertOneOf("inputTerm", settings.inputTerm, INPUT_TERMS);
  if (settings.sampleK !== Infinity) assertPositiveInteger("sampleK", settings.sampleK);
  settings.sampleK = Math.min(settings.sampleK, settings.steps);
  if (typeof settings.symmetric !== "boolean") {
    throw new TypeError(`symmetric must be true or false, got ${String(settings.symmetric)}`);
  }
  // Per step and per checked k: three forms and two checks of n×n; the states; JSON text besides.
  const { n, steps: T } = settings;
  assertFitsInMemory(`verify with n = ${n}, steps = ${T}`, 2 * 5 * T * n * n);
  return settings;
}

/** The k at which the products are checked: `count` values spread over 0…T−1, T−1 and 0 first. */
export function sampledKs(T: number, count: number): number[] {
  if (count >= T) return Array.from({ length: T }, (_, k) => k);
  if (count === 1) return [T - 1];
  const ks = new Set<number>();
  for (let i = 0; i < count; i++) ks.add(Math.round(((T - 1) * i) / (count - 1)));
  return [...ks].sort((a, b) => a - b);
}

/**
 * The network, inputs and start state `verify` uses: `randomRNN({ n, seed, activation,
 * symmetric, inputTerm })`, `randomInputs(steps, 1, seed + 1)`, `randomState(n, seed + 2)`.
 */
function setUp(settings: VerifyOptions) {
  const { n, steps, activation, seed, symmetric, inputTerm } = settings;
  const seeds = { rnn: seed, inputs: seed + 1, x0: seed + 2 };
  const rnn = randomRNN({ n, seed: seeds.rnn, activation, symmetric, inputTerm });
  return { seeds, rnn, u: randomInputs(steps, rnn.m, seeds.inputs), x0: randomState(n, seeds.x0) };
}

/**
 * Seconds `verify(options)` is expected to take, from a pilot: one product over a few steps is
 * timed for each check, then scaled: autodiff finds every ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in one backward pass (about
 * T steps), finite differences cost about T − k steps for each checked k.
 */
export function estimateVerifySeconds(options: Partial<VerifyOptions> = {}): number {
  const settings = checkVerifyOptions(options);
  const { rnn, u, x0 } = setUp(settings);
  const T = settings.steps;
  const pilot = Math.min(T, 3);
  const time = (f: () => unknown): number => {
    const started = performance.now();
    f();
    return (performance.now() - started) / 1000 / pilot;
  };
  // Once untimed first: the first calls compile code and kernels, which a long run pays once.
  const autodiff = () => autodiffJacobianOverTime(rnn, u, x0, T - pilot, T);
  const differences = () => finiteDifferenceJacobianOverTime(rnn, u, x0, T - pilot, T);
  autodiff();
  differences();
  return verifySeconds(settings, time(autodiff), time(differences));
}

/** The cost model of `estimateVerifySeconds`, from the seconds one step of each check takes. */
export function verifySeconds(
  settings: VerifyOptions,
  autodiffPerStep: number,
  differencesPerStep: number,
): number {
  const T = settings.steps;
  const span = sampledKs(T, settings.sampleK).reduce((sum, k) => sum + (T - k), 0);
  // The one-step checks cost about one step of each; autodiff's products one pass of T steps.
  return autodiffPerStep * 2 * T + differencesPerStep * (span + T);
}

/**
 * Runs the whole check (see the top of this file) with the tfjs backend in use. `onProgress`, if
 * given, hears about the slow parts as they advance.
 */
export function verify(
  options: Partial<VerifyOptions> = {},
  onProgress?: (progress: VerifyProgress) => void,
): VerifyResult {
  const settings = checkVerifyOptions(options);
  const started = performance.now();
  const report = (stage: string, done: number, total: number) =>
    onProgress?.({ stage, done, total, elapsedSeconds: (performance.now() - started) / 1000 });
  const { seeds, rnn, u, x0 } = setUp(settings);
  const T = settings.steps;
  const states = forward(rnn, u, x0);
  const derivative = getActivation(rnn.activation).derivative;
  const sigmaPrimes = states.slice(0, T).map((x) => x.map(derivative));

  const steps: StepRecord[] = [];
  for (let i = 1; i <= T; i++) {
    report("one-step Jacobians", i - 1, T);
    const x = states[i - 1];
    const s = sigmaPrimes[i - 1];
    steps.push({
      i,
      sigmaPrime: s,
      ...byForm((form) => formMatrix(form, rnn.wRec, s)),
      autodiff: autodiffStepJacobian(rnn, x),
      finiteDifferences: finiteDifferenceStepJacobian(rnn, x, FINITE_DIFFERENCE_STEPS.oneStep),
    });
  }

  const products = byForm((form) => productsOverTime(rnn, states, form));
  const ks = sampledKs(T, settings.sampleK);
  report("products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by autodiff, every k in one backward pass", 0, 1);
  const autodiff = autodiffJacobiansToAllSteps(rnn, u, x0, T);
  const byK: ProductRecord[] = ks.map((k, index) => {
    report("products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by finite differences", index, ks.length);
    return {
      k,
      ...byForm((form) => products[form][k]),
      autodiff: autodiff[k],
      finiteDifferences: finiteDifferenceJacobianOverTime(
        rnn,
        u,
        x0,
        k,
        T,
        FINITE_DIFFERENCE_STEPS.overTime,
      ),
    };
  });
  report("products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by finite differences", ks.length, ks.length);

  const chain = (tolerance: MatrixTolerance) => (index: number) =>
    chainTolerance(tolerance, T - byK[index].k);
  const truth = {
    oneStep: summarize(
      steps.map((s) => [s.autodiff, s.finiteDifferences]),
      VERIFY_TOLERANCES.truth,
    ),
    products: summarize(
      byK.map((p) => [p.autodiff, p.finiteDifferences]),
      chain(VERIFY_TOLERANCES.truth),
    ),
    pass: false,
  };
  truth.pass = truth.oneStep.pass && truth.products.pass;

  const readings = READINGS.map((reading): ReadingResult => {
    const { form, layout, title } = READING_INFO[reading];
    const arrange = (m: Matrix): Matrix => (layout === "numerator" ? m : transposeMatrix(m));
    const checks = <R extends { autodiff: Matrix; finiteDifferences: Matrix }>(
      records: (R & Record<JacobianForm, Matrix>)[],
      autodiffTolerance: MatrixTolerance | ((index: number) => MatrixTolerance),
    ): ReadingChecks => ({
      autodiff: summarize(
        records.map((r) => [r[form], arrange(r.autodiff)]),
        autodiffTolerance,
      ),
      finiteDifferences: summarize(
        records.map((r) => [r[form], arrange(r.finiteDifferences)]),
        VERIFY_TOLERANCES.finiteDifferences,
      ),
    });
    const oneStep = checks(steps, VERIFY_TOLERANCES.autodiff);
    const productChecks = checks(byK, chain(VERIFY_TOLERANCES.autodiff));
    const matches = [oneStep, productChecks].every(
      (c) => c.autodiff.pass && c.finiteDifferences.pass,
    );
    const { expectedToMatch, why } = expectation(reading, rnn.wRec, sigmaPrimes);
    return {
      reading,
      title,
      matrix: FORM_INFO[form].text,
      layout,
      oneStep,
      products: productChecks,
      matches,
      expectedToMatch,
      why,
      ok: matches === expectedToMatch,
    };
  });

  const notes: string[] = [];
  if (rnn.activation === "relu") {
    const margin = Math.min(...states.slice(0, T).flat().map(Math.abs));
    if (margin < 100 * FINITE_DIFFERENCE_STEPS.overTime) {
      notes.push(
        `a state lies ${margin.toExponential(1)} from relu's kink at 0: a central difference that ` +
          "straddles the kink averages two slopes, so finite differences may be off there",
      );
    }
  }
  if (ks.length < T) {
    notes.push(`products checked at ${ks.length} of ${T} values of k: k = ${ks.join(", ")}`);
  }

  const ok = truth.pass && readings.every((r) => r.ok);
  return {
    options: settings,
    backend: currentBackend(),
    seeds,
    conventions: CONVENTIONS,
    inputs: { wRec: rnn.wRec, wIn: rnn.wIn, b: rnn.b, u, x0 },
    wRecSymmetric: rnn.wRec.every((row, r) => row.every((value, c) => value === rnn.wRec[c][r])),
    states,
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

/** One value per Jacobian form. */
function byForm<T>(make: (form: JacobianForm) => T): Record<JacobianForm, T> {
  return Object.fromEntries(JACOBIAN_FORMS.map((form) => [form, make(form)])) as Record<
    JacobianForm,
    T
  >;
}

/** "W_kj σ′(x_k)": what a reading gives for ∂x_j/∂x_k, with the letters j and k. */
function claimText(reading: Reading): string {
  const e = describeEntry({ reading, j: 0, k: 1, n: 2 });
  const letter = (index: number) => (index === 0 ? "j" : "k");
  return `W_${letter(e.weight.row)}${letter(e.weight.col)} σ′(x_${letter(e.sigmaPrimeOf)})`;
}

/**
 * What the algebra predicts, entry by entry: the reading gives W[row][col]·s[neuron] for
 * ∂x_j/∂x_k = W_jk s_k; it matches on this run exactly when the two are equal for every j, k at
 * every step (for the printed form: W symmetric, n = 1, equal slopes of connected neurons, …).
 */
function expectation(
  reading: Reading,
  wRec: Matrix,
  sigmaPrimes: Vector[],
): { expectedToMatch: boolean; why: string } {
  const { form, layout } = READING_INFO[reading];
  const at = layout === "numerator" ? "(j, k)" : "(k, j)";
  const claim = `${FORM_INFO[form].text} has ${claimText(reading)} at ${at}`;
  if (isCorrectReading(reading)) {
    return { expectedToMatch: true, why: `${claim}, which is ∂x_j/∂x_k` };
  }
  const n = wRec.length;
  const equalEverywhere = sigmaPrimes.every((s) =>
    wRec.every((row, j) =>
      row.every((w, k) => {
        const e = describeEntry({ reading, j, k, n });
        return wRec[e.weight.row][e.weight.col] * s[e.sigmaPrimeOf] === w * s[k];
      }),
    ),
  );
  if (!equalEverywhere) {
    return { expectedToMatch: false, why: `${claim} where ∂x_j/∂x_k is W_jk σ′(x_k)` };
  }
  // Why it holds here: what the reading moved (the weight's indices, the slope's neuron) is
  // invariant on this run.
  const e = describeEntry({ reading, j: 0, k: 1, n: 2 });
  const reasons: string[] = [];
  if (n === 1) reasons.push("n = 1: W is 1×1");
  else {
    if (e.weight.row !== 0 && wRec.every((row, j) => row.every((w, k) => w === wRec[k][j]))) {
      reasons.push("W_rec is symmetric");
    }
    if (e.sigmaPrimeOf !== 1 && sigmaPrimes.every((s) => s.every((v) => v === s[0]))) {
      reasons.push("σ′ has one value across the neurons at every step");
    }
  }
  const reason = reasons.length > 0 ? reasons.join(" and ") : "entry by entry on this run";
  return {
    expectedToMatch: true,
    why: `${reason}: ${claim}, equal to W_jk σ′(x_k) for every j, k at every step`,
  };
}

const CONVENTIONS = [
  'Model, eq. (2) of Pascanu, Mikolov & Bengio (2013): x(t) = W_rec σ(x(t−1)) + W_in u(t) + b (options.inputTerm "paper"), or W_in σ(u(t)) as CrossValidated answer 369441 quotes it ("answer"); x is the state before the activation.',
  "Matrices are arrays of rows. inputs.u[t−1] is u(t) for t = 1…T; states[t] is x(t) of the float64 forward pass, states[0] = x(0) = inputs.x0.",
  "steps[i−1] holds the one-step Jacobians ∂x(i)/∂x(i−1), taken at x(i−1) = states[i−1] (finiteDifferences with h = finiteDifferenceSteps.oneStep).",
  "products.byK[·] holds ∂x(T)/∂x(k) (eq. 5) for its k; autodiff runs its own float32 forward pass; finiteDifferences perturb x(k) of the float64 run with h = finiteDifferenceSteps.overTime.",
  "autodiff and finiteDifferences are the true Jacobian in numerator layout: entry [r][c] = ∂x_r/∂x_c.",
  "numerator = W diag(σ′) (numerator layout); denominator = diag(σ′) Wᵀ (denominator layout: entry [r][c] = ∂x_c/∂x_r); paper = Wᵀ diag(σ′), the paper's eq. (5), judged in both layouts (readings paperNumerator and paperDenominator). Products multiply in eq. (5)'s order J_T ⋯ J_(k+1), transposed for the denominator layout.",
  "A comparison passes when maxRel ≤ relative or maxAbs ≤ absolute, per matrix; maxRel = max|actual − expected| / max|expected|.",
  "For a product of T − k factors, the relative bounds of tolerances.autodiff and tolerances.truth are multiplied by max(1, (T − k)/5).",
];

function worstRelative(result: ReadingResult): number {
  return Math.max(result.oneStep.autodiff.maxRel, result.products.autodiff.maxRel);
}

/** The names of the checks a reading failed, e.g. "autodiff (one step)". */
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
  const correct = readings.filter((r) => isCorrectReading(r.reading));
  if (correct.every((r) => r.matches)) {
    sentences.push(
      `the correct forms ${correct.map((r) => `${r.matrix} (${r.layout} layout)`).join(" and ")} ` +
        "match autodiff and float64 finite differences, one step and over time",
    );
  }
  for (const r of readings) {
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
