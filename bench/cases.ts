/**
 * The runs the benchmark measures, built the same way in every process that needs them (the main
 * bench and the autodiff child processes): a seeded tanh network with W_rec entries N(0, 1/n) and
 * its trajectory over T seeded inputs.
 */
import { RNN } from "../src/core/model";
import { forward, randomInputs, randomRNN, randomState } from "../src/checked/network";
import { Matrix, Vector } from "../src/shared/validate";

export interface Case {
  n: number;
  T: number;
  rnn: RNN;
  u: Matrix;
  x0: Vector;
  /** Row k = σ′(x⁽ᵏ⁾) = 1 − tanh²(x⁽ᵏ⁾), k = 0 … T−1, from the float32 forward pass. */
  sigmaPrime: Matrix;
}

/** The case for n and T; needs an initialised tfjs backend (for the forward pass). */
export function makeCase(n: number, T: number): Case {
  const rnn = randomRNN({ n, seed: 100 + n, gain: 1 });
  const u = randomInputs(T, 1, 200 + T);
  const x0 = randomState(n, 300 + n);
  const states = forward(rnn, u, x0);
  const sigmaPrime = states.slice(0, T).map((row) => row.map((x) => 1 - Math.tanh(x) ** 2));
  return { n, T, rnn, u, x0, sigmaPrime };
}

/**
 * Best wall time of f, in seconds: at least `reps` runs, and more (up to 30) while the runs so far
 * took under half a second in total. The minimum is the number least disturbed by the other
 * processes on a shared machine.
 */
export function best(reps: number, f: () => void): number {
  let fastest = Infinity;
  let total = 0;
  for (let i = 0; i < 30 && (i < reps || total < 0.5); i++) {
    const started = performance.now();
    f();
    const seconds = (performance.now() - started) / 1000;
    fastest = Math.min(fastest, seconds);
    total += seconds;
  }
  return fastest;
}
