/**
 * The figures of notebooks 4 and 5, which read eq. (5)'s printed W_recᵀ diag(σ′) in one layout
 * each: the answer's two-neuron diagram with the compared edges highlighted, and the heatmaps of
 * the correct form, the printed form and their difference on one colour scale shared by both
 * notebooks, so that the two readings' differences can be compared by eye.
 */
import { JACOBIAN_FORMS, Layout, Reading } from "../core/forms";
import { stepJacobian } from "../checked/jacobians";
import { RNN } from "../core/model";
import { compareMatrices } from "../shared/compare";
import { Matrix, Vector } from "../shared/validate";
import { Figure } from "./plots/figure";
import { heatmapGridFigure, symmetricRange } from "./plots/heatmap";
import { jacobianAxisLabels } from "./plots/labels";
import { EdgeHighlight, networkDiagramFigure } from "./plots/network";
import { formEntriesText } from "./symbolic";

/** The symbolic hover text of the heatmaps is written for n ≤ 20; larger ones hover values only. */
export const READING_HOVER_LIMIT = 20;

/** The answer's picture: `w`'s neurons at steps 1 and 2, with the edges compared highlighted. */
export function readingExampleDiagram(w: Matrix, title: string, edges: EdgeHighlight[]): Figure {
  return networkDiagramFigure({ n: w.length, steps: 2, weights: w, highlight: edges, title });
}

/** One heatmap panel: its title, its matrix, and the reading whose entries it holds (none for a difference). */
export type ReadingPanel = [title: string, matrix: Matrix, reading?: Reading];

/**
 * The forms side by side in one layout's axes, on the symmetric colour range `range`; a panel
 * without a reading is a difference, drawn as identical where |entry| < `identicalBelow`.
 */
export function readingFormsFigure(
  title: string,
  layout: Layout,
  panels: ReadingPanel[],
  range: number,
  identicalBelow: number,
): Figure {
  const size = panels[0][1].length;
  return heatmapGridFigure({
    title,
    range,
    identicalBelow,
    zTitle: "entry value",
    ...jacobianAxisLabels(size, layout),
    panels: panels.map(([panelTitle, matrix, reading]) => ({
      title: panelTitle,
      matrix,
      difference: reading === undefined,
      hover: reading && size <= READING_HOVER_LIMIT ? formEntriesText(size, reading) : undefined,
    })),
  });
}

/**
 * The colour range notebooks 4 and 5 share for one network at one state: large enough for every
 * matrix either notebook shows (the three forms, and the printed form minus each correct one).
 */
export function sharedReadingRange(net: RNN, x: Vector): number {
  const [numerator, denominator, paper] = JACOBIAN_FORMS.map((f) => stepJacobian(net, x, f));
  const minus = (a: Matrix, b: Matrix) => compareMatrices(a, b).difference;
  return symmetricRange(
    numerator,
    denominator,
    paper,
    minus(paper, numerator),
    minus(paper, denominator),
  );
}
