/**
 * The figures of the norm bounds (notebook 8): one panel of ‖∂x⁽ᵀ⁾/∂x⁽ᵗ⁾‖₂ for both forms
 * against the bound (λ₁γ)^(T − t), and the powers of a non-normal W against ρ(W)^d and ‖W‖₂^d.
 */
import { Figure } from "./plots/figure";
import { LinePanel, lineChartFigure } from "./plots/lineChart";

/**
 * A panel for `linePanelsFigure`: `correct` and `printed` are log₁₀ norms indexed by t = 0 … T − 1
 * (as `suffixProductNorms` returns them), drawn against the lag T − t; `bound` is indexed by lag.
 */
export function normBoundPanel(
  title: string,
  correct: number[],
  printed: number[],
  bound: number[],
): LinePanel {
  const byLag = (values: number[]) => [...values].reverse(); // index t → index lag − 1
  const lags = correct.map((_, q) => q + 1);
  return {
    title,
    yTitle: "log₁₀ ‖∂x⁽ᵀ⁾/∂x⁽ᵗ⁾‖₂",
    series: [
      { name: "correct W diag(σ′)", meaning: "correct", x: lags, y: byLag(correct) },
      { name: "printed Wᵀ diag(σ′)", meaning: "printed", x: lags, y: byLag(printed) },
      { name: "bound (λ₁γ)^(T − t)", meaning: "bound", x: lags, y: bound },
    ],
  };
}

/** ‖W^d‖₂ (`powerNorms`, one per lag in `ds`) against ρ(W)^d and the bound ‖W‖₂^d, log scale. */
export function nonNormalPowersFigure(
  ds: number[],
  powerNorms: number[],
  rho: number,
  norm: number,
): Figure {
  return lineChartFigure({
    title: "Non-normal W: ‖W^d‖₂ against ρ(W)^d and ‖W‖₂^d",
    xTitle: "lag d = T − t",
    yTitle: "norm",
    logY: true,
    series: [
      { name: "‖W^d‖₂ (the products)", meaning: "correct", x: ds, y: powerNorms },
      {
        name: "ρ(W)^d (eigenvalue reading)",
        meaning: "reference",
        x: ds,
        y: ds.map((d) => rho ** d),
      },
      {
        name: "bound ‖W‖₂^d (singular-value reading)",
        meaning: "bound",
        x: ds,
        y: ds.map((d) => norm ** d),
      },
    ],
  });
}
