/**
 * The machinery of notebook 0 (one neuron), kept out of its cells: where σ′ saturates, the
 * sentence that says what a run's product did and why, the rounding bound of a linear run's
 * difference quotient, and the two line charts.
 */
import { Figure } from "./plots/figure";
import { lineChartFigure } from "./plots/lineChart";
import { LineDash } from "./plots/style";

/**
 * The smallest |x| ≥ 0 with σ′(x) ≤ `level`, by 100 bisections on [0, `limit`], for a σ′ that is
 * even and decreasing in |x| (tanh, the sigmoid); undefined when σ′(limit) > level (σ does not
 * saturate there, e.g. a linear σ).
 */
export function saturationPoint(
  derivative: (x: number) => number,
  level: number,
  limit = 50,
): number | undefined {
  if (!(level > 0) || !(limit > 0)) {
    throw new RangeError(`level and limit must be > 0, got ${level} and ${limit}`);
  }
  if (derivative(limit) > level) return undefined;
  let [lo, hi] = [0, limit];
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (derivative(mid) <= level) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * What a run of T steps did, from |w|γ = `gain` and `log10Final` = log₁₀|∂x⁽ᵀ⁾/∂x⁽⁰⁾|: the
 * geometric mean of the factors per step, and why (|w|γ < 1, or the slopes' geometric mean).
 */
export function neuronFateText(gain: number, w: number, log10Final: number, steps: number): string {
  if (!(gain > 0) || !Number.isInteger(steps) || steps < 1 || Number.isNaN(log10Final)) {
    throw new RangeError(`gain > 0, an integer steps ≥ 1 and a log10Final are needed`);
  }
  const perStep = 10 ** (log10Final / steps);
  const slopeShare = perStep / gain; // geometric mean of σ′(x⁽ⁱ⁻¹⁾)/γ
  const fate = perStep < 1 ? "shrinks" : perStep > 1 ? "grows" : "stays level";
  let why: string;
  if (gain < 1) {
    why = "as it must: every factor is at most |w|γ < 1";
  } else if (perStep < 1) {
    why =
      `although |w|γ = ${gain} > 1: the slopes σ′(x⁽ⁱ⁻¹⁾) average only ` +
      `${slopeShare.toFixed(3)}·γ (geometric mean), below 1/(|w|γ) = ${(1 / gain).toFixed(3)}: ` +
      "the neuron runs where σ is flatter than at 0";
  } else {
    why = `the slopes average ${slopeShare.toFixed(3)}·γ, not small enough to undo |w|γ = ${gain}`;
  }
  return (
    `|w|γ = ${gain} (w = ${w.toFixed(3)}): per step ×${perStep.toPrecision(3)}, ` +
    `over the ${steps} steps the product ${fate} — ${why}.`
  );
}

/**
 * The float64 rounding of (up⁽ᵀ⁾ − down⁽ᵀ⁾)/(2·push) for a linear neuron x⁽ⁱ⁾ = w x⁽ⁱ⁻¹⁾ + w_in u⁽ⁱ⁾,
 * relative to wᵀ: step i rounds each run's state by at most 2ε₆₄·(|w x⁽ⁱ⁻¹⁾| + |w_in u⁽ⁱ⁾|), and
 * every later step multiplies that error by w; summed over the steps and both runs, divided by
 * the spread of the two starts (up⁽⁰⁾ − down⁽⁰⁾) and by |wᵀ|, plus 2Tε₆₄ for the rounding of wᵀ.
 */
export function linearRunRounding(
  w: number,
  inputWeight: number,
  inputs: readonly number[],
  upRun: readonly number[],
  downRun: readonly number[],
  spread: number,
): number {
  const steps = inputs.length;
  if (upRun.length !== steps + 1 || downRun.length !== steps + 1) {
    throw new RangeError(`the runs must hold T + 1 = ${steps + 1} states`);
  }
  const eps = 2 ** -52;
  let sum = 0;
  for (let i = 1; i <= steps; i++) {
    const input = Math.abs(inputWeight * inputs[i - 1]);
    const sizes = [upRun, downRun].map((run) => Math.abs(w * run[i - 1]) + input);
    sum += 2 * eps * (sizes[0] + sizes[1]) * Math.abs(w) ** (steps - i);
  }
  return sum / Math.abs(spread * w ** steps) + 2 * steps * eps;
}

/** One curve of log₁₀|∂x⁽ᵗ⁾/∂x⁽⁰⁾| over t = 1 … T. */
export interface NeuronCurve {
  name: string;
  log10Product: number[];
}

/**
 * log₁₀|∂x⁽ᵗ⁾/∂x⁽⁰⁾| of each run over t, with the bound t·log₁₀(|w|γ) of every distinct gain:
 * all bounds grey (the colour of a bound), each with its own dash pattern and labelled at its
 * end, so that three or more grey lines can be told apart.
 */
export function neuronProductsFigure(
  activation: string,
  curves: NeuronCurve[],
  gains: number[],
): Figure {
  const steps = curves[0]?.log10Product.length ?? 0;
  const ts = Array.from({ length: steps }, (_, k) => k + 1);
  const boundGains = [...new Set(gains)].sort((a, b) => a - b);
  const dashes: LineDash[] = ["dot", "dash", "dashdot", "longdashdot", "longdash"];
  return lineChartFigure({
    title: `log₁₀ |∂x⁽ᵗ⁾/∂x⁽⁰⁾| for σ = ${activation}, each under its bound (|w|γ)ᵗ`,
    xTitle: "t (steps back)",
    yTitle: "log₁₀ |∂x⁽ᵗ⁾/∂x⁽⁰⁾|",
    series: [
      ...curves.map((c) => ({ name: c.name, x: ts, y: c.log10Product })),
      ...boundGains.map((g, i) => ({
        name: `bound (|w|γ)ᵗ, |w|γ = ${g}`,
        x: ts,
        y: ts.map((t) => t * Math.log10(g)),
        dash: dashes[i],
        endLabel: `${g}ᵗ`,
      })),
    ],
  });
}

/** |w σ′(x⁽ⁱ⁻¹⁾)| of each run over the steps i, with the line 1 above which a step amplifies. */
export function neuronFactorsFigure(runs: { gain: number; factors: number[] }[]): Figure {
  const steps = runs[0]?.factors.length ?? 0;
  const ts = Array.from({ length: steps }, (_, k) => k + 1);
  return lineChartFigure({
    title: "The one-step factors |w σ′(x⁽ⁱ⁻¹⁾)|; above 1 a step amplifies",
    xTitle: "i (step)",
    yTitle: "|w σ′(x⁽ⁱ⁻¹⁾)|",
    series: [
      ...runs.map((r) => ({ name: `|w|γ = ${r.gain}`, x: ts, y: r.factors.map(Math.abs) })),
      { name: "1", x: [1, steps], y: [1, 1], meaning: "reference" as const },
    ],
  });
}
