/**
 * Seeded sequence tasks with a long-range dependence: the target depends on inputs many steps
 * before the end, so a network learns it only if error signals survive the trip back through the
 * one-step Jacobians (section 4 of Pascanu, Mikolov & Bengio 2013 uses tasks of this kind, after
 * Hochreiter & Schmidhuber 1997).
 *
 *   rememberFirst  u⁽¹⁾ = ±1 (the sign to remember), u⁽²⁾ … u⁽ᴸ⁾ ~ N(0, noise²); target = u⁽¹⁾.
 *                  One input, one output. Predicting 0 gives the loss ½·1 = 0.5.
 *   addition       Hochreiter's addition problem: input 1 is a value ~ U(0, 1), input 2 marks two
 *                  steps (one in the first half, one in the second); target = the sum of the two
 *                  marked values. Predicting the mean 1 gives ½·Var = ½·(1/6) ≈ 0.0833.
 */
import { normalSource, uniformSource } from "../shared/random";
import {
  Matrix,
  assertNonNegativeNumber,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertSeed,
  assertStreamName,
} from "../shared/validate";

export const TASK_NAMES = ["rememberFirst", "addition"] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/** What each task looks like to the network, and the loss of the best constant prediction. */
export const TASK_INFO = {
  rememberFirst: { inputSize: 1, outputSize: 1, baselineLoss: 0.5 },
  addition: { inputSize: 2, outputSize: 1, baselineLoss: 1 / 12 },
};

export interface TaskBatchOptions {
  /** Sequence length L (number of input steps). */
  steps: number;
  /** Number of sequences. */
  batchSize: number;
  /** An integer in [0, 2³² − 1]. */
  seed: number;
  /**
   * The name of the batch's streams of the seed (random.ts), by default "task": another name gives
   * another batch of the same seed, e.g. one per training iteration.
   */
  stream?: string;
  /** Standard deviation of the distractor inputs of rememberFirst (default 0.5). */
  noise?: number;
}

/** A batch of sequences: inputs[i] is L×m (one row per step), targets[i] has the p outputs. */
export interface TaskBatch {
  task: TaskName;
  inputs: Matrix[];
  targets: Matrix;
}

/** A seeded batch of the task: the same options give the same numbers on every run. */
export function taskBatch(task: TaskName, options: TaskBatchOptions): TaskBatch {
  assertOneOf("task", task, TASK_NAMES);
  assertOptions("options", options, ["steps", "batchSize", "seed", "stream", "noise"]);
  const { steps, batchSize, seed } = options;
  assertPositiveInteger("steps", steps);
  assertPositiveInteger("batchSize", batchSize);
  assertSeed("seed", seed);
  const noise = options.noise ?? 0.5;
  assertNonNegativeNumber("noise", noise);
  if (task === "addition" && steps < 2) {
    throw new RangeError(
      `steps must be ≥ 2 for the addition task (two marked steps), got ${steps}`,
    );
  }
  const stream = options.stream ?? "task";
  assertStreamName("stream", stream);
  const uniform = uniformSource(seed, `${stream} uniform`);
  const normal = normalSource(seed, `${stream} noise`);
  const inputs: Matrix[] = [];
  const targets: Matrix = [];
  for (let i = 0; i < batchSize; i++) {
    if (task === "rememberFirst") {
      const sign = uniform() < 0.5 ? -1 : 1;
      inputs.push(Array.from({ length: steps }, (_, t) => [t === 0 ? sign : noise * normal()]));
      targets.push([sign]);
    } else {
      const half = Math.max(1, Math.floor(steps / 2));
      const first = Math.floor(uniform() * half);
      const second = half + Math.floor(uniform() * (steps - half));
      const values = Array.from({ length: steps }, () => uniform());
      inputs.push(values.map((value, t) => [value, t === first || t === second ? 1 : 0]));
      targets.push([values[first] + values[second]]);
    }
  }
  return { task, inputs, targets };
}
