/**
 * The vanishing-gradient regularizer of Pascanu, Mikolov & Bengio (2013), section 3.3:
 *
 *   (9)  Ω = Σ_k Ω_k = Σ_k ( ‖∂E/∂x⁽ᵏ⁺¹⁾ · ∂x⁽ᵏ⁺¹⁾/∂x⁽ᵏ⁾‖ / ‖∂E/∂x⁽ᵏ⁺¹⁾‖ − 1 )²
 *
 * and its gradient (10), which the paper writes with the one-step Jacobian of eq. (5) as printed,
 * W_recᵀ diag(σ′(x⁽ᵏ⁾)). Here the one-step factor is chosen by a reading (core/forms.ts):
 * "numerator" uses the correct W diag(σ′), "paper" the printed Wᵀ diag(σ′), both multiplied by the
 * row vector g_{k+1} = ∂E/∂x⁽ᵏ⁺¹⁾ on the left as eq. (9) writes it.
 *
 * What is held constant. The paper differentiates Ω with the "immediate" partial ∂⁺Ω/∂W_rec: the
 * states x⁽ᵏ⁾ (hence σ′(x⁽ᵏ⁾)) and the error signals ∂E/∂x⁽ᵏ⁺¹⁾ are treated as constants, and
 * only the explicit W_rec inside the Jacobian is differentiated. The authors' code does the same
 * (github.com/pascanur/trainingRNNs, RNN.py: the gradient of the regularizer is taken with the
 * error signals and the states as placeholders, substituted afterwards). We follow that choice:
 * `omegaGradient` (tfjs autodiff) differentiates Ω(W) with `states` and `dEdx` fixed (the unit
 * tests check it against central differences of the float64 `omega`).
 *
 * Eq. (9) is computed as printed, with one detail of that code: a term whose ‖g‖² is below 1e-20
 * is dropped (ratio := 1), since its direction is lost in rounding. (The code also compares
 * squared norms, (‖g J‖²/‖g‖² − 1)², which the paper does not print.)
 */
import { claimedFactor, factorMatrix, sigmaPrimeAlong, vjp } from "../core/forms";
import { toReading } from "../checked/jacobians";
import { RNN } from "../core/model";
import { assertTrajectory } from "../checked/network";
import { autodiffOmega } from "../oracle/gradients";
import { BackpropChain } from "./backprop";
import { Matrix, assertFiniteResult, assertMatrix, shapeOf } from "../shared/validate";

/** Terms with ‖∂E/∂x⁽ᵏ⁺¹⁾‖² below this count 0, as in the authors' code. */
const SIGNAL_BOUND = 1e-20;

/** Ω and its terms Ω_k, k = 0 … t−1 (0 for skipped terms). */
export interface OmegaValue {
  chain: BackpropChain;
  value: number;
  terms: number[];
  /** The k whose error signal was below the bound and which therefore count 0. */
  skipped: number[];
}

/** The run [x⁽⁰⁾ … x⁽ᵀ⁾], the signals (row k = ∂E/∂x⁽ᵏ⁾) and the chain of Ω. */
type OmegaArguments = [rnn: RNN, states: Matrix, dEdx: Matrix, chain: BackpropChain];

/** The arguments of Ω, checked; W alone is left to vary. */
function assertOmegaArguments(...[rnn, states, dEdx, chain]: OmegaArguments) {
  const t = assertTrajectory(rnn, states);
  const { factor, transposed } = claimedFactor(toReading(chain, "chain"));
  assertMatrix("dEdx", dEdx);
  if (dEdx.length !== states.length || dEdx[0].length !== rnn.n) {
    throw new RangeError(
      `dEdx must be (T+1)×n like states (${shapeOf(states)}), one row ∂E/∂x⁽ᵏ⁾ per state, got ${shapeOf(dEdx)}`,
    );
  }
  return {
    n: rnn.n,
    t,
    chain,
    /** The claimed Jacobian is M D, or (M D)ᵀ when `transposed` (core/forms.ts). */
    factor,
    transposed,
    /** s_k = σ′(x⁽ᵏ⁾), k = 0 … t−1. */
    sigmaPrime: sigmaPrimeAlong(rnn, states.slice(0, t)),
    /** g_{k+1} = ∂E/∂x⁽ᵏ⁺¹⁾, listed for k = 0 … t−1. */
    signals: dEdx.slice(1),
  };
}
type OmegaInput = ReturnType<typeof assertOmegaArguments>;

const sumOfSquares = (v: number[]) => v.reduce((sum, value) => sum + value * value, 0);

/** Ω of eq. (9) (or (10)'s printed factor) as a function of W alone, in float64. */
function omegaOf(input: OmegaInput, w: Matrix): OmegaValue {
  const m = factorMatrix(input.factor, w);
  const terms: number[] = [];
  const skipped: number[] = [];
  input.signals.forEach((g, k) => {
    const gg = sumOfSquares(g);
    if (gg < SIGNAL_BOUND) {
      terms.push(0);
      skipped.push(k);
      return;
    }
    const yy = sumOfSquares(vjp(m, input.transposed, g, input.sigmaPrime[k]));
    terms.push((Math.sqrt(yy / gg) - 1) ** 2);
  });
  return { chain: input.chain, value: terms.reduce((sum, term) => sum + term, 0), terms, skipped };
}

/**
 * Ω of eq. (9) in float64 for the run `states` = [x⁽⁰⁾ … x⁽ᵀ⁾] and error signals dEdx (row k =
 * ∂E/∂x⁽ᵏ⁾, e.g. `lossGradients(...).dEdx`), with the one-step factor of `chain`: "numerator" for
 * the correct Jacobian, "paper" for eq. (10)'s printed W_recᵀ diag(σ′).
 */
export function omega(...args: OmegaArguments): OmegaValue {
  const result = omegaOf(assertOmegaArguments(...args), args[0].wRec);
  assertFiniteResult("Ω", result.terms, "float64", OMEGA_TOO_LARGE);
  assertFiniteResult("Ω", result.value, "float64", OMEGA_TOO_LARGE);
  return result;
}

/** Why Ω overflows. */
const OMEGA_TOO_LARGE = "the weights, σ′ or error signals are too large";

/**
 * Ω (float32) and ∂⁺Ω/∂W_rec by tfjs autodiff (tf.grad of a tfjs implementation of Ω in
 * src/oracle/gradients.ts, with states and dEdx as constants, as the paper and its code do).
 */
export function omegaGradient(...args: OmegaArguments): { value: number; wRec: Matrix } {
  const { factor, transposed, sigmaPrime, signals } = assertOmegaArguments(...args);
  const terms = { factor, transposed, sigmaPrime, signals, signalBound: SIGNAL_BOUND };
  const result = autodiffOmega(terms, args[0].wRec);
  const why = `${OMEGA_TOO_LARGE} for float32`;
  assertFiniteResult("Ω (float32)", result.value, "float32", why);
  assertFiniteResult("∂⁺Ω/∂W_rec (float32)", result.wRec, "float32", why);
  return result;
}
