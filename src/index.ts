/**
 * rnn-jacobian: the public API, by layer (README.md, "The library"). Modules with internal
 * helpers are listed by name; the others are re-exported whole.
 */
// Core (src/core/): eq. (2) in float64, the activations, the forms, products over time (eq. 5).
export * from "./core/activations";
export {
  INPUT_TERMS,
  INPUT_TERM_INFO,
  createRNN,
  forward,
  randomInputs,
  randomRNN,
  randomState,
} from "./core/model";
export type { InputTerm, RNN, RNNSpec, RandomRNNOptions } from "./core/model";
export {
  FORM_INFO,
  JACOBIAN_FORMS,
  LAYOUTS,
  READINGS,
  READING_INFO,
  jacobianForm,
  sigmaPrimeAt,
  stepJacobian,
} from "./core/forms";
export type { JacobianForm, Layout, Reading, ReadingName } from "./core/forms";
export { euclideanNorm, frobeniusNorm, spectralNorm, transposeMatrix } from "./core/linalg";
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
export { MAX_SEED, normalMatrix, normalSource, uniformSource } from "./core/random";
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
export * from "./notebook/readingsSummary";
export * from "./notebook/productErrors";
export * from "./notebook/normBoundFigures";
export * from "./notebook/gradientFigures";
export * from "./notebook/trainingReport";

// Tools: the whole check of `rnn-jacobian verify`.
export {
  VERIFY_DEFAULTS,
  VERIFY_TOLERANCES,
  chainTolerance,
  estimateVerifySeconds,
  verify,
} from "./tools/verify";
export type { VerifyOptions, VerifyResult } from "./tools/verify";
