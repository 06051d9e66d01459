/**
 * The closing summary of the readings of eq. (5) (notebook 6): each reading's matrix minus the
 * autodiff Jacobian in the layout it claims, as a LaTeX table and as a grid of heatmaps.
 */
import { Layout } from "../core/forms";
import { Matrix } from "../shared/validate";
import { Figure } from "./plots/figure";
import { heatmapGridFigure } from "./plots/heatmap";
import { jacobianAxisLabels } from "./plots/labels";

/** One reading compared with autodiff: `difference` = reading − autodiff, `largest` its max |·|. */
export interface ReadingRow {
  reading: string;
  layout: Layout;
  tex: string;
  difference: Matrix;
  largest: number;
}

/** A LaTeX array: reading, its matrix, max |difference| and ✓ (at most `tolerance`) or ×. */
export function readingsTable(rows: ReadingRow[], tolerance: number): string {
  const line = (r: ReadingRow) =>
    `\\text{${r.reading.replace(/'/g, "’")}} & ${r.tex} & ` +
    `${r.largest.toExponential(2)} & ${r.largest <= tolerance ? "\\checkmark" : "\\times"}`;
  return (
    "\\begin{array}{llrl} \\text{reading} & \\text{matrix} & \\max|\\text{difference}| & " +
    "\\\\ \\hline " +
    rows.map(line).join(" \\\\ ") +
    " \\end{array}"
  );
}

/** One heatmap per reading of its difference from autodiff; below `identicalBelow`: "identical". */
export function readingsFigure(rows: ReadingRow[], title: string, identicalBelow: number): Figure {
  return heatmapGridFigure({
    title,
    identicalBelow,
    zTitle: "reading − autodiff",
    panels: rows.map((r) => ({
      title: r.reading,
      matrix: r.difference,
      difference: true,
      ...jacobianAxisLabels(r.difference.length, r.layout),
    })),
  });
}
