/**
 * The public edge of the forms (src/core/forms.ts): the one-step Jacobian of a network or of W and
 * σ′, the slopes along a run, and reading names, each checked first, then computed by the core.
 */
import { assertRNN, assertTrajectory } from "./network";
import {
  JACOBIAN_FORMS,
  JacobianForm,
  READING_NAMES,
  Reading,
  ReadingName,
  formMatrix,
  readingEntry,
  sigmaPrimeAlong,
} from "../core/forms";
import { RNN } from "../core/model";
import {
  Matrix,
  Vector,
  assertFiniteResult,
  assertLengthN,
  assertOneOf,
  assertSquare,
  assertVector,
} from "../shared/validate";

/** Checks a reading name (the argument called `argument`) and resolves the alias "paper". */
export function toReading(name: unknown, argument = "reading"): Reading {
  assertOneOf(argument, name, READING_NAMES);
  return name === "paper" ? "paperNumerator" : name;
}

/** Whether a reading gives the true derivative W_jk σ′(x_k) at every entry (checked at j ≠ k). */
export function isCorrectReading(reading: ReadingName): boolean {
  return readingEntry(toReading(reading), 0, 1).correct;
}

/** Checks a square W_rec and s = σ′(x⁽ⁱ⁻¹⁾) of the same size; returns n. */
export function assertWeightsAndDerivative(wRec: unknown, sigmaPrime: unknown): number {
  const n = assertSquare("wRec", wRec);
  assertLengthN("sigmaPrime", sigmaPrime, n);
  return n;
}

/** The one-step matrix of `form` from W and s, entry by entry: W[row][col] · s[neuron]. */
export function jacobianForm(wRec: Matrix, sigmaPrime: Vector, form: JacobianForm): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  assertWeightsAndDerivative(wRec, sigmaPrime);
  const matrix = formMatrix(wRec, sigmaPrime, form);
  assertFiniteResult(`the ${form} form`, matrix, "float64", "the weights or σ′ are too large");
  return matrix;
}

/** s = σ′(x⁽ⁱ⁻¹⁾) for the network's activation, in float64. */
export function sigmaPrimeAt(rnn: RNN, xPrevious: Vector): Vector {
  assertRNN(rnn);
  assertVector("xPrevious", xPrevious, rnn.n);
  return sigmaPrimeAlong(rnn, [xPrevious])[0];
}

/** ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ of `rnn` at the state x⁽ⁱ⁻¹⁾ = xPrevious, in the given form (float64). */
export function stepJacobian(rnn: RNN, xPrevious: Vector, form: JacobianForm): Matrix {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const sigmaPrime = sigmaPrimeAt(rnn, xPrevious); // checks rnn and xPrevious first
  return formMatrix(rnn.wRec, sigmaPrime, form);
}

/** The run's t (default T) and its slopes s_k = σ′(x⁽ᵏ⁾), k = 0 … t−1, checked. */
export function slopesAlong(rnn: RNN, states: Matrix, form: JacobianForm, t?: number) {
  assertOneOf("form", form, JACOBIAN_FORMS);
  const last = assertTrajectory(rnn, states, t);
  return { last, s: sigmaPrimeAlong(rnn, states.slice(0, last)) };
}
