/**
 * What the page shows, as one plain object: the network (n, W, σ, x⁽⁰⁾, T), the step i whose
 * Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ is read, the seed of the parts that are not edited (W_in, b, the inputs),
 * and the hovered entry (j, k). The URL's hash holds all of it, so a link reproduces a case.
 */
import { ACTIVATION_NAMES, ActivationName } from "../../src/core/activations";
import { randomRNN, randomState } from "../../src/checked/network";

export const N_RANGE = { min: 2, max: 8 } as const;
export const T_RANGE = { min: 1, max: 50 } as const;
export const WEIGHT_RANGE = { min: -3, max: 3, step: 0.01 } as const;
export const STATE_RANGE = { min: -5, max: 5, step: 0.01 } as const;

export interface ExploreState {
  n: number;
  /** W_rec, n×n: w[j][k] = W_jk, the weight of the edge k → j. */
  w: number[][];
  activation: ActivationName;
  x0: number[];
  /** Steps T of the run. */
  steps: number;
  /** The step i of the one-step Jacobian ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾, 1 ≤ i ≤ T. */
  step: number;
  seed: number;
  /** The hovered derivative ∂x_j/∂x_k, 0-based. */
  hover: { j: number; k: number };
}

/** Rounds to the editors' step, so that what the inputs show is exactly the state. */
export const toStep = (value: number): number => Math.round(value * 100) / 100;

const clampInt = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(value)));

/**
 * The library's seeded random network (randomRNN) and state (randomState) for `seed`, rounded
 * to the editors' step of 0.01. W_in, b and the inputs are drawn from the same seed when the
 * network is built (network.ts), unrounded, and never edited.
 */
export function seededState(
  n: number,
  seed: number,
  activation: ActivationName,
  steps: number,
): ExploreState {
  const rnn = randomRNN({ n, seed, activation });
  return {
    n,
    w: rnn.wRec.map((row) => row.map(toStep)),
    activation,
    x0: randomState(n, seed + 1).map(toStep),
    steps,
    step: Math.min(2, steps),
    seed,
    hover: { j: 0, k: 1 },
  };
}

export const DEFAULT_STATE: ExploreState = seededState(3, 1, "tanh", 20);

function numbers(text: string | null): number[] | undefined {
  if (text === null) return undefined;
  const values = text.split(",").map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

/** The state as a URL hash, e.g. "#n=2&act=tanh&T=20&i=2&seed=1&W=0.1,-0.3,0.2,0.5&x0=…&j=0&k=1". */
export function stateToHash(state: ExploreState): string {
  const params = new URLSearchParams({
    n: String(state.n),
    act: state.activation,
    T: String(state.steps),
    i: String(state.step),
    seed: String(state.seed),
    W: state.w.flat().join(","),
    x0: state.x0.join(","),
    j: String(state.hover.j),
    k: String(state.hover.k),
  });
  return `#${params.toString()}`;
}

/**
 * The state a hash describes. Anything missing or out of range falls back to the seeded state
 * (a mistyped link still opens a working page); `problems` says what was ignored.
 */
export function stateFromHash(hash: string): { state: ExploreState; problems: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} is not an integer in [${min}, ${max}]`);
      return clampInt(Number.isFinite(value) ? value : fallback, min, max);
    }
    return value;
  };
  const n = int("n", DEFAULT_STATE.n, N_RANGE.min, N_RANGE.max);
  const seed = int("seed", DEFAULT_STATE.seed, 0, 2 ** 32 - 1);
  const rawActivation = params.get("act");
  let activation: ActivationName = DEFAULT_STATE.activation;
  if (rawActivation !== null) {
    if ((ACTIVATION_NAMES as readonly string[]).includes(rawActivation)) {
      activation = rawActivation as ActivationName;
    } else problems.push(`act=${rawActivation} is not one of ${ACTIVATION_NAMES.join(", ")}`);
  }
  const steps = int("T", DEFAULT_STATE.steps, T_RANGE.min, T_RANGE.max);
  const seeded = seededState(n, seed, activation, steps);
  const flat = numbers(params.get("W"));
  let w = seeded.w;
  if (flat && flat.length === n * n) {
    w = Array.from({ length: n }, (_, j) => flat.slice(j * n, (j + 1) * n));
  } else if (params.has("W")) problems.push(`W must hold n² = ${n * n} numbers`);
  const x0Values = numbers(params.get("x0"));
  let x0 = seeded.x0;
  if (x0Values && x0Values.length === n) x0 = x0Values;
  else if (params.has("x0")) problems.push(`x0 must hold n = ${n} numbers`);
  const state: ExploreState = {
    n,
    w,
    activation,
    x0,
    steps,
    step: int("i", seeded.step, 1, steps),
    seed,
    hover: { j: int("j", 0, 0, n - 1), k: int("k", Math.min(1, n - 1), 0, n - 1) },
  };
  return { state, problems };
}

/** The state with n changed: W and x⁽⁰⁾ drawn again from the seed (other sizes do not carry over). */
export function withSize(state: ExploreState, n: number): ExploreState {
  const seeded = seededState(n, state.seed, state.activation, state.steps);
  return { ...seeded, step: Math.min(state.step, state.steps) };
}

/** (W + Wᵀ)/2, rounded to the editors' step, and made exactly symmetric after rounding. */
export function symmetrized(w: number[][]): number[][] {
  const out = w.map((row) => [...row]);
  for (let j = 0; j < w.length; j++) {
    for (let k = j + 1; k < w.length; k++) {
      const mean = toStep((w[j][k] + w[k][j]) / 2);
      out[j][k] = mean;
      out[k][j] = mean;
    }
  }
  return out;
}
