/**
 * Everything the views draw, computed by the library's float64 core (src/core): the run of
 * eq. (2), σ′ at x⁽ⁱ⁻¹⁾, the three forms and the four readings of ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾, what each
 * reading claims ∂x_j/∂x_k is and how far that is from the true derivative, the two agreement
 * conditions, and the products over time with the bound (λ₁γ)^{T−k}. Nothing here is a formula
 * of its own: the forms and products are the library's.
 */
import { getActivation } from "../../src/checked/network";
import { READINGS, READING_INFO, Reading } from "../../src/core/forms";
import { stepJacobian } from "../../src/checked/jacobians";
import { RNN } from "../../src/core/model";
import { createRNN, forward, randomInputs, randomRNN } from "../../src/checked/network";
import { productsOverTime } from "../../src/fast/products";
import { productBoundLog10 } from "../../src/consequences/spectra";
import { spectralNorm } from "../../src/checked/norms";
import { ExploreState } from "./state";

export type Matrix = number[][];

export interface Derived {
  rnn: RNN;
  /** u⁽¹⁾ … u⁽ᵀ⁾, T×1. */
  inputs: Matrix;
  /** x⁽⁰⁾ … x⁽ᵀ⁾ (float64, the core's forward pass). */
  states: Matrix;
  /** σ′(x⁽ⁱ⁻¹⁾). */
  slopes: number[];
  /** Each reading's matrix as it is stored (W D, D Wᵀ, Wᵀ D, Wᵀ D). */
  matrices: Record<Reading, Matrix>;
  /** What each reading says ∂x_j/∂x_k is, indexed [j][k]. */
  claimed: Record<Reading, Matrix>;
  /** claimed − the true derivative W_jk σ′(x_k), indexed [j][k] (exact: float64 of the same products). */
  differences: Record<Reading, Matrix>;
  conditions: Conditions;
  products: ProductsOverTime;
}

/** The exact conditions under which each reading of the printed Wᵀ D is right. */
export interface Conditions {
  /** max over j, k of |(W_kj − W_jk) σ′(x_k)|: zero iff the numerator reading is right. */
  numerator: number;
  /** max over j, k of |W_jk (σ′(x_j) − σ′(x_k))|: zero iff the denominator reading is right. */
  denominator: number;
}

export interface ProductsOverTime {
  /** T − k for k = 0 … T−1. */
  distance: number[];
  /** ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ in numerator layout (the correct chain of W D), k = 0 … T−1. */
  correct: Matrix[];
  /** log₁₀ ‖·‖₂ of the correct products and of the paper's chain of Wᵀ D. */
  correctLog10: number[];
  paperLog10: number[];
  /** log₁₀ (λ₁γ)^{T−k}, λ₁ = ‖W‖₂ (eq. (7)). */
  boundLog10: number[];
}

let lastParts: { key: string; parts: ReturnType<typeof drawFixedParts> } | undefined;

function drawFixedParts(state: ExploreState) {
  const seeded = randomRNN({ n: state.n, seed: state.seed, activation: state.activation });
  return {
    wIn: seeded.wIn,
    b: seeded.b,
    inputs: randomInputs(state.steps, seeded.m, state.seed + 2),
  };
}

/**
 * The network's fixed parts for a seed: W_in and b of randomRNN, inputs of randomInputs. Kept
 * while n, the seed and T stay the same (a slider move changes none of them).
 */
export function fixedParts(state: ExploreState) {
  const key = `${state.n} ${state.seed} ${state.steps}`;
  if (lastParts?.key !== key) lastParts = { key, parts: drawFixedParts(state) };
  return lastParts.parts;
}

/** The network of the state: its W and σ, with the seed's W_in and b. */
export function networkOf(state: ExploreState, parts = fixedParts(state)): RNN {
  return createRNN({ wRec: state.w, wIn: parts.wIn, b: parts.b, activation: state.activation });
}

function conditionsOf(w: Matrix, s: number[]): Conditions {
  let numerator = 0;
  let denominator = 0;
  for (let j = 0; j < w.length; j++) {
    for (let k = 0; k < w.length; k++) {
      numerator = Math.max(numerator, Math.abs((w[k][j] - w[j][k]) * s[k]));
      denominator = Math.max(denominator, Math.abs(w[j][k] * (s[j] - s[k])));
    }
  }
  return { numerator, denominator };
}

const log10Norm = (m: Matrix) => Math.log10(spectralNorm(m));

export function productsOf(rnn: RNN, states: Matrix): ProductsOverTime {
  const correct = productsOverTime(rnn, states, "numerator");
  const paper = productsOverTime(rnn, states, "paper");
  const steps = states.length - 1;
  const distance = correct.map((_, k) => steps - k);
  const gamma = getActivation(rnn.activation).gamma;
  return {
    distance,
    correct,
    correctLog10: correct.map(log10Norm),
    paperLog10: paper.map(log10Norm),
    boundLog10: productBoundLog10(rnn.wRec, gamma, distance),
  };
}

/** Everything but the products (the one-step view). */
export function oneStepOf(rnn: RNN, states: Matrix, step: number) {
  const xPrevious = states[step - 1];
  const slopes = xPrevious.map(getActivation(rnn.activation).derivative);
  const forms = {
    numerator: stepJacobian(rnn, xPrevious, "numerator"),
    denominator: stepJacobian(rnn, xPrevious, "denominator"),
    paper: stepJacobian(rnn, xPrevious, "paper"),
  };
  const truth = forms.numerator;
  const matrices = {} as Record<Reading, Matrix>;
  const claimed = {} as Record<Reading, Matrix>;
  const differences = {} as Record<Reading, Matrix>;
  for (const reading of READINGS) {
    const { form, layout } = READING_INFO[reading];
    const m = forms[form];
    matrices[reading] = m;
    claimed[reading] = m.map((row, j) =>
      row.map((_, k) => (layout === "numerator" ? m[j][k] : m[k][j])),
    );
    differences[reading] = claimed[reading].map((row, j) => row.map((v, k) => v - truth[j][k]));
  }
  return { slopes, matrices, claimed, differences, conditions: conditionsOf(rnn.wRec, slopes) };
}

export function derive(state: ExploreState): Derived {
  const parts = fixedParts(state);
  const rnn = networkOf(state, parts);
  const states = forward(rnn, parts.inputs, state.x0);
  return {
    rnn,
    inputs: parts.inputs,
    states,
    ...oneStepOf(rnn, states, state.step),
    products: productsOf(rnn, states),
  };
}
