/**
 * The figures of the gradients and the regularizer (notebook 9): the printed error signals
 * against the true ones (direction and size per lag), and ∂Ω/∂W_rec with either factor.
 */
import { compareMatrices } from "../shared/compare";
import { Matrix } from "../shared/validate";
import { Figure } from "./plots/figure";
import { heatmapGridFigure } from "./plots/heatmap";
import { linePanelsFigure } from "./plots/lineChart";

/** Cosine and norm ratio of the printed ∂E/∂x⁽ᵗ⁾ against the true one, per lag 1 … length. */
export function errorSignalsFigure(
  cosines: number[],
  ratios: number[],
  n: number,
  activation: string,
): Figure {
  const lags = cosines.map((_, q) => q + 1);
  return linePanelsFigure({
    title: `Printed against correct ∂E/∂x⁽ᵗ⁾ (n = ${n}, ${activation})`,
    xTitle: "lag T − t",
    columns: 1,
    note: "cosine < 0: the printed signal points more than 90° away from the true one",
    panels: [
      {
        title: "direction",
        yTitle: "cosine similarity",
        yRange: [-1, 1],
        series: [{ name: "cos(printed, correct)", meaning: "printed", x: lags, y: cosines }],
      },
      {
        title: "size",
        yTitle: "‖printed‖ / ‖correct‖",
        logY: true,
        series: [{ name: "norm ratio printed / correct", meaning: "printed", x: lags, y: ratios }],
      },
    ],
  });
}

/** ∂Ω/∂W_rec with the correct factor, with eq. (10)'s printed one, and their difference. */
export function omegaGradientsFigure(correct: Matrix, printed: Matrix): Figure {
  return heatmapGridFigure({
    title: "∂Ω/∂W_rec with the correct Jacobian, with the printed one, and their difference",
    panels: [
      { title: "correct", matrix: correct },
      { title: "printed (eq. 10)", matrix: printed },
      {
        title: "printed − correct",
        matrix: compareMatrices(printed, correct).difference,
        difference: true,
      },
    ],
    rowLabels: (j) => String(j + 1),
    colLabels: (k) => String(k + 1),
    zTitle: "∂Ω/∂W_jk",
    yTitle: "row j of W_rec (into neuron j)",
    xTitle: "column k (from neuron k)",
  });
}
