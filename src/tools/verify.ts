/**
 * The whole check on a seeded random network: each reading of the one-step Jacobian (core/forms.ts;
 * answer 369441 on eq. (5) of Pascanu, Mikolov & Bengio 2013) against the true Jacobian two ways,
 * float32 tfjs autodiff and float64 central differences (also compared with each other), at every
 * step and for the products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ of eq. (5). A failed check is in the result, not thrown.
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
  readingEntry,
} from "../core/forms";
import { isCorrectReading, sigmaPrimeAt } from "../checked/jacobians";
import { InputTerm } from "../core/model";
import { forward, randomInputs, randomRNN, randomState } from "../checked/network";
import { productsOverTime } from "../fast/products";
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllSteps,
  autodiffStepJacobian,
} from "../oracle/autodiff";
import { currentBackend } from "../oracle/backend";
import { MatrixTolerance, compareMatrices, withinTolerance } from "../shared/compare";
import {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "../oracle/finiteDifferences";
import {
  Matrix,
  assertBoolean,
  assertFitsInMemory,
  assertOptions,
  assertPositiveInteger,
  assertSeed,
} from "../shared/validate";
import { transposeMatrix } from "../checked/norms";

/** n hidden neurons, T = steps inputs, and: */
const DEFAULTS = {
  n: 4,
  steps: 5,
  activation: "tanh" as ActivationName,
  /** An integer in [0, 2³² − 1]: the network, u and x⁽⁰⁾ are its streams (random.ts). */
  seed: 0,
  /** Make W_rec symmetric: the case where the paper's form read in numerator layout is right. */
  symmetric: false,
  /** eq. (2)'s input term (core/model.ts); no Jacobian depends on it. */
  inputTerm: "paper" as InputTerm,
  /** Check the products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ at this many k spread over 0…T−1 (T−1 and 0 first). */
  sampleK: Infinity,
};
export type VerifyOptions = typeof DEFAULTS;
export const VERIFY_DEFAULTS: Readonly<VerifyOptions> = DEFAULTS;

/**
 * maxRel ≤ relative or maxAbs ≤ absolute. autodiff: float32, 1e-5 ≈ 80 ulps, relative so a wrong
 * form is caught however small the products get. finiteDifferences: float64, error about 1e-10 (h²
 * truncation, ε₆₄·|x|/h rounding), products below 1e-7 left to autodiff. truth: autodiff against
 * finite differences. Float32 rounding adds up over a product (3e-5 for L = 100 factors, n = 8).
 */
export const VERIFY_TOLERANCES = {
  autodiff: { relative: 1e-5, absolute: 1e-30 },
  finiteDifferences: { relative: 1e-7, absolute: 1e-7 },
  truth: { relative: 1e-5, absolute: 1e-7 },
} as const satisfies Record<string, MatrixTolerance>;

/** Products of more factors than this get float32 bounds × factors/5 (`chainTolerance`). */
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
type Check = keyof typeof VERIFY_TOLERANCES;

/** `pair(row)` = [actual, expected] for every row, to `check`'s tolerance (float32: chained). */
function summarize(rows: Rows, check: Check, pair: (row: Row) => [Matrix, Matrix]) {
  const comparisons = rows.map(([row, factors]) => {
    const c = compareMatrices(...pair(row));
    const tolerance = VERIFY_TOLERANCES[check];
    const chained = check === "finiteDifferences" ? tolerance : chainTolerance(tolerance, factors);
    return { ...c, pass: withinTolerance(c, chained) };
  });
  return {
    maxAbs: Math.max(0, ...comparisons.map((c) => c.maxAbs)),
    maxRel: Math.max(0, ...comparisons.map((c) => c.maxRel)),
    pass: comparisons.every((c) => c.pass),
  };
}

/** Checks the options (naming the field) and makes the network, the inputs u and x⁽⁰⁾. */
function setUp(options: Partial<VerifyOptions>) {
  assertOptions("options", options, Object.keys(VERIFY_DEFAULTS));
  const settings: VerifyOptions = { ...VERIFY_DEFAULTS, ...options };
  const { n, steps: T, seed } = settings;
  assertPositiveInteger("n", n);
  assertPositiveInteger("steps", T);
  assertSeed("seed", seed);
  if (settings.sampleK !== Infinity) assertPositiveInteger("sampleK", settings.sampleK);
  settings.sampleK = Math.min(settings.sampleK, T);
  assertBoolean("symmetric", settings.symmetric);
  assertFitsInMemory(`verify with n = ${n}, steps = ${T}`, verifyNumbers(n, T));
  // One seed, one stream per draw (random.ts): "network", "inputs" and "state".
  const seeds = { rnn: [seed, "network"], inputs: [seed, "inputs"], x0: [seed, "state"] } as const;
  const { activation, symmetric, inputTerm } = settings;
  const rnn = randomRNN({ n, seed, activation, symmetric, inputTerm });
  const u = randomInputs(T, rnn.m, seed, seeds.inputs[1]);
  return { settings, seeds, rnn, u, x0: randomState(n, seed, seeds.x0[1]) };
}

/**
 * How many float64 numbers verify holds at once for n neurons and T steps: per step and per
 * checked k, three forms and two checks of n×n; the states; the JSON text besides (× 2).
 */
export function verifyNumbers(n: number, T: number): number {
  return 2 * 5 * T * n * n;
}

/** The k at which the products are checked: `count` ≤ T distinct values spread over 0…T−1. */
function sampledKs(T: number, count: number): number[] {
  if (count === 1) return [T - 1];
  return Array.from({ length: count }, (_, i) => Math.round(((T - 1) * i) / (count - 1)));
}

/** Seconds a call of a check takes over L steps: `fixed` + `perStep` · L. */
export type CallCost = { fixed: number; perStep: number };
/** The timed probe behind the estimate: the cost of one call of each check. */
export type VerifyProbe = { autodiff: CallCost; differences: CallCost };

/** The probe's lengths: short enough to take well under a second, two to separate the terms. */
const PROBE_STEPS = [2, 8] as const;

/**
 * Times each check over PROBE_STEPS steps from x⁽⁰⁾ (after a warm-up call) on the network of
 * `options` and fits `fixed + perStep · L` through the two times. The steps of `options` do not
 * matter: the probe runs from k = 0, so it never pays for a long run up to its start.
 */
export function probeVerify(options: Partial<VerifyOptions> = {}): VerifyProbe {
  const { rnn, u, x0 } = setUp({ ...options, steps: PROBE_STEPS[1], sampleK: Infinity });
  const seconds = (f: (L: number) => unknown, L: number): number => {
    f(L);
    const started = performance.now();
    f(L);
    return (performance.now() - started) / 1000;
  };
  const fit = (f: (L: number) => unknown) =>
    callCost(PROBE_STEPS, [seconds(f, PROBE_STEPS[0]), seconds(f, PROBE_STEPS[1])]);
  return {
    autodiff: fit((L) => autodiffJacobianOverTime(rnn, u, x0, 0, L)),
    differences: fit((L) => finiteDifferenceJacobianOverTime(rnn, u, x0, 0, L)),
  };
}

/** The line through (L₁, t₁) and (L₂, t₂), neither term below 0 (timings are noisy). */
export function callCost(
  [short, long]: readonly [number, number],
  [tShort, tLong]: readonly [number, number],
): CallCost {
  const perStep = Math.max(0, (tLong - tShort) / (long - short));
  return { fixed: Math.max(0, tShort - perStep * short), perStep };
}

/** The last probe, reused while the network's size and kind stay the same (the CLI's advice). */
let lastProbe: { key: string; probe: VerifyProbe } | undefined;

/** Seconds `verify(options)` should take, from a timed probe (`probeVerify`) and `verifySeconds`. */
export function estimateVerifySeconds(options: Partial<VerifyOptions> = {}): number {
  const { settings } = setUp(options);
  const { n, activation, inputTerm, symmetric, seed } = settings;
  const key = JSON.stringify([n, activation, inputTerm, symmetric, seed, currentBackend()]);
  if (lastProbe?.key !== key) lastProbe = { key, probe: probeVerify(options) };
  return verifySeconds(settings, lastProbe.probe);
}

/**
 * The cost model, apart so a test can check it without timing. One-step matrices: T calls of
 * each check over one step. Products: autodiff gets every ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ from one call over T steps;
 * finite differences take one call over T − k steps per checked k.
 */
export function verifySeconds(settings: VerifyOptions, probe: VerifyProbe): number {
  const T = settings.steps;
  const call = ({ fixed, perStep }: CallCost, L: number) => fixed + perStep * L;
  const oneStep = T * (call(probe.autodiff, 1) + call(probe.differences, 1));
  const differences = sampledKs(T, Math.min(settings.sampleK, T)).reduce(
    (sum, k) => sum + call(probe.differences, T - k),
    0,
  );
  return oneStep + call(probe.autodiff, T) + differences;
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
  const steps = states.slice(0, T).map((x, index) => {
    report("one-step Jacobians", index, T);
    const sigmaPrime = sigmaPrimeAt(rnn, x);
    return {
      i: index + 1,
      sigmaPrime,
      ...byForm((form) => formMatrix(rnn.wRec, sigmaPrime, form)),
      autodiff: autodiffStepJacobian(rnn, x),
      finiteDifferences: finiteDifferenceStepJacobian(rnn, x, FINITE_DIFFERENCE_STEPS.oneStep),
    };
  });
  const products = byForm((form) => productsOverTime(rnn, states, form));
  const ks = sampledKs(T, settings.sampleK);
  report("products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by autodiff, every k in one backward pass", 0, 1);
  const autodiff = autodiffJacobiansToAllSteps(rnn, u, x0, T);
  const differencesStage = "products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ by finite differences";
  const byK = ks.map((k, index) => {
    report(differencesStage, index, ks.length);
    const h = FINITE_DIFFERENCE_STEPS.overTime;
    return {
      k,
      ...byForm((form) => products[form][k]),
      autodiff: autodiff[k],
      finiteDifferences: finiteDifferenceJacobianOverTime(rnn, u, x0, k, T, h),
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
  const readings = READINGS.map((reading) => judge(reading, kinds));
  const ok = truth.pass && readings.every((r) => r.ok);
  return {
    options: settings,
    backend: currentBackend(),
    seeds,
    inputs: { wRec: rnn.wRec, wIn: rnn.wIn, b: rnn.b, u, x0 },
    states,
    steps,
    products: { t: T, byK },
    finiteDifferenceSteps: FINITE_DIFFERENCE_STEPS,
    tolerances: VERIFY_TOLERANCES,
    truth,
    readings,
    ok,
    verdict: verdictText(ok, truth.pass, readings),
  };
}

/**
 * One reading against both checks, one step and over time, and what the algebra predicts: right if
 * it holds W_jk σ′(x_k) where it stores ∂x_j/∂x_k (`readingEntry`), or where its moved weight or
 * slope changes nothing (W_rec symmetric, n = 1, one σ′ for all neurons): its matrices equal W D.
 */
function judge(reading: Reading, kinds: Record<"oneStep" | "products", Rows>) {
  const { form, layout, title } = READING_INFO[reading];
  const arrange = (m: Matrix): Matrix => (layout === "numerator" ? m : transposeMatrix(m));
  const checks = (rows: Rows) => {
    const against = (check: "autodiff" | "finiteDifferences") =>
      summarize(rows, check, (r) => [r[form], arrange(r[check])]);
    return { autodiff: against("autodiff"), finiteDifferences: against("finiteDifferences") };
  };
  const [oneStep, products] = [kinds.oneStep, kinds.products].map(checks);
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
  const why = correct
    ? `${claim}, which is ∂x_j/∂x_k`
    : expectedToMatch
      ? `${claim}, equal to W_jk σ′(x_k) for every j, k at every step of this run`
      : `${claim} where ∂x_j/∂x_k is W_jk σ′(x_k)`;
  return {
    reading,
    title,
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

/** One line: each reading's outcome, any the algebra did not predict marked UNEXPECTEDLY. */
function verdictText(ok: boolean, truthAgrees: boolean, readings: ReturnType<typeof judge>[]) {
  const outcomes = readings.map(
    (r) =>
      `${r.title} (${r.matrix}) ${r.matches ? "matches" : "differs"}${r.ok ? "" : " UNEXPECTEDLY"}`,
  );
  if (!truthAgrees) outcomes.unshift("autodiff and float64 finite differences disagree");
  // A form that should match, rejected by finite differences alone: most likely their error.
  const advice = readings.some(
    (r) => !r.ok && !r.matches && r.oneStep.autodiff.pass && r.products.autodiff.pass,
  )
    ? " Autodiff agrees where finite differences do not: they lose accuracy on long or" +
      " fast-growing runs and across relu's kink; try fewer steps or another seed."
    : "";
  return `${ok ? "OK" : "FAILED"}: ${outcomes.join("; ")}.${advice}`;
}
