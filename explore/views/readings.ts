/**
 * The four readings of ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ beside autodiff, on one shared colour scale: the correct
 * W D and the paper's Wᵀ D, each read in numerator layout (row = output j) and in denominator
 * layout (row = input k), and under each the difference between what that reading says
 * ∂xⱼ/∂xₖ is and the true Wⱼₖ σ′(xₖ). Hovering a cell picks the derivative (j, k) everywhere.
 */
import { READINGS, READING_INFO, Reading } from "../../src/core/forms";
import type { Derived } from "../model/derived";
import { Badge, createBadge } from "./badge";
import { el, sup } from "./dom";
import { MatrixPanel, createMatrixPanel } from "./matrixPanel";

export const READING_LABELS: Record<Reading, { matrix: string; name: string }> = {
  numerator: { matrix: "W D", name: "correct" },
  denominator: { matrix: "D Wᵀ", name: "correct" },
  paperNumerator: { matrix: "Wᵀ D", name: "paper's eq. (5)" },
  paperDenominator: { matrix: "Wᵀ D", name: "paper's eq. (5)" },
};

export interface ReadingsView {
  element: HTMLElement;
  badge: Badge;
  /** The core's readings and differences; the autodiff panel keeps its last matrix until `drawAutodiff`. */
  draw(derived: Derived, hover: { j: number; k: number }): void;
  drawAutodiff(autodiff: number[][] | undefined, hover: { j: number; k: number }): void;
}

export function createReadingsView(
  n: number,
  step: number,
  onHover: (j: number, k: number) => void,
): ReadingsView {
  const badge = createBadge("readings");
  const time = `${sup(step)}`;
  const autodiffPanel = createMatrixPanel({
    id: "panel-autodiff",
    title: "autodiff",
    subtitle: `∂xⱼ⁽${time}⁾/∂xₖ: row j, column k`,
    n,
    kind: "autodiff",
    onHover: (j, k) => onHover(j, k),
  });
  const readingPanels = {} as Record<Reading, MatrixPanel>;
  const differencePanels = {} as Record<Reading, MatrixPanel>;
  const columns: HTMLElement[] = [];
  for (const reading of READINGS) {
    const { layout } = READING_INFO[reading];
    const label = READING_LABELS[reading];
    const numerator = layout === "numerator";
    readingPanels[reading] = createMatrixPanel({
      id: `panel-${reading}`,
      title: `${label.matrix}, ${layout}`,
      subtitle: `${label.name}; ${numerator ? "row j, column k" : "row k, column j"}`,
      n,
      kind: "reading",
      onHover: (r, c) => (numerator ? onHover(r, c) : onHover(c, r)),
    });
    differencePanels[reading] = createMatrixPanel({
      id: `panel-${reading}-difference`,
      title: "minus true ∂xⱼ/∂xₖ",
      subtitle: "row j, column k",
      n,
      kind: "difference",
      onHover: (j, k) => onHover(j, k),
    });
    columns.push(
      el(
        "div",
        { class: `reading-column ${reading.startsWith("paper") ? "printed" : "correct"}` },
        [readingPanels[reading].element, differencePanels[reading].element],
      ),
    );
  }
  const element = el(
    "section",
    { class: "view", id: "view-readings", "aria-labelledby": "h-readings" },
    [
      el("header", { class: "view-header" }, [
        el("h2", { id: "h-readings" }, [
          `The one-step Jacobian ∂x⁽${time}⁾/∂x⁽${sup(step - 1)}⁾, four ways`,
        ]),
        badge.element,
      ]),
      el("p", { class: "view-note" }, [
        "D = diag(σ′(x⁽ⁱ⁻¹⁾)). A numerator-layout matrix holds ∂xⱼ/∂xₖ at row j, column k; a ",
        "denominator-layout one at row k, column j. Below each reading: what it says ∂xⱼ/∂xₖ is, ",
        "minus the true Wⱼₖ σ′(xₖ). One colour scale for all (blue −, white 0, red +).",
      ]),
      el("div", { class: "readings-grid" }, [
        el("div", { class: "reading-column autodiff-column" }, [autodiffPanel.element]),
        ...columns,
      ]),
    ],
  );
  let range = 1;
  return {
    element,
    badge,
    draw(derived, hover) {
      // One scale for all: the readings and their differences (autodiff agrees with W D to
      // float32 rounding, so it adds nothing to the range).
      let largest = 0;
      const consider = (m: number[][]) =>
        m.forEach((row) => row.forEach((v) => (largest = Math.max(largest, Math.abs(v)))));
      for (const reading of READINGS) {
        consider(derived.matrices[reading]);
        consider(derived.differences[reading]);
      }
      range = largest || 1;
      const { j, k } = hover;
      for (const reading of READINGS) {
        const numerator = READING_INFO[reading].layout === "numerator";
        readingPanels[reading].draw(derived.matrices[reading], range, numerator ? [j, k] : [k, j]);
        differencePanels[reading].draw(derived.differences[reading], range, [j, k]);
      }
      autodiffPanel.stale();
    },
    drawAutodiff(autodiff, hover) {
      autodiffPanel.draw(autodiff, range, [hover.j, hover.k]);
    },
  };
}
