/**
 * rnn-jacobian: the public API, by layer (README.md, "The library"): what the notebooks, the
 * scripts and the figure samples use, and nothing else. Tests import other names from their
 * modules directly.
 */
// Core (src/core/): eq. (2) in float64, the activations, the forms and readings.
export { ACTIVATION_NAMES } from "./core/activations";
export type { ActivationName } from "./core/activations";
export { INPUT_TERMS, INPUT_TERM_INFO } from "./core/model";
export type { InputTerm, RNN } from "./core/model";
export { JACOBIAN_FORMS, READINGS, READING_INFO } from "./core/forms";
export type { JacobianForm, Reading } from "./core/forms";

// Checked (src/checked/): the core's public functions, each checking its arguments first.
export {
  createRNN,
  forward,
  getActivation,
  randomInputs,
  randomRNN,
  randomState,
} from "./checked/network";
export { jacobianForm, sigmaPrimeAt, stepJacobian } from "./checked/jacobians";
export { euclideanNorm, frobeniusNorm, spectralNorm, transposeMatrix } from "./checked/norms";

// The products with their float32 fast path for large n·T (src/fast/).
export { productsOverTime, suffixProductNorms } from "./fast/products";

// Oracle: tfjs autodiff (float32) and float64 central differences, independent of the core.
export { useBackend } from "./oracle/backend";
export { autodiffJacobianOverTime, autodiffStepJacobian } from "./oracle/autodiff";
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
export { omega, omegaGradient } from "./consequences/regularizer";
export {
  checkProductBound,
  eigenvalues,
  nonNormalExample,
  productBound,
  productBoundLog10,
  rescaleToSpectralNorm,
  spectralRadius,
  stepGains,
  withLambdaOne,
} from "./consequences/spectra";
export { clipGradients } from "./consequences/clipping";
export { taskBatch } from "./consequences/tasks";
export { trainBothWays } from "./consequences/training";
export type { TrainingRun } from "./consequences/training";

// Shared: seeded random numbers, comparing matrices.
export { normalMatrix, normalSource } from "./shared/random";
export { compareMatrices } from "./shared/compare";

// Notebook (src/notebook/): plots, display, symbolic entries, claims, exercises, parameters.
export type { Figure } from "./notebook/plots/figure";
export {
  heatmapFigure,
  heatmapGridFigure,
  sliderHeatmapFigure,
  symmetricRange,
} from "./notebook/plots/heatmap";
export { jacobianAxisLabels, partialLabel } from "./notebook/plots/labels";
export { lineChartFigure, linePanelsFigure } from "./notebook/plots/lineChart";
export { MAX_DRAWN_NEURONS, networkDiagramFigure } from "./notebook/plots/network";
export { readingsRecapCells, readingsRecapFigure } from "./notebook/plots/recap";
export { showFigure, showLatex, showMarkdown } from "./notebook/display";
export {
  describeEntry,
  entryValue,
  formEntriesTex,
  formEntriesText,
  jacobianSymbolsTex,
  matrixTex,
} from "./notebook/symbolic";
export {
  claim,
  claimAnswer,
  claimClose,
  claimMatricesClose,
  claimMatricesDiffer,
} from "./notebook/claims";
export { checkExercise } from "./notebook/exercises";
export { assertBoolean, assertIntegerIn, assertNumberIn, assertOneOf } from "./notebook/parameters";

// Presentation helpers the notebooks 00–05 call.
export { maxAbs, neurons, rounded } from "./notebook/numbers";
export {
  absoluteMatrix,
  diagTimes,
  identityMatrix,
  matrixPower,
  matrixProduct,
  matrixTimesVector,
  matrixTrace,
  timesDiag,
  worstScaledGap,
} from "./notebook/smallMatrices";
export {
  linearRunRounding,
  neuronFactorsFigure,
  neuronFateText,
  neuronProductsFigure,
  saturationPoint,
} from "./notebook/oneNeuron";
export { layoutPartialsTex, numeratorEntriesTex } from "./notebook/layoutTex";
export {
  READING_HOVER_LIMIT,
  readingExampleDiagram,
  readingFormsFigure,
  sharedReadingRange,
} from "./notebook/readingFigures";
export type { ReadingPanel } from "./notebook/readingFigures";
export {
  denominatorExampleNote,
  denominatorMatrixNote,
  denominatorProductNote,
  numeratorExampleNote,
  numeratorMatrixNote,
  similarityTableTex,
} from "./notebook/readingCases";
// The oracle's central differences of any map, for cells that differentiate their own code.
export { centralDifferences } from "./oracle/finiteDifferences";

// Presentation helpers the notebooks 06–10 call.
export { readingsFigure, readingsTable } from "./notebook/readingsSummary";
export {
  percentiles,
  printedProductErrorsByLag,
  productDifferenceSliderFigure,
  relativeErrorBandFigure,
} from "./notebook/productErrors";
export { nonNormalPowersFigure, normBoundPanel } from "./notebook/normBoundFigures";
export { errorSignalsFigure, omegaGradientsFigure } from "./notebook/gradientFigures";
export {
  exactSignTest,
  finalLoss,
  readStoredSweep,
  sweepLossesFigure,
  trainingCurvesFigure,
  trainingOutcome,
  writeStoredSweep,
} from "./notebook/trainingReport";
export type { SweepRow } from "./notebook/trainingReport";
