/**
 * The activations σ of eq. (2) (Pascanu, Mikolov & Bengio 2013), each with its derivative σ′ and
 * γ = sup|σ′|, the constant of the paper's bound (6): γ = 1 for tanh, 1/4 for the sigmoid.
 * Plain float64 functions; the tfjs oracle has its own σ (src/oracle/forward.ts) and differentiates
 * it by autodiff, so the two are independent and the tests check that they agree.
 */
export const ACTIVATION_NAMES = ["tanh", "sigmoid", "linear", "relu"] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

export interface Activation {
  readonly name: ActivationName;
  /** sup over x of |σ′(x)|. */
  readonly gamma: number;
  readonly sigma: (x: number) => number;
  readonly derivative: (x: number) => number;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

export const ACTIVATIONS: Record<ActivationName, Activation> = {
  tanh: { name: "tanh", gamma: 1, sigma: Math.tanh, derivative: (x) => 1 - Math.tanh(x) ** 2 },
  sigmoid: {
    name: "sigmoid",
    gamma: 0.25,
    sigma: logistic,
    derivative: (x) => logistic(x) * (1 - logistic(x)),
  },
  linear: { name: "linear", gamma: 1, sigma: (x) => x, derivative: () => 1 },
  // σ′(0) is taken as 0, the subgradient tfjs's own relu gradient uses.
  relu: {
    name: "relu",
    gamma: 1,
    sigma: (x) => Math.max(0, x),
    derivative: (x) => (x > 0 ? 1 : 0),
  },
};
