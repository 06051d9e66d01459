/**
 * How far eq. (5)'s printed product drifts from the true one over many drawn networks (notebook
 * 7): the relative Frobenius error per lag, its percentiles, and the two figures that show them.
 */
import { ActivationName } from "../core/activations";
import { frobeniusNorm } from "../checked/norms";
import { forward, randomInputs, randomRNN } from "../checked/network";
import { productsOverTime } from "../fast/products";
import { compareMatrices } from "../shared/compare";
import { Matrix, Vector } from "../shared/validate";
import { Figure } from "./plots/figure";
import { sliderHeatmapFigure } from "./plots/heatmap";
import { partialLabel } from "./plots/labels";
import { lineChartFigure } from "./plots/lineChart";

/** The 10th, 50th and 90th percentiles (nearest rank) of `values`; NaN when there are none. */
export interface Percentiles {
  p10: number;
  median: number;
  p90: number;
  count: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.round(q * (sorted.length - 1))];
  return { p10: at(0.1), median: at(0.5), p90: at(0.9), count: sorted.length };
}

/** The networks drawn: seed + 1000 d for d = 0 … draws − 1, each run T steps from x0. */
export interface ProductDraws {
  n: number;
  T: number;
  gain: number;
  activation: ActivationName;
  seed: number;
  draws: number;
  x0: Vector;
}

/**
 * For each lag T − t (index lag − 1), ‖P_printed − P‖_F / ‖P‖_F over the drawn networks, P the
 * product of the true factors W diag(σ′) and P_printed that of eq. (5)'s Wᵀ diag(σ′). A product
 * that is exactly 0 (every neuron inactive) has no relative error and is left out.
 */
export function printedProductErrorsByLag(options: ProductDraws): number[][] {
  const { n, T, gain, activation, seed, draws, x0 } = options;
  const byLag: number[][] = Array.from({ length: T }, () => []);
  for (let d = 0; d < draws; d++) {
    const drawn = randomRNN({ n, seed: seed + 1000 * d, gain, activation });
    const run = forward(drawn, randomInputs(T, drawn.m, seed + 1000 * d + 1), x0);
    const good = productsOverTime(drawn, run, "numerator");
    const bad = productsOverTime(drawn, run, "paper");
    good.forEach((p, t) => {
      const size = frobeniusNorm(p);
      if (size > 0)
        byLag[T - t - 1].push(frobeniusNorm(compareMatrices(bad[t], p).difference) / size);
    });
  }
  return byLag;
}

/** The slider of (printed − correct) / max|correct| per lag, for ∂x⁽ᵀ⁾/∂x⁽ᵗ⁾. */
export function productDifferenceSliderFigure(
  frames: { label: string; matrix: Matrix }[],
  T: number,
  n: number,
  activation: string,
): Figure {
  return sliderHeatmapFigure({
    title: `(printed − correct) / max|correct|, ∂x⁽${T}⁾/∂x⁽ᵗ⁾, n = ${n}, ${activation}`,
    frames,
    sliderPrefix: "T − t = ",
    scale: "shared",
    zTitle: "fraction of max |P|",
    xTitle: "input neuron k (state x⁽ᵗ⁾)",
    yTitle: "output neuron j (state x⁽ᵀ⁾)",
    rowLabels: (j) => partialLabel(j + 1, String(T)),
    colLabels: (k) => partialLabel(k + 1, "t"),
  });
}

/** The median relative error per lag with its 10th–90th percentile band (lags 1 … length). */
export function relativeErrorBandFigure(
  summary: Percentiles[],
  draws: number,
  n: number,
  activation: string,
): Figure {
  const lags = summary.map((_, q) => q + 1);
  const top = Math.max(
    2,
    Math.ceil(Math.max(...summary.map((s) => s.p90).filter(Number.isFinite))),
  );
  return lineChartFigure({
    title: `‖P_printed − P‖_F / ‖P‖_F over ${draws} networks (n = ${n}, ${activation})`,
    xTitle: "lag T − t",
    yTitle: "relative error",
    yRange: [0, top],
    series: [
      {
        name: `printed vs correct, median over ${draws} networks`,
        meaning: "printed",
        x: lags,
        y: summary.map((s) => s.median),
        band: {
          name: "10th–90th percentile",
          lower: summary.map((s) => s.p10),
          upper: summary.map((s) => s.p90),
        },
      },
    ],
  });
}
