/**
 * The page's independent check: tfjs automatic differentiation of the oracle's own forward pass
 * (src/oracle), never of a Jacobian formula, compared with what the views draw from the float64
 * core. Each view gets the measured largest difference and whether it is within float32's
 * tolerance; the badges show both. tfjs tensors are freed by the oracle's functions themselves.
 */
import { getActivation } from "../../src/checked/network";
import { autodiffJacobiansToAllSteps, autodiffStepJacobian } from "../../src/oracle/autodiff";
import { oracleForward } from "../../src/oracle/forward";
import { Derived, Matrix } from "./derived";

export interface Agreement {
  /** The measured largest difference (relative where `relative`). */
  difference: number;
  tolerance: number;
  relative: boolean;
  ok: boolean;
  /** When autodiff itself failed (e.g. a run beyond float32's range). */
  error?: string;
}

const maxAbs = (values: number[]) => values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function gap(a: Matrix, b: Matrix): number {
  let worst = 0;
  a.forEach((row, r) =>
    row.forEach((v, c) => {
      const d = Math.abs(v - b[r][c]);
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    }),
  );
  return worst;
}

function failed(error: unknown, tolerance: number, relative: boolean): Agreement {
  const message = error instanceof Error ? error.message : String(error);
  return { difference: Infinity, tolerance, relative, ok: false, error: message };
}

/** Float32 against float64, on σ′'s scale: the notebooks' tolerance for one-step Jacobians. */
export function stepTolerance(derived: Derived): number {
  const gamma = getActivation(derived.rnn.activation).gamma;
  return Math.max(1e-6, 1e-5 * gamma * maxAbs(derived.rnn.wRec.flat()));
}

/** Products are compared relative to each k's own largest entry (they span many decades). */
export const PRODUCT_RELATIVE_TOLERANCE = 1e-3;
export const FORWARD_RELATIVE_TOLERANCE = 1e-5;

export function checkStep(derived: Derived, step: number) {
  const tolerance = stepTolerance(derived);
  try {
    const jacobian = autodiffStepJacobian(derived.rnn, derived.states[step - 1]);
    const difference = gap(derived.matrices.numerator, jacobian);
    return {
      jacobian,
      agreement: { difference, tolerance, relative: false, ok: difference <= tolerance },
    };
  } catch (error) {
    return { jacobian: undefined, agreement: failed(error, tolerance, false) };
  }
}

export function checkProducts(derived: Derived) {
  const tolerance = PRODUCT_RELATIVE_TOLERANCE;
  try {
    const products = autodiffJacobiansToAllSteps(derived.rnn, derived.inputs, derived.states[0]);
    let worst = 0;
    products.forEach((p, k) => {
      const scale = maxAbs(derived.products.correct[k].flat());
      const d = gap(p, derived.products.correct[k]);
      worst = Math.max(worst, scale === 0 ? d : d / scale);
    });
    return {
      products,
      agreement: { difference: worst, tolerance, relative: true, ok: worst <= tolerance },
    };
  } catch (error) {
    return { products: undefined, agreement: failed(error, tolerance, true) };
  }
}

export function checkForward(derived: Derived): Agreement {
  const tolerance = FORWARD_RELATIVE_TOLERANCE;
  try {
    const oracle = oracleForward(derived.rnn, derived.inputs, derived.states[0]);
    const scale = Math.max(1, maxAbs(derived.states.flat()));
    const difference = gap(oracle, derived.states) / scale;
    return { difference, tolerance, relative: true, ok: difference <= tolerance };
  } catch (error) {
    return failed(error, tolerance, true);
  }
}
