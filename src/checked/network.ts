/**
 * The public edge of the model (src/core/model.ts): building, drawing and running a network, each
 * function checking its arguments first (the field named, the shapes or values given), then calling
 * the unchecked core. The checks of a network, a sequence and a run live here once.
 */
import { ACTIVATIONS, ACTIVATION_NAMES, Activation, ActivationName } from "../core/activations";
import { INPUT_TERMS, InputTerm, RNN, run } from "../core/model";
import { normalMatrix, normalSource } from "../shared/random";
import {
  Matrix,
  Vector,
  assertBoolean,
  assertFiniteNumber,
  assertFiniteResult,
  assertFitsInMemory,
  assertInteger,
  assertMatrix,
  assertOneOf,
  assertOptions,
  assertPositiveInteger,
  assertSeed,
  assertSquare,
  assertLengthN,
  assertVector,
  shapeOf,
} from "../shared/validate";

/** The activation called `name`; throws for an unknown name, listing the known ones. */
export function getActivation(name: unknown): Activation {
  assertOneOf("activation", name, ACTIVATION_NAMES);
  return ACTIVATIONS[name];
}

/** Defaults: W_in an n×1 zero matrix (no input), b zeros, tanh, the paper's input term. */
export interface RNNSpec {
  wRec: Matrix;
  wIn?: Matrix;
  b?: Vector;
  activation?: ActivationName;
  inputTerm?: InputTerm;
}

/** Checks the shapes and values of `spec` and returns an RNN holding copies of its arrays. */
export function createRNN(spec: RNNSpec): RNN {
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`spec must be an object with wRec, got ${String(spec)}`);
  }
  const n = assertSquare("wRec", spec.wRec);
  const wIn = spec.wIn ?? Array.from({ length: n }, () => [0]);
  assertMatrix("wIn", wIn);
  const b = spec.b ?? new Array<number>(n).fill(0);
  assertVector("b", b);
  const rnn: RNN = {
    n,
    m: wIn[0].length,
    wRec: spec.wRec.map((row) => [...row]),
    wIn: wIn.map((row) => [...row]),
    b: [...b],
    activation: spec.activation ?? "tanh",
    inputTerm: spec.inputTerm ?? "paper",
  };
  assertRNN(rnn);
  return rnn;
}

/**
 * Checks an RNN object, including one built by hand: every public function that takes a network
 * calls this first, so n: 3 with a 2×2 W_rec, or a NaN weight, is refused with the field named.
 */
export function assertRNN(rnn: unknown): asserts rnn is RNN {
  if (typeof rnn !== "object" || rnn === null) {
    throw new TypeError(`rnn must be an RNN (from createRNN or randomRNN), got ${String(rnn)}`);
  }
  const net = rnn as RNN;
  if (!Array.isArray(net.wRec)) {
    throw new TypeError(
      "rnn must be an RNN (from createRNN or randomRNN), got an object without wRec",
    );
  }
  const n = assertSquare("wRec", net.wRec);
  if (net.n !== n)
    throw new RangeError(`rnn.n must equal the size of wRec (${n}×${n}), got ${net.n}`);
  assertMatrix("wIn", net.wIn);
  if (net.wIn.length !== n) {
    throw new RangeError(
      `wIn must have n = ${n} rows to match wRec (${n}×${n}), got ${shapeOf(net.wIn)}`,
    );
  }
  if (net.m !== net.wIn[0].length) {
    throw new RangeError(`rnn.m must equal the columns of wIn (${shapeOf(net.wIn)}), got ${net.m}`);
  }
  assertLengthN("b", net.b, n);
  getActivation(net.activation);
  assertOneOf("inputTerm", net.inputTerm, INPUT_TERMS);
}

export interface RandomRNNOptions {
  n: number;
  /** Number of inputs m (default 1). */
  inputSize?: number;
  /** An integer in [0, 2³² − 1]; the network takes the stream "network" of it (random.ts). */
  seed: number;
  activation?: ActivationName;
  inputTerm?: InputTerm;
  /** Scale of W_rec: entries are N(0, gain²/n), spectral radius near `gain` (circular law). */
  gain?: number;
  /** W = (A + Aᵀ)/(2√2), A as above: the case where the paper's form happens to be right. */
  symmetric?: boolean;
}

const RANDOM_RNN_OPTIONS = [
  "n",
  "inputSize",
  "seed",
  "activation",
  "inputTerm",
  "gain",
  "symmetric",
] as const satisfies readonly (keyof RandomRNNOptions)[];

/** A seeded random network: the same options give the same numbers on every run. */
export function randomRNN(options: RandomRNNOptions): RNN {
  assertOptions("options", options, RANDOM_RNN_OPTIONS);
  const { n, seed } = options;
  assertPositiveInteger("n", n);
  assertSeed("seed", seed);
  const m = options.inputSize ?? 1;
  assertPositiveInteger("inputSize", m);
  assertFitsInMemory(`randomRNN with n = ${n}, inputSize = ${m}`, n * n + n * m);
  const gain = options.gain ?? 1;
  assertFiniteNumber("gain", gain);
  const symmetric = options.symmetric ?? false;
  assertBoolean("symmetric", symmetric);
  const next = normalSource(seed, "network");
  let wRec = normalMatrix(next, n, n, gain / Math.sqrt(n));
  if (symmetric) {
    wRec = wRec.map((row, j) => row.map((value, k) => (value + wRec[k][j]) / (2 * Math.SQRT2)));
  }
  const wIn = normalMatrix(next, n, m, 1 / Math.sqrt(m));
  const b = normalMatrix(next, 1, n, 0.1)[0];
  return createRNN({ wRec, wIn, b, activation: options.activation, inputTerm: options.inputTerm });
}

/**
 * A seeded input sequence u⁽¹⁾…u⁽ᵀ⁾ as a T×m matrix of N(0, 1) entries, from the stream `stream`
 * of the seed (random.ts): by default "inputs", independent of the network drawn from one seed.
 */
export function randomInputs(
  steps: number,
  inputSize: number,
  seed: number,
  stream = "inputs",
): Matrix {
  assertPositiveInteger("steps", steps);
  assertPositiveInteger("inputSize", inputSize);
  assertSeed("seed", seed);
  return normalMatrix(normalSource(seed, stream), steps, inputSize, 1);
}

/**
 * A seeded vector of n N(0, 1) entries, such as x⁽⁰⁾, from the stream `stream` of the seed: by
 * default "state"; name another stream ("readout", "direction", …) for another vector of one seed.
 */
export function randomState(n: number, seed: number, stream = "state"): Vector {
  assertPositiveInteger("n", n);
  assertSeed("seed", seed);
  return normalMatrix(normalSource(seed, stream), 1, n, 1)[0];
}

/** Checks `rnn`, u (T×m, T ≥ 1) and x0 (n); shared by every function that runs the network. */
export function assertSequenceFits(rnn: RNN, u: unknown, x0: unknown): void {
  assertRNN(rnn);
  if (Array.isArray(u) && u.length === 0) {
    throw new RangeError("u must hold at least one time step, got an empty sequence");
  }
  assertMatrix("u", u);
  if (u[0].length !== rnn.m) {
    throw new RangeError(
      `u must be T×m with m = ${rnn.m} inputs (wIn is ${rnn.n}×${rnn.m}), got ${shapeOf(u)}`,
    );
  }
  assertLengthN("x0", x0, rnn.n);
}

/** Checks that u, x0 fit `rnn` and that 0 ≤ k < t ≤ T (T = the number of rows of u). */
export function assertSpanFits(rnn: RNN, u: unknown, x0: unknown, k: unknown, t: unknown): void {
  assertSequenceFits(rnn, u, x0);
  assertInteger("k", k);
  assertInteger("t", t);
  const steps = (u as Matrix).length;
  if (!(0 <= k && k < t && t <= steps)) {
    throw new RangeError(
      `k and t must satisfy 0 ≤ k < t ≤ T (u has T = ${steps} steps), got k = ${k}, t = ${t}`,
    );
  }
}

/**
 * Checks a run `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] of `rnn` (T ≥ 1, rows of length n) and the last step t of
 * a product over it (default T, must lie in [1, T]); returns t.
 */
export function assertTrajectory(rnn: RNN, states: unknown, t?: number): number {
  assertRNN(rnn);
  assertMatrix("states", states);
  const steps = states.length - 1;
  if (states[0].length !== rnn.n || steps < 1) {
    throw new RangeError(
      `states must be (T+1)×n with n = ${rnn.n} and T ≥ 1 (x⁽⁰⁾ … x⁽ᵀ⁾), got ${shapeOf(states)}`,
    );
  }
  const last = t ?? steps;
  if (!Number.isInteger(last) || last < 1 || last > steps) {
    throw new RangeError(
      `t must be an integer in [1, ${steps}] (states has T = ${steps} steps), got ${String(t)}`,
    );
  }
  return last;
}

/**
 * Runs eq. (2) from x⁽⁰⁾ = x0 over u⁽¹⁾…u⁽ᵀ⁾ (the rows of u, T×m) in float64. Returns all T+1
 * states [x⁽⁰⁾, x⁽¹⁾, …, x⁽ᵀ⁾]. Throws when a state leaves float64's range, naming the step.
 */
export function forward(rnn: RNN, u: Matrix, x0: Vector): Matrix {
  assertSequenceFits(rnn, u, x0);
  assertFitsInMemory(
    `forward over T = ${u.length} steps with n = ${rnn.n}`,
    (u.length + 1) * rnn.n,
  );
  const states = run(rnn, u, x0);
  states.forEach((x, t) => assertFiniteResult(`x⁽${t}⁾ of the forward pass`, x));
  return states;
}
