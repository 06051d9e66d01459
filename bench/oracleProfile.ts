/**
 * The autodiff oracle's cost per step, split by tfjs kernel (tf.profile): how many kernels one
 * forward-and-backward step runs and how long each takes, against the wall time of a step
 * measured without the profiler. The difference is what is not kernel time: tfjs's tape, tidy,
 * kernel dispatch and the gradient bookkeeping between kernels.
 *
 * `tapeKernelFloor` measures that non-kernel cost alone: a chain of Adds of one-element tensors
 * (nothing to compute) differentiated the way the oracle is (tf.grad), divided by the kernels it
 * runs. No change inside the oracle can make a step cheaper than its kernel count times this
 * floor, while tfjs derives every gradient (no fused kernel with a hand-written gradient).
 */
import * as tf from "@tensorflow/tfjs";
import { autodiffJacobianOverTime } from "../src/oracle/autodiff";
import { best, makeCase } from "./cases";

const fmtMicro = (seconds: number) => `${(seconds * 1e6).toFixed(1)} µs`;

/** The per-step profile of ∂x⁽ᵀ⁾/∂x⁽⁰⁾ at n × T on the active backend, as report lines. */
export async function oracleStepProfile(n: number, T: number, reps: number): Promise<string[]> {
  const c = makeCase(n, T);
  const run = () => autodiffJacobianOverTime(c.rnn, c.u, c.x0, 0, T);
  run(); // warm-up
  const wall = best(reps, run);
  const profile = await tf.profile(() => {
    run();
  });
  const byKernel = new Map<string, { count: number; ms: number }>();
  for (const kernel of profile.kernels) {
    const entry = byKernel.get(kernel.name) ?? { count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += Number(kernel.kernelTimeMs);
    byKernel.set(kernel.name, entry);
  }
  const kernelSeconds = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0) / 1000;
  // Read before tapeKernelFloor: tf.profile reuses its result object for the next profile.
  const kernelsPerStep = profile.kernels.length / T;
  const floor = await tapeKernelFloor(reps);
  const lines = [
    `oracle ∂x⁽ᵀ⁾/∂x⁽⁰⁾ per step at n = ${n}, T = ${T} (${tf.getBackend()}): ` +
      `${fmtMicro(wall / T)} wall (best of ${reps}), ${kernelsPerStep.toFixed(1)} ` +
      `kernels; under tf.profile the kernels take ${fmtMicro(kernelSeconds / T)} a step`,
    `    tfjs's floor per kernel with nothing to compute (a chain of one-element Adds under ` +
      `tf.grad, ${floor.kernels} kernels): ${fmtMicro(floor.perKernel)}, so ` +
      `${kernelsPerStep.toFixed(1)} kernels a step cost at least ` +
      `${fmtMicro(floor.perKernel * kernelsPerStep)} whatever they compute`,
  ];
  for (const [name, entry] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
    if (entry.count < T / 2) continue; // once-per-run kernels (tile, eye, the sum of the loss)
    lines.push(
      `    ${name.padEnd(12)} ${(entry.count / T).toFixed(2)} a step, ` +
        `${fmtMicro(entry.ms / 1000 / T)} a step`,
    );
  }
  return lines;
}

/**
 * tfjs's wall time per kernel with nothing to compute: a chain of Adds of one-element tensors,
 * forward under the gradient tape and backward (tf.grad, as the oracle), divided by the number of
 * kernels the run dispatches (counted by tf.profile).
 */
export async function tapeKernelFloor(
  reps: number,
): Promise<{ perKernel: number; kernels: number }> {
  const length = 200;
  const chain = tf.grad((x: tf.Tensor) => {
    let y = x;
    for (let i = 0; i < length; i++) y = tf.add(y, x);
    return y;
  });
  const x0 = tf.scalar(0.5);
  const run = () => tf.tidy(() => chain(x0)).dispose();
  run(); // warm-up
  const wall = best(reps, run);
  const profile = await tf.profile(run);
  x0.dispose();
  return { perKernel: wall / profile.kernels.length, kernels: profile.kernels.length };
}
