/**
 * Training a small RNN by BPTT on a long-range-dependence task (tasks.ts), once with the true
 * gradient and once with error signals propagated through the one-step Jacobian printed in eq. (5)
 * of Pascanu, Mikolov & Bengio (2013), Wᵀ diag(σ′): same seed, initial weights, batches, optimizer
 * and budget, so the loss curves differ only by the chain. The network is eq. (2) from x⁽⁰⁾ = 0
 * with a linear readout of σ(x⁽ᴸ⁾), trained on E = ½‖V σ(x⁽ᴸ⁾) + c − y‖² averaged over the batch:
 * each sequence's gradient is `lossGradients` (backprop.ts, eq. 4 with the chosen chain), the
 * batch mean is clipped with Algorithm 1 (clipping.ts) and applied by Adam or plain SGD. Plain
 * float64 loops: for n ≤ 32 and L ≤ 50 a tfjs call per step would cost more than the arithmetic.
 */
import { ActivationName } from "../core/activations";
import { getActivation } from "../checked/network";
import { INPUT_TERMS, InputTerm, RNN } from "../core/model";
import { createRNN, randomRNN } from "../checked/network";
import { BackpropChain, Readout, batchLoss, forEachLossGradients } from "./backprop";
import { clipGradients } from "./clipping";
import { normalMatrix, normalSource } from "../shared/random";
import { TASK_INFO, TASK_NAMES, TaskBatch, TaskName, taskBatch } from "./tasks";
import {
  Matrix,
  assertFiniteNumber,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertPositiveNumber,
  assertSeed,
} from "../shared/validate";

export const OPTIMIZERS = ["adam", "sgd"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * Defaults: task "rememberFirst"; hidden n = 12 neurons; steps L = 15; iterations = 150 updates of
 * batchSize = 16 sequences; optimizer "adam" with learningRate 0.01 (0.1 for "sgd"); Algorithm 1's
 * clipThreshold 1 on the global gradient norm; gain 1, randomRNN's initial spectral scale of W_rec;
 * tanh; the paper's input term W_in u⁽ᵗ⁾; noise 0.5, the distractors of rememberFirst; a held-out
 * loss on evalSize = 200 sequences every evalEvery = 10 updates (and at 0 and at the end).
 */
export interface TrainingOptions {
  task?: TaskName;
  hidden?: number;
  steps?: number;
  iterations?: number;
  batchSize?: number;
  optimizer?: OptimizerName;
  learningRate?: number;
  clipThreshold?: number;
  gain?: number;
  activation?: ActivationName;
  inputTerm?: InputTerm;
  noise?: number;
  seed: number;
  evalSize?: number;
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

const TRAINING_OPTIONS = [
  "task",
  "hidden",
  "steps",
  "iterations",
  "batchSize",
  "optimizer",
  "learningRate",
  "clipThreshold",
  "gain",
  "activation",
  "inputTerm",
  "noise",
  "seed",
  "evalSize",
  "evalEvery",
] as const satisfies readonly (keyof TrainingOptions)[];

function resolve(options: TrainingOptions) {
  assertOptions("options", options, TRAINING_OPTIONS);
  const task = options.task ?? "rememberFirst";
  assertOneOf("task", task, TASK_NAMES);
  const optimizer = options.optimizer ?? "adam";
  assertOneOf("optimizer", optimizer, OPTIMIZERS);
  const resolved = {
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
    inputTerm: options.inputTerm ?? "paper",
    noise: options.noise ?? 0.5,
    seed: options.seed,
    evalSize: options.evalSize ?? 200,
    evalEvery: options.evalEvery ?? 10,
  };
  assertPositiveInteger("hidden", resolved.n);
  for (const name of ["steps", "iterations", "batchSize", "evalSize", "evalEvery"] as const) {
    assertPositiveInteger(name, resolved[name]);
  }
  assertSeed("seed", resolved.seed);
  for (const name of ["learningRate", "clipThreshold", "gain"] as const) {
    assertPositiveNumber(name, resolved[name]);
  }
  assertFiniteNumber("noise", resolved.noise);
  assertOneOf("inputTerm", resolved.inputTerm, INPUT_TERMS);
  return resolved;
}
type Resolved = ReturnType<typeof resolve>;

/**
 * The trainable parameters W_rec, W_in, b, V, c as one flat vector θ, each row-major in that
 * order, so that the batch mean, Algorithm 1 and the optimizer are plain loops over θ.
 */
const flatten = (parts: Matrix[]): number[] => parts.flat(2);

/**
 * The network and readout of θ, not re-checked: train() checked its options once, and the
 * updates keep the shapes (a non-finite loss stops the run, see `runTraining`).
 */
function networkOf(theta: number[], { n, task, activation, inputTerm }: Resolved) {
  const { inputSize: m, outputSize: p } = TASK_INFO[task];
  let at = 0;
  const take = (rows: number, cols: number): Matrix =>
    Array.from({ length: rows }, () => theta.slice(at, (at += cols)));
  const [wRec, wIn, [b], v, [c]] = [take(n, n), take(n, m), take(1, n), take(p, n), take(1, p)];
  const rnn: RNN = { n, m, wRec, wIn, b, activation, inputTerm };
  return { rnn, readout: { v, c }, x0: new Array<number>(n).fill(0) };
}

/** Mean loss of the batch under θ (float64 forward pass). */
function meanLoss(theta: number[], settings: Resolved, batch: TaskBatch): number {
  const { rnn, readout, x0 } = networkOf(theta, settings);
  return batchLoss(rnn, x0, readout, batch) / batch.inputs.length;
}

/** The held-out loss after `iteration` updates; a non-finite one ends the run with advice. */
function heldOutLoss(theta: number[], settings: Resolved, batch: TaskBatch, iteration: number) {
  const loss = meanLoss(theta, settings, batch);
  if (!Number.isFinite(loss)) {
    throw new RangeError(
      `training diverged: the held-out loss after ${iteration} updates is ${loss}; ` +
        `try a smaller learningRate (${settings.learningRate}) or gain (${settings.gain})`,
    );
  }
  return loss;
}

/** Mean loss and mean gradient over the batch, each from `lossGradients` with the chain's signals. */
function batchGradients(
  theta: number[],
  settings: Resolved,
  batch: TaskBatch,
  chain: BackpropChain,
) {
  const { rnn, readout, x0 } = networkOf(theta, settings);
  const sum = new Array<number>(theta.length).fill(0);
  let loss = 0;
  forEachLossGradients(rnn, x0, readout, batch, chain, (g) => {
    loss += g.loss;
    flatten([g.wRec, g.wIn, [g.b], g.v, [g.c]]).forEach((value, j) => (sum[j] += value));
  });
  const scale = 1 / batch.inputs.length;
  return { loss: loss * scale, gradient: sum.map((value) => value * scale) };
}

function runTraining(settings: Resolved, chain: BackpropChain): TrainingRun {
  const started = performance.now();
  const { task, steps, noise, seed, learningRate, n, gain, inputTerm } = settings;
  const { inputSize, outputSize } = TASK_INFO[task];
  const initial = randomRNN({ n, inputSize, seed, gain, inputTerm });
  const v = normalMatrix(normalSource(seed, "readout"), outputSize, n, 1 / Math.sqrt(n));
  const theta = flatten([
    initial.wRec,
    initial.wIn,
    [initial.b],
    v,
    [new Array(outputSize).fill(0)],
  ]);
  const evalBatch = taskBatch(task, {
    steps,
    batchSize: settings.evalSize,
    seed,
    stream: "evaluation batch",
    noise,
  });
  const moment1 = new Array<number>(theta.length).fill(0);
  const moment2 = new Array<number>(theta.length).fill(0);
  const losses: number[] = [];
  const gradientNorms: number[] = [];
  const evalLosses: { iteration: number; loss: number }[] = [];
  let clippedCount = 0;
  for (let iteration = 0; iteration < settings.iterations; iteration++) {
    if (iteration % settings.evalEvery === 0) {
      evalLosses.push({ iteration, loss: heldOutLoss(theta, settings, evalBatch, iteration) });
    }
    const batch = taskBatch(task, {
      steps,
      batchSize: settings.batchSize,
      seed,
      stream: `training batch ${iteration}`,
      noise,
    });
    const { loss, gradient } = batchGradients(theta, settings, batch, chain);
    const finite = gradient.every(Number.isFinite);
    if (!Number.isFinite(loss) || !finite) {
      throw new RangeError(
        `training diverged at iteration ${iteration} (loss ${loss}` +
          `${finite ? "" : ", gradient not finite"}): try a smaller learningRate or gain`,
      );
    }
    losses.push(loss);
    // Algorithm 1 on the mean gradient of all parameters together.
    const clip = clipGradients([gradient], settings.clipThreshold);
    gradientNorms.push(clip.norm);
    if (clip.clipped) clippedCount++;
    // Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with bias correction, or plain SGD.
    const correction1 = 1 - 0.9 ** (iteration + 1);
    const correction2 = 1 - 0.999 ** (iteration + 1);
    clip.gradients[0].forEach((g, j) => {
      if (settings.optimizer === "sgd") {
        theta[j] -= learningRate * g;
        return;
      }
      const first = (moment1[j] = 0.9 * moment1[j] + 0.1 * g);
      const second = (moment2[j] = 0.999 * moment2[j] + 0.001 * g * g);
      theta[j] -= learningRate * (first / correction1 / (Math.sqrt(second / correction2) + 1e-8));
    });
  }
  const last = settings.iterations;
  evalLosses.push({ iteration: last, loss: heldOutLoss(theta, settings, evalBatch, last) });
  const { rnn, readout } = networkOf(theta, settings);
  return {
    chain,
    losses,
    evalLosses,
    gradientNorms,
    clippedCount,
    baselineLoss: TASK_INFO[task].baselineLoss,
    rnn: createRNN(rnn),
    readout,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The two runs side by side: the true gradient and the printed Jacobian, same seed and budget. */
export function trainBothWays(options: TrainingOptions): {
  correct: TrainingRun;
  printed: TrainingRun;
} {
  const settings = resolve(options);
  return { correct: runTraining(settings, "numerator"), printed: runTraining(settings, "paper") };
}
