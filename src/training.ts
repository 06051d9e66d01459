/**
 * Training a small RNN by BPTT on a long-range-dependence task (tasks.ts), once with the true
 * gradient and once with error signals propagated through the one-step Jacobian printed in eq. (5)
 * of Pascanu, Mikolov & Bengio (2013), Wᵀ diag(σ′): same seed, same initial weights, same batches,
 * same optimizer and budget, so the loss curves differ only by the chain.
 *
 * The network is eq. (2) of rnn.ts from x⁽⁰⁾ = 0 with a linear readout of σ(x⁽ᴸ⁾), trained on
 * E = ½‖V σ(x⁽ᴸ⁾) + c − y‖² averaged over the batch. Gradients come from the recursion of
 * backprop.ts (eq. 4 with the chosen chain; the readout's own gradient is the same for both), are
 * clipped with Algorithm 1 (clipping.ts, global norm, "≥"), and applied by Adam or plain SGD.
 * Everything is float64 plain TypeScript: for n ≤ 32 and L ≤ 50 a tfjs call per step would cost
 * more than the arithmetic, and plain loops give the same numbers on every backend.
 */
import { ActivationName, getActivation } from "./activations";
import { BACKPROP_CHAINS, BackpropChain, Readout } from "./backprop";
import { clipGradients } from "./clipping";
import { RNN, createRNN, randomRNN } from "./rnn";
import { normalMatrix, normalSource } from "./random";
import { TASK_INFO, TASK_NAMES, TaskBatch, TaskName, taskBatch } from "./tasks";
import {
  Matrix,
  assertFiniteNumber,
  assertInteger,
  assertOneOf,
  assertPositiveInteger,
} from "./validate";

export const OPTIMIZERS = ["adam", "sgd"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface TrainingOptions {
  /** Default "rememberFirst". */
  task?: TaskName;
  /** Hidden neurons n (default 12). */
  hidden?: number;
  /** Sequence length L (default 15). */
  steps?: number;
  /** Parameter updates (default 150). */
  iterations?: number;
  /** Sequences per update (default 16). */
  batchSize?: number;
  /** Default "adam". */
  optimizer?: OptimizerName;
  /** Default 0.01 (Adam) or 0.1 (SGD). */
  learningRate?: number;
  /** Algorithm 1's threshold on the global gradient norm (default 1). */
  clipThreshold?: number;
  /** Initial spectral scale of W_rec (randomRNN's gain, default 1). */
  gain?: number;
  activation?: ActivationName;
  /** Distractor noise of rememberFirst (default 0.5). */
  noise?: number;
  seed: number;
  /** Held-out sequences for the evaluation loss (default 200). */
  evalSize?: number;
  /** Evaluate every this many updates (default 10; also at 0 and at the end). */
  evalEvery?: number;
}

/** One training run: loss curves and the final parameters. */
export interface TrainingRun {
  chain: BackpropChain;
  /** Mean batch loss before each update, length `iterations`. */
  losses: number[];
  /** Held-out loss at the listed update counts. */
  evalLosses: { iteration: number; loss: number }[];
  /** Global gradient norm before clipping, per update. */
  gradientNorms: number[];
  /** How many updates Algorithm 1 rescaled. */
  clippedCount: number;
  /** The loss of always predicting the best constant (0.5 for rememberFirst, 1/12 for addition). */
  baselineLoss: number;
  rnn: RNN;
  readout: Readout;
  /** Wall-clock seconds of the run. */
  seconds: number;
}

interface Resolved {
  task: TaskName;
  n: number;
  steps: number;
  iterations: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  clipThreshold: number;
  gain: number;
  activation: ActivationName;
  noise: number;
  seed: number;
  evalSize: number;
  evalEvery: number;
}

function resolve(options: TrainingOptions): Resolved {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object with at least a seed, got ${String(options)}`);
  }
  const task = options.task ?? "rememberFirst";
  assertOneOf("task", task, TASK_NAMES);
  const optimizer = options.optimizer ?? "adam";
  assertOneOf("optimizer", optimizer, OPTIMIZERS);
  const resolved: Resolved = {
    task,
    n: options.hidden ?? 12,
    steps: options.steps ?? 15,
    iterations: options.iterations ?? 150,
    batchSize: options.batchSize ?? 16,
    optimizer,
    learningRate: options.learningRate ?? (optimizer === "adam" ? 0.01 : 0.1),
    clipThreshold: options.clipThreshold ?? 1,
    gain: options.gain ?? 1,
    activation: getActivation(options.activation ?? "tanh").name,
    noise: options.noise ?? 0.5,
    seed: options.seed,
    evalSize: options.evalSize ?? 200,
    evalEvery: options.evalEvery ?? 10,
  };
  assertPositiveInteger("hidden", resolved.n);
  assertPositiveInteger("steps", resolved.steps);
  assertPositiveInteger("iterations", resolved.iterations);
  assertPositiveInteger("batchSize", resolved.batchSize);
  assertPositiveInteger("evalSize", resolved.evalSize);
  assertPositiveInteger("evalEvery", resolved.evalEvery);
  assertInteger("seed", resolved.seed);
  for (const name of ["learningRate", "clipThreshold", "gain"] as const) {
    assertFiniteNumber(name, resolved[name]);
    if (resolved[name] <= 0)
      throw new RangeError(`${name} must be positive, got ${resolved[name]}`);
  }
  assertFiniteNumber("noise", resolved.noise);
  return resolved;
}

/** The trainable parameters as flat float64 arrays (row-major). */
interface Params {
  n: number;
  m: number;
  p: number;
  w: Float64Array; // n×n
  wIn: Float64Array; // n×m
  b: Float64Array; // n
  v: Float64Array; // p×n
  c: Float64Array; // p
}

const PARAM_NAMES = ["w", "wIn", "b", "v", "c"] as const;

function initialParams(settings: Resolved): Params {
  const { n, seed } = settings;
  const { inputSize: m, outputSize: p } = TASK_INFO[settings.task];
  const rnn = randomRNN({ n, inputSize: m, seed, gain: settings.gain });
  const v = normalMatrix(normalSource(seed + 1), p, n, 1 / Math.sqrt(n));
  return {
    n,
    m,
    p,
    w: Float64Array.from(rnn.wRec.flat()),
    wIn: Float64Array.from(rnn.wIn.flat()),
    b: Float64Array.from(rnn.b),
    v: Float64Array.from(v.flat()),
    c: new Float64Array(p),
  };
}

function zerosLike(params: Params): Params {
  return {
    ...params,
    w: new Float64Array(params.w.length),
    wIn: new Float64Array(params.wIn.length),
    b: new Float64Array(params.b.length),
    v: new Float64Array(params.v.length),
    c: new Float64Array(params.c.length),
  };
}

/**
 * Loss of one sequence, and (when `grads` is given) its gradient added into `grads`, with error
 * signals propagated by `chain` (the recursions of backprop.ts, written on flat arrays).
 */
function sequence(
  params: Params,
  activation: ActivationName,
  inputs: Matrix,
  target: number[],
  chain: BackpropChain,
  grads?: Params,
): number {
  const { n, m, p, w, wIn, b, v, c } = params;
  const act = getActivation(activation);
  const steps = inputs.length;
  // xs[k] = x⁽ᵏ⁾, hs[k] = σ(x⁽ᵏ⁾), k = 0 … L; x⁽⁰⁾ = 0.
  const xs: Float64Array[] = [new Float64Array(n)];
  const hs: Float64Array[] = [xs[0].map(act.sigma)];
  const su: Float64Array[] = inputs.map((row) => Float64Array.from(row, act.sigma));
  for (let k = 1; k <= steps; k++) {
    const h = hs[k - 1];
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let sum = b[j];
      for (let l = 0; l < n; l++) sum += w[j * n + l] * h[l];
      for (let i = 0; i < m; i++) sum += wIn[j * m + i] * su[k - 1][i];
      x[j] = sum;
    }
    xs.push(x);
    hs.push(x.map(act.sigma));
  }
  const hT = hs[steps];
  const error = new Float64Array(p);
  let loss = 0;
  for (let j = 0; j < p; j++) {
    let out = c[j];
    for (let i = 0; i < n; i++) out += v[j * n + i] * hT[i];
    error[j] = out - target[j];
    loss += 0.5 * error[j] * error[j];
  }
  if (!grads) return loss;
  // Readout gradients, then ∂E/∂x⁽ᴸ⁾ = (eᵀV) ⊙ σ′(x⁽ᴸ⁾).
  let g = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    grads.c[j] += error[j];
    for (let i = 0; i < n; i++) {
      grads.v[j * n + i] += error[j] * hT[i];
      g[i] += error[j] * v[j * n + i];
    }
  }
  for (let i = 0; i < n; i++) g[i] *= act.derivative(xs[steps][i]);
  const printed = chain === "paper" || chain === "paperNumerator";
  const sigmaWrong = chain === "paperDenominator";
  for (let k = steps; k >= 1; k--) {
    // eq. (4): g_k · ∂⁺x⁽ᵏ⁾/∂θ.
    const h = hs[k - 1];
    for (let j = 0; j < n; j++) {
      const gj = g[j];
      if (gj === 0) continue;
      for (let l = 0; l < n; l++) grads.w[j * n + l] += gj * h[l];
      for (let i = 0; i < m; i++) grads.wIn[j * m + i] += gj * su[k - 1][i];
      grads.b[j] += gj;
    }
    if (k === 1) break;
    // g_{k−1} from g_k through J_k, built from s = σ′(x⁽ᵏ⁻¹⁾).
    const s = xs[k - 1].map(act.derivative);
    const next = new Float64Array(n);
    if (printed) {
      for (let col = 0; col < n; col++) {
        let sum = 0;
        for (let r = 0; r < n; r++) sum += g[r] * w[col * n + r];
        next[col] = sum * s[col];
      }
    } else {
      for (let r = 0; r < n; r++) {
        const gr = sigmaWrong ? g[r] * s[r] : g[r];
        if (gr === 0) continue;
        for (let col = 0; col < n; col++) next[col] += gr * w[r * n + col];
      }
      if (!sigmaWrong) for (let col = 0; col < n; col++) next[col] *= s[col];
    }
    g = next;
  }
  return loss;
}

function meanLoss(params: Params, settings: Resolved, batch: TaskBatch): number {
  let total = 0;
  batch.inputs.forEach((inputs, i) => {
    total += sequence(params, settings.activation, inputs, batch.targets[i], "numerator");
  });
  return total / batch.inputs.length;
}

function toMatrix(values: Float64Array, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, r) =>
    Array.from(values.subarray(r * cols, (r + 1) * cols)),
  );
}

function runTraining(settings: Resolved, chain: BackpropChain): TrainingRun {
  const started = performance.now();
  const params = initialParams(settings);
  const { n, m, p } = params;
  const evalBatch = taskBatch(settings.task, {
    steps: settings.steps,
    batchSize: settings.evalSize,
    seed: settings.seed + 7919,
    noise: settings.noise,
  });
  const moment1 = zerosLike(params);
  const moment2 = zerosLike(params);
  const losses: number[] = [];
  const gradientNorms: number[] = [];
  const evalLosses: { iteration: number; loss: number }[] = [];
  let clippedCount = 0;
  const shapes = { w: [n, n], wIn: [n, m], b: [1, n], v: [p, n], c: [1, p] } as const;
  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    if (iteration % settings.evalEvery === 0) {
      evalLosses.push({ iteration, loss: meanLoss(params, settings, evalBatch) });
    }
    const batch = taskBatch(settings.task, {
      steps: settings.steps,
      batchSize: settings.batchSize,
      seed: settings.seed * 1000003 + iteration,
      noise: settings.noise,
    });
    const grads = zerosLike(params);
    let loss = 0;
    batch.inputs.forEach((inputs, i) => {
      loss += sequence(params, settings.activation, inputs, batch.targets[i], chain, grads);
    });
    const scale = 1 / settings.batchSize;
    losses.push(loss * scale);
    // Algorithm 1 on the mean gradient, through the library's implementation.
    const named = Object.fromEntries(
      PARAM_NAMES.map((name) => {
        const [rows, cols] = shapes[name];
        return [
          name,
          toMatrix(
            grads[name].map((value) => value * scale),
            rows,
            cols,
          ),
        ];
      }),
    );
    const clip = clipGradients(named, settings.clipThreshold);
    gradientNorms.push(clip.norm);
    if (clip.clipped) clippedCount++;
    const step = iteration + 1;
    for (const name of PARAM_NAMES) {
      const g = Float64Array.from((clip.gradients[name] as Matrix).flat());
      const target = params[name];
      if (settings.optimizer === "sgd") {
        for (let i = 0; i < g.length; i++) target[i] -= settings.learningRate * g[i];
        continue;
      }
      const first = moment1[name];
      const second = moment2[name];
      const correction1 = 1 - 0.9 ** step;
      const correction2 = 1 - 0.999 ** step;
      for (let i = 0; i < g.length; i++) {
        first[i] = 0.9 * first[i] + 0.1 * g[i];
        second[i] = 0.999 * second[i] + 0.001 * g[i] * g[i];
        const update = first[i] / correction1 / (Math.sqrt(second[i] / correction2) + 1e-8);
        target[i] -= settings.learningRate * update;
      }
    }
  }
  evalLosses.push({
    iteration: settings.iterations,
    loss: meanLoss(params, settings, evalBatch),
  });
  const rnn = createRNN({
    wRec: toMatrix(params.w, n, n),
    wIn: toMatrix(params.wIn, n, m),
    b: Array.from(params.b),
    activation: settings.activation,
  });
  return {
    chain,
    losses,
    evalLosses,
    gradientNorms,
    clippedCount,
    baselineLoss: TASK_INFO[settings.task].baselineLoss,
    rnn,
    readout: { v: toMatrix(params.v, p, n), c: Array.from(params.c) },
    seconds: (performance.now() - started) / 1000,
  };
}

/** Trains with the error signals of `chain` ("numerator" = true gradient, "paper" = eq. (5)). */
export function train(options: TrainingOptions, chain: BackpropChain = "numerator"): TrainingRun {
  const settings = resolve(options);
  assertOneOf("chain", chain, BACKPROP_CHAINS);
  return runTraining(settings, chain);
}

/** The two runs side by side: the true gradient and the printed Jacobian, same seed and budget. */
export function trainBothWays(options: TrainingOptions): {
  correct: TrainingRun;
  printed: TrainingRun;
} {
  const settings = resolve(options);
  return { correct: runTraining(settings, "numerator"), printed: runTraining(settings, "paper") };
}
