/**
 * Gradient norm clipping, Algorithm 1 of Pascanu, Mikolov & Bengio (2013), exactly as printed:
 *
 *   ĝ ← ∂E/∂θ
 *   if ‖ĝ‖ ≥ threshold then ĝ ← (threshold / ‖ĝ‖) ĝ
 *
 * ‖ĝ‖ is the Euclidean norm of all parameters' gradients taken together (the global norm).
 * Note the "≥": a gradient whose norm equals the threshold is "clipped" (by a factor of exactly 1).
 * The authors' code tests "norm > cutoff" instead (github.com/pascanur/trainingRNNs, RNN.py); the
 * two differ only at equality, where the rescaling changes nothing, but `clipped` reports it.
 */
import { euclideanNorm } from "../checked/norms";
import {
  Matrix,
  Vector,
  assertMatrix,
  assertPositiveNumber,
  assertVector,
} from "../shared/validate";

/** One parameter's gradient: a matrix or a vector of numbers. */
export type Gradient = Matrix | Vector;
/** Gradients of several parameters, named (record) or listed (array). */
export type GradientSet = Record<string, Gradient> | Gradient[];

function isMatrix(value: Gradient): value is Matrix {
  return Array.isArray(value[0]);
}

function entriesOf(gradients: unknown): [string, Gradient][] {
  if (typeof gradients !== "object" || gradients === null) {
    throw new TypeError(
      `gradients must be a record or array of matrices and vectors, got ${String(gradients)}`,
    );
  }
  const entries = Object.entries(gradients as Record<string, unknown>);
  if (entries.length === 0) throw new RangeError("gradients must hold at least one gradient");
  for (const [name, value] of entries) {
    if (!Array.isArray(value)) {
      throw new TypeError(`gradients.${name} must be a matrix or a vector, got ${typeof value}`);
    }
    if (Array.isArray(value[0])) assertMatrix(`gradients.${name}`, value);
    else assertVector(`gradients.${name}`, value);
  }
  return entries as [string, Gradient][];
}

export interface ClipResult<T extends GradientSet> {
  /** The gradients after Algorithm 1, same shape and keys as the input (a new object). */
  gradients: T;
  /** ‖ĝ‖ before clipping. */
  norm: number;
  /** Whether the rule fired (‖ĝ‖ ≥ threshold). */
  clipped: boolean;
  /** The factor applied: threshold/‖ĝ‖ when clipped, else 1. */
  scale: number;
  threshold: number;
}

/**
 * Algorithm 1: rescales all gradients together when their global norm is ≥ threshold (> 0).
 * Returns new arrays; the input is not modified.
 */
export function clipGradients<T extends GradientSet>(
  gradients: T,
  threshold: number,
): ClipResult<T> {
  const entries = entriesOf(gradients);
  assertPositiveNumber("threshold", threshold);
  // ‖ĝ‖: the Euclidean norm of all entries together (scaled, so large entries do not overflow).
  const norm = euclideanNorm(entries.flatMap(([, g]) => (isMatrix(g) ? g.flat() : g)));
  const clipped = norm >= threshold;
  const scale = clipped ? threshold / norm : 1;
  const rescale = (g: Gradient): Gradient =>
    isMatrix(g) ? g.map((row) => row.map((value) => value * scale)) : g.map((v) => v * scale);
  const out = Array.isArray(gradients)
    ? gradients.map(rescale)
    : Object.fromEntries(entries.map(([name, g]) => [name, rescale(g)]));
  return { gradients: out as T, norm, clipped, scale, threshold };
}
