/**
 * rnn-jacobian: the public API, by layer (README.md, "The library"). Modules with internal
 * helpers are listed by name; the others are re-exported whole.
 */
// Core (src/core/): eq. (2) in float64, the activations, the forms and readings.
export * from "./core/activations";
export { INPUT_TERMS, INPUT_TERM_INFO } from "./core/model";
export type { InputTerm, RNN } from "./core/model";
export { FORM_INFO, JACOBIAN_FORMS, LAYOUTS, READINGS, READING_INFO } from "./core/forms";
export type { JacobianForm, Layout, Reading, ReadingName } from "./core/forms";
// Checked (src/checked/): the core's public functions, each checking its arguments first.
export {
  createRNN,
  forward,
  getActivation,
  randomInputs,
  randomRNN,
  randomState,
} from "./checked/network";
export type { RNNSpec, RandomRNNOptions } from "./checked/network";
export { jacobianForm, sigmaPrimeAt, stepJacobian } from "./checked/jacobians";
export { euclideanNorm, frobeniusNorm, spectralNorm, transposeMatrix } from "./checked/norms";
// The products with their float32 fast path for large n·T (src/fast/).
export { productsOverTime, suffixProductNorms } from "./fast/products";
export type { ProductNorms } from "./fast/products";

// Oracle: tfjs autodiff (float32) and float64 central differences, independent of the core.
export { BACKEND_NAMES, currentBackend, useBackend } from "./oracle/backend";
export type { BackendName } from "./oracle/backend";
export {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllSteps,
  autodiffStepJacobian,
} from "./oracle/autodiff";
export {
  finiteDifferenceJacobianOverTime,
  finiteDifferenceStepJacobian,
} from "./oracle/finiteDifferences";

// Consequences (src/consequences/): BPTT, Ω, spectra and bounds, clipping, tasks, training.
export {
  autodiffLossGradients,
  cosineSimilarities,
  lossGradients,
  normRatios,
  readoutLoss,
  sequenceLoss,
} from "./consequences/backprop";
export type {
  AutodiffLossGradients,
  BackpropChain,
  LossGradients,
  Readout,
} from "./consequences/backprop";
export * from "./consequences/regularizer";
export * from "./consequences/spectra";
export * from "./consequences/clipping";
export * from "./consequences/tasks";
export * from "./consequences/training";

// Shared: seeded random numbers, comparing matrices, the matrix types.
export { MAX_SEED, normalMatrix, normalSource, uniformSource } from "./shared/random";
export { compareMatrices, withinTolerance } from "./shared/compare";
export type { MatrixComparison, MatrixTolerance } from "./shared/compare";
export type { Matrix, Vector } from "./shared/validate";

// Presentation.
export * from "./notebook/plots";
export { figureHtml, showFigure, showLatex, showMarkdown } from "./notebook/display";
export type { DisplaySink } from "./notebook/display";
export * from "./notebook/symbolic";
export * from "./notebook/claims";
export * from "./notebook/exercises";
export * from "./notebook/parameters";

// Tools: the whole check of `rnn-jacobian verify`.
export {
  VERIFY_DEFAULTS,
  VERIFY_TOLERANCES,
  chainTolerance,
  estimateVerifySeconds,
  verify,
} from "./tools/verify";
export type { VerifyOptions, VerifyResult } from "./tools/verify";
