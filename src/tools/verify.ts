/**
 * The whole check of this project in one call, on a seeded random network: every reading of the
 * one-step Jacobian (core/forms.ts; CrossValidated answer 369441 on eq. (5) of Pascanu, Mikolov &
 * Bengio 2013), computed by the float64 core, is compared with the true Jacobian obtained two
 * independent ways, tfjs autodiff of its own float32 forward pass (src/oracle/) and central
 * differences of the float64 forward pass (finiteDifferences.ts), at every step of a trajectory
 * and for the products over time ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ of eq. (5); the two checks are also compared with
 * each other. `verify` never throws on a failed check: the result says what failed.
 */
import { ActivationName } from "../core/activations";
import {
  FORM_INFO,
  JACOBIAN_FORMS,
  JacobianForm,
  READINGS,
  READING_INFO,
  Reading,
  formMatrix,
  isCorrectReading,
  readingEntry,
  sigmaPrimeAt,
} from "../core/forms";
import { InputTerm, forward, randomInputs, randomRNN, randomState } from "../core/model";
import { productsOverTime } from "../core/products";
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllSteps,
  autodiffStepJacobian,
} from "../oracle/autodiff";
import { currentBackend } from "../oracle/backend";
import { MatrixTolerance, compareMatrices, transposeMatrix, withinTolerance } from "../compare";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../finiteDifferences";
import { Matrix, assertFitsInMemory, assertPositiveInteger, assertSeed } from "../validate";

/** n hidden neurons, T = steps inputs, and: */
export interface VerifyOptions {
  n: number;
  steps: number;
  activation: ActivationName;
  /** An integer in [0, 2³² − 3]: the network, u and x⁽⁰⁾ use seed, seed + 1, seed + 2. */
  seed: number;
  /** Make W_rec symmetric: the case where the paper's form read in numerator layout is right. */
  symmetric: boolean;
  /** eq. (2)'s input term (core/model.ts); no Jacobian depends on it. */
  inputTerm: InputTerm;
  /**
   * Check the products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ at this many values of k, spread evenly over 0…T−1 (always
   * including T−1 and 0); default all T. Each k costs finite differences about T − k steps.
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
 * How close is close enough (`withinTolerance`: maxRel ≤ relative or maxAbs ≤ absolute):
 *   autodiff: float32 precision, 1e-5 ≈ 80 ulps (ε₃₂ = 1.2e-7), relative so that a wrong form is
 *     caught however small the products get (down to 1e-30, near float32's smallest normals).
 *   finiteDifferences: float64 against float64 central differences, error about 1e-10 (h²
 *     truncation plus ε₆₄·|x|/h rounding); products that vanished below 1e-7 are left to autodiff.
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
const FINITE_DIFFERENCE_STEPS = { oneStep: 1e-6, overTime: 1e-5 } as const;

/** One comparison over several matrices (all steps, or all k): the worst entries; all pass? */
export type CheckSummary = ReturnType<typeof summarize>;
export type VerifyResult = ReturnType<typeof verify>;

/** What verify is doing, for a progress line: `done` of `total` units of `stage`. */
export type VerifyProgress = { stage: string; done: number; total: number; elapsedSeconds: number };

/** The matrices of one step i (all at x⁽ⁱ⁻¹⁾), or of one product ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾. */
type Row = { [key in JacobianForm | "autodiff" | "finiteDifferences"]: Matrix };
/** Each row with the number of one-step factors its matrices multiply: 1, or T − k. */
type Rows = [row: Row, factors: number][];

/**
 * Compares `pair(row)` = [actual, expected] for every row, to the tolerance of `check`; a float32
 * bound grows with the row's factors (`chainTolerance`), the float64 bound of finite differences
 * does not.
 */
function summarize(
  rows: Rows,
  check: keyof typeof VERIFY_TOLERANCES,
  pair: (row: Row) => [Matrix, Matrix],
) {
  const tolerance = VERIFY_TOLERANCES[check];
  const comparisons = rows.map(([row, factors]) => ({ factors, ...compareMatrices(...pair(row)) }));
  return {
    maxAbs: Math.max(0, ...comparisons.map((c) => c.maxAbs)),
    maxRel: Math.max(0, ...comparisons.map((c) => c.maxRel)),
    pass: comparisons.every((c) =>
      withinTolerance(
        c,
        check === "finiteDifferences" ? tolerance : chainTolerance(tolerance, c.factors),
      ),
    ),
  };
}

/**
 * Checks the options (throws naming the field) and makes what `verify` checks: the network
 * (seed), the inputs u (seed + 1) and the start state x⁽⁰⁾ (seed + 2).
 */
function setUp(options: Partial<VerifyOptions>) {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  const settings: VerifyOptions = { ...VERIFY_DEFAULTS, ...options };
  const { n, steps: T, seed } = settings;
  assertPositiveInteger("n", n);
  assertPositiveInteger("steps", T);
  assertSeed("seed", seed, 2 ** 32 - 3);
  if (settings.sampleK !== Infinity) assertPositiveInteger("sampleK", settings.sampleK);
  settings.sampleK = Math.min(settings.sampleK, T);
  if (typeof settings.symmetric !== "boolean") {
    throw new TypeError(`symmetric must be true or false, got ${String(settings.symmetric)}`);
  }
  // Per step and per checked k: three forms and two checks of n×n; the states; JSON text besides.
  assertFitsInMemory(`verify with n = ${n}, steps = ${T}`, 2 * 5 * T * n * n);
  const seeds = { rnn: seed, inputs: seed + 1, x0: seed + 2 };
  const rnn = randomRNN({ ...settings, seed: seeds.rnn });
  const u = randomInputs(T, rnn.m, seeds.inputs);
  return { settings, seeds, rnn, u, x0: randomState(n, seeds.x0) };
}

/**
 * The k at which the products are checked: `count` ≤ T values spread evenly over 0…T−1, T−1 and 0
 * first (distinct: the spacing is at least 1 before rounding).
 */
function sampledKs(T: number, count: number): number[] {
  if (count === 1) return [T - 1];
  return Array.from({ length: count }, (_, i) => Math.round(((T - 1) * i) / (count - 1)));
}

/**
 * Seconds `verify(options)` is expected to take. One product over a few steps is timed for each
 * check (after an untimed call that compiles code and kernels). Autodiff finds every
 * ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in one backward pass (about T steps) and each one-step Jacobian in about one step;
 * finite differences cost about T − k steps for each checked k, and one step per one-step matrix.
 */
export function estimateVerifySeconds(options: Partial<VerifyOptions> = {}): number {
  const { settings, rnn, u, x0 } = setUp(options);
  const T = settings.steps;
  const pilot = Math.min(T, 3);
  const secondsPerStep = (f: () => unknown): number => {
    f();
    const started = performance.now();
    f();
    return (performance.now() - started) / 1000 / pilot;
  };
  return verifySeconds(
    settings,
    secondsPerStep(() => autodiffJacobianOverTime(rnn, u, x0, T - pilot, T)),
    secondsPerStep(() => finiteDifferenceJacobianOverTime(rnn, u, x0, T - pilot, T)),
  );
}

/**
 * The cost model (a separate function so a test can check it without timing anything): autodiff
 * finds every ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in one backward pass, about T steps, and each one-step Jacobian in about
 * one; finite differences cost T − k steps for each checked k, and one step per one-step matrix.
 */
export function verifySeconds(
  settings: VerifyOptions,
  autodiffPerStep: number,
  differencesPerStep: number,
): number {
  const T = settings.steps;
  const span = sampledKs(T, settings.sampleK).reduce((sum, k) => sum + (T - k), 0);
  return autodiffPerStep * 2 * T + differencesPerStep * (span + T);
}

/** One value per Jacobian form. */
const byForm = <T>(make: (form: JacobianForm) => T) =>
  Object.fromEntries(JACOBIAN_FORMS.map((form) => [form, make(form)])) as Record<JacobianForm, T>;

/** Runs the whole check with the tfjs backend in use; `onProgress` hears about the slow parts. */
export function verify(
  options: Partial<VerifyOptions> = {},
  onProgress?: (progress: VerifyProgress) => void,
) {
  const { settings, seeds, rnn, u, x0 } = setUp(options);
  const started = performance.now();
  const report = (stage: string, done: number, total: number) =>
    onProgress?.({ stage, done, total, elapsedSeconds: (performance.now() - started) / 1000 });
  const T = settings.steps;
  const states = forward(rnn, u, x0);
  const sigmaPrimes = states.slice(0, T).map((x) => sigmaPrimeAt(rnn, x));
  const { oneStep: hStep, overTime: hTime } = FINITE_DIFFERENCE_STEPS;

  const steps = sigmaPrimes.map((s, index) => {
    report("one-step Jacobians", index, T);
    return {
      i: index + 1,
      sigmaPrime: s,
      ...byForm((form) => formMatrix(form, rnn.wRec, s)),
      autodiff: autodiffStepJacobian(rnn, states[index]),
      finiteDifferences: finiteDifferenceStepJacobian(rnn, states[index], hStep),
    };
  });

  const products = byForm((form) => productsOverTime(rnn, states, form));
  const ks = sampledKs(T, settings.sampleK);
  report("products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by autodiff, every k in one backward pass", 0, 1);
  const autodiff = autodiffJacobiansToAllSteps(rnn, u, x0, T);
  const differencesStage = "products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by finite differences";
  const byK = ks.map((k, index) => {
    report(differencesStage, index, ks.length);
    return {
      k,
      ...byForm((form) => products[form][k]),
      autodiff: autodiff[k],
      finiteDifferences: finiteDifferenceJacobianOverTime(rnn, u, x0, k, T, hTime),
    };
  });
  report(differencesStage, ks.length, ks.length);

  const kinds: Record<"oneStep" | "products", Rows> = {
    oneStep: steps.map((row) => [row, 1]),
    products: byK.map((row) => [row, T - row.k]),
  };
  const [oneStep, overTime] = [kinds.oneStep, kinds.products].map((kind) =>
    summarize(kind, "truth", (r) => [r.autodiff, r.finiteDifferences]),
  );
  const truth = { oneStep, products: overTime, pass: oneStep.pass && overTime.pass };
  const w = rnn.wRec;
  const wRecSymmetric = w.every((row, r) => row.every((value, c) => value === w[c][r]));
  const oneSigmaPrime = sigmaPrimes.every((s) => s.every((v) => v === s[0]));
  const readings = READINGS.map((reading) =>
    judge(reading, kinds, { n: settings.n, wRecSymmetric, oneSigmaPrime }),
  );

  const notes: string[] = [];
  const margin = Math.min(...states.slice(0, T).map((x) => Math.min(...x.map(Math.abs))));
  if (rnn.activation === "relu" && margin < 100 * hTime) {
    notes.push(
      `a state lies ${margin.toExponential(1)} from relu's kink at 0: a central difference that ` +
        "straddles the kink averages two slopes, so finite differences may be off there",
    );
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
    inputs: { wRec: w, wIn: rnn.wIn, b: rnn.b, u, x0 },
    wRecSymmetric,
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

/**
 * One reading against both checks, one step and over time, and what the algebra predicts. The
 * reading holds W[row][col]·σ′(x[neuron]) where ∂x_j/∂x_k = W_jk σ′(x_k) (`readingEntry`); one that
 * moves the weight or the slope still matches where the move changes nothing (W_rec symmetric,
 * n = 1, one σ′ for all neurons): exactly when its one-step matrices equal W D at every step.
 */
function judge(
  reading: Reading,
  kinds: Record<"oneStep" | "products", Rows>,
  run: { n: number; wRecSymmetric: boolean; oneSigmaPrime: boolean },
) {
  const { form, layout, title } = READING_INFO[reading];
  const arrange = (m: Matrix): Matrix => (layout === "numerator" ? m : transposeMatrix(m));
  const checks = (kind: Rows) => ({
    autodiff: summarize(kind, "autodiff", (r) => [r[form], arrange(r.autodiff)]),
    finiteDifferences: summarize(kind, "finiteDifferences", (r) => [
      r[form],
      arrange(r.finiteDifferences),
    ]),
  });
  const oneStep = checks(kinds.oneStep);
  const products = checks(kinds.products);
  const matches = [oneStep, products].every((c) => c.autodiff.pass && c.finiteDifferences.pass);

  const matrix = FORM_INFO[form].text;
  const e = readingEntry(reading, 0, 1);
  const [row, col, neuron, at0, at1] = [e.row, e.col, e.neuron, ...e.matrixEntry].map(
    (index) => "jk"[index],
  );
  const claim = `${matrix} has W_${row}${col} σ′(x_${neuron}) at (${at0}, ${at1})`;
  const correct = isCorrectReading(reading);
  const expectedToMatch =
    correct ||
    kinds.oneStep.every(([r]) => compareMatrices(arrange(r[form]), r.numerator).maxAbs === 0);
  const reasons =
    run.n === 1
      ? ["n = 1: W is 1×1"]
      : [
          ...(row !== "j" && run.wRecSymmetric ? ["W_rec is symmetric"] : []),
          ...(neuron !== "k" && run.oneSigmaPrime
            ? ["σ′ has one value across the neurons at every step"]
            : []),
        ];
  const reason = reasons.length > 0 ? reasons.join(" and ") : "entry by entry on this run";
  const why = correct
    ? `${claim}, which is ∂x_j/∂x_k`
    : expectedToMatch
      ? `${reason}: ${claim}, equal to W_jk σ′(x_k) for every j, k at every step`
      : `${claim} where ∂x_j/∂x_k is W_jk σ′(x_k)`;
  return {
    reading,
    title,
    /** The matrix the reading uses, e.g. "Wᵀ D" (D = diag(σ′(x⁽ⁱ⁻¹⁾))). */
    matrix,
    layout,
    oneStep,
    products,
    matches,
    expectedToMatch,
    why,
    ok: matches === expectedToMatch,
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

/** One line: what held, what did not, and why. */
function verdictText(ok: boolean, truthAgrees: boolean, readings: ReturnType<typeof judge>[]) {
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
      if (r.matches) continue;
      // Which check failed, one step or over time, the report's tables show.
      const autodiffAgrees = r.oneStep.autodiff.pass && r.products.autodiff.pass;
      sentences.push(
        `${r.title} (${r.matrix}) does NOT match ` +
          (autodiffAgrees
            ? "finite differences (autodiff agrees; central differences lose accuracy on long or" +
              " fast-growing runs and across relu's kink: try fewer steps or another seed)"
            : "autodiff"),
      );
      continue;
    }
    const worst = Math.max(r.oneStep.autodiff.maxRel, r.products.autodiff.maxRel);
    const outcome = r.expectedToMatch
      ? r.matches
        ? `matches, because ${r.why}`
        : `does NOT match although it should (${r.why})`
      : r.matches
        ? `matches on this run although it should differ (${r.why}); try another seed`
        : `differs (max rel ${worst.toPrecision(2)})`;
    sentences.push(`the paper's ${r.matrix} read in ${r.layout} layout ${outcome}`);
  }
  return `${ok ? "OK" : "FAILED"}: ${sentences.join("; ")}.`;
}
