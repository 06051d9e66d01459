/**
 * The recurrent network of eq. (2) in Pascanu, Mikolov & Bengio (2013), in float64:
 *
 *   x⁽ᵗ⁾ = W_rec σ(x⁽ᵗ⁻¹⁾) + W_in u⁽ᵗ⁾ + b        (x is the state *before* the activation)
 *
 * CrossValidated answer 369441 quotes the input term as W_in σ(u⁽ᵗ⁾); both are offered
 * (`inputTerm`), the paper's the default. The input term does not depend on x⁽ᵗ⁻¹⁾, so it changes
 * no ∂x/∂x in this project (it does change ∂⁺x/∂W_in). No argument checks here: the public
 * functions of src/checked/ check, then call these.
 */
import { ACTIVATIONS, ActivationName } from "./activations";
import { Matrix, Vector } from "../shared/matrix";

/** The input term of eq. (2): the paper's W_in u⁽ᵗ⁾ or the answer's W_in σ(u⁽ᵗ⁾). */
export const INPUT_TERMS = ["paper", "answer"] as const;
export type InputTerm = (typeof INPUT_TERMS)[number];
export const INPUT_TERM_INFO: Record<InputTerm, { text: string; tex: string; source: string }> = {
  paper: { text: "W_in u⁽ᵗ⁾", tex: "W_{in}\\,u^{(t)}", source: "eq. (2) of the paper" },
  answer: {
    text: "W_in σ(u⁽ᵗ⁾)",
    tex: "W_{in}\\,\\sigma(u^{(t)})",
    source: "eq. (2) as CrossValidated answer 369441 quotes it",
  },
};

/** A network's parameters: n hidden neurons, m inputs, W_in n×m, b of length n. Plain float64. */
export interface RNN {
  readonly n: number;
  readonly m: number;
  /** n×n; row j holds the weights into neuron j, W_rec[j][k] = W_jk from neuron k. */
  readonly wRec: Matrix;
  readonly wIn: Matrix;
  readonly b: Vector;
  readonly activation: ActivationName;
  readonly inputTerm: InputTerm;
}

/** What W_in multiplies in eq. (2): u⁽ᵗ⁾ (the paper's input term) or σ(u⁽ᵗ⁾) (the answer's). */
export function inputSignal(rnn: RNN, input: Vector): Vector {
  return rnn.inputTerm === "answer" ? input.map(ACTIVATIONS[rnn.activation].sigma) : input;
}

/** The part of eq. (2) that does not depend on x: W_in u⁽ᵗ⁾ + b, or W_in σ(u⁽ᵗ⁾) + b. */
export function inputDrive(rnn: RNN, input: Vector): Vector {
  const term = inputSignal(rnn, input);
  return rnn.wIn.map((row, j) => row.reduce((sum, w, i) => sum + w * term[i], rnn.b[j]));
}

/** One step of eq. (2): x_j = Σ_k W_jk σ(x_k) + drive_j. */
export function step(rnn: RNN, x: Vector, drive: Vector): Vector {
  const h = x.map(ACTIVATIONS[rnn.activation].sigma);
  return rnn.wRec.map((row, j) => row.reduce((sum, w, k) => sum + w * h[k], drive[j]));
}

/** [x⁽⁰⁾ = start, x⁽¹⁾, …] over the rows of `inputs`. */
export function run(rnn: RNN, inputs: Matrix, start: Vector): Matrix {
  const states: Matrix = [[...start]];
  for (const input of inputs)
    states.push(step(rnn, states[states.length - 1], inputDrive(rnn, input)));
  return states;
}
