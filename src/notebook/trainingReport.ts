/**
 * Reporting the training comparison (notebook 10): a run's outcome against the no-memory
 * baseline, the stored sweep over seeds, the exact sign test on the seeds where only one chain
 * learned, and the two figures.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { TrainingRun } from "../consequences/training";
import { Figure } from "./plots/figure";
import { lineChartFigure, linePanelsFigure } from "./plots/lineChart";

export type TrainingOutcome = "learned" | "partly" | "no memory";

/** The last held-out loss of a run. */
export function finalLoss(run: TrainingRun): number {
  return run.evalLosses[run.evalLosses.length - 1].loss;
}

/** "learned" below 10% of the baseline, "no memory" above 50%, "partly" in between. */
export function trainingOutcome(loss: number, baseline: number): TrainingOutcome {
  if (!Number.isFinite(loss) || !(baseline > 0)) {
    throw new Error(
      `trainingOutcome: loss must be finite and baseline > 0, got loss ${loss}, baseline ${baseline}`,
    );
  }
  return loss < 0.1 * baseline ? "learned" : loss > 0.5 * baseline ? "no memory" : "partly";
}

/** One seed of the sweep: its final held-out loss with the true gradient and with the printed chain. */
export interface SweepRow {
  seed: number;
  correct: number;
  printed: number;
}

/**
 * The first `count` rows stored in `file` when it was written with exactly `settings` and holds
 * at least `count` rows; otherwise undefined (missing file, other settings, too few seeds).
 */
export function readStoredSweep(
  file: string,
  settings: object,
  count: number,
): SweepRow[] | undefined {
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, "utf8")) as { settings: unknown; rows: SweepRow[] };
  const same = JSON.stringify(stored.settings) === JSON.stringify(settings);
  return same && stored.rows.length >= count ? stored.rows.slice(0, count) : undefined;
}

/** Stores the sweep with the settings it was made with, for `readStoredSweep`. */
export function writeStoredSweep(file: string, settings: object, rows: SweepRow[]): void {
  writeFileSync(file, JSON.stringify({ settings, rows }, null, 1) + "\n");
}

/**
 * The exact two-sided sign test: with `a` seeds won by one side and `b` by the other, each a fair
 * coin under the hypothesis of no difference, P(a split at least as uneven) = 2 P(X ≤ min(a, b))
 * for X ~ Binomial(a + b, 1/2), capped at 1; 1 when a + b = 0.
 */
export function exactSignTest(a: number, b: number): number {
  for (const [name, value] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`exactSignTest: ${name} must be an integer ≥ 0, got ${value}`);
    }
  }
  const total = a + b;
  if (total === 0) return 1;
  let binomial = 1; // C(total, 0)
  let tail = 0;
  for (let i = 0; i <= Math.min(a, b); i++) {
    tail += binomial;
    binomial = (binomial * (total - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** total);
}

/** Held-out loss and gradient norm per update for the two chains of one seed. */
export function trainingCurvesFigure(
  correct: TrainingRun,
  printed: TrainingRun,
  options: { seed: number; iterations: number; threshold: number },
): Figure {
  const curve = (name: string, run: TrainingRun) => ({
    name,
    x: run.evalLosses.map((e) => e.iteration),
    y: run.evalLosses.map((e) => e.loss),
  });
  const norms = (name: string, run: TrainingRun) => ({
    name,
    x: run.gradientNorms.map((_, i) => i + 1),
    y: run.gradientNorms,
  });
  const flat = (name: string, y: number) => ({
    name,
    meaning: "reference" as const,
    x: [0, options.iterations],
    y: [y, y],
  });
  return linePanelsFigure({
    title: `Training both ways, seed ${options.seed} (same seed, budget, clipping)`,
    xTitle: "update",
    columns: 1,
    panels: [
      {
        title: "held-out loss",
        yTitle: "loss",
        logY: true,
        series: [
          curve("true gradient", correct),
          curve("printed Wᵀ diag(σ′)", printed),
          flat("no-memory baseline", correct.baselineLoss),
        ],
      },
      {
        title: "gradient norm before clipping",
        yTitle: "‖ĝ‖",
        logY: true,
        series: [
          norms("true gradient ‖ĝ‖", correct),
          norms("printed ‖ĝ‖", printed),
          flat("threshold", options.threshold),
        ],
      },
    ],
  });
}

/** Each seed's final held-out loss both ways, the "learned" line, and the shown seed marked. */
export function sweepLossesFigure(rows: SweepRow[], baseline: number, seed: number): Figure {
  const shown = rows.find((row) => row.seed === seed);
  return lineChartFigure({
    title:
      `Final held-out loss per seed, both ways ` +
      (shown
        ? `(seed ${seed}, the run above, marked)`
        : `(the run above, seed ${seed}, is not among them)`),
    xTitle: "seed",
    yTitle: "final held-out loss",
    logY: true,
    markers: true,
    series: [
      {
        name: "true gradient",
        meaning: "correct",
        x: rows.map((r) => r.seed),
        y: rows.map((r) => r.correct),
      },
      {
        name: "printed Wᵀ diag(σ′)",
        meaning: "printed",
        x: rows.map((r) => r.seed),
        y: rows.map((r) => r.printed),
      },
      {
        name: "10% of the baseline (learned below)",
        meaning: "reference",
        x: [1, rows.length],
        y: [0.1 * baseline, 0.1 * baseline],
      },
      ...(shown
        ? [
            {
              name: `seed ${seed}, the run above (both ways)`,
              meaning: "bound" as const,
              x: [seed, seed],
              y: [shown.correct, shown.printed],
            },
          ]
        : []),
    ],
  });
}
