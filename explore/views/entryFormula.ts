/**
 * The hovered derivative ∂xⱼ⁽ⁱ⁾/∂xₖ⁽ⁱ⁻¹⁾ written out in each reading, from the library's
 * symbolic description (src/notebook/symbolic.ts `describeEntry`): which weight and which σ′ the reading
 * multiplies (W₁₂ σ′(x₂⁽¹⁾) against the printed W₂₁ σ′(x₂⁽¹⁾)), the numbers, and whether that
 * is the true derivative, with autodiff's value beside it.
 */
import { READINGS, READING_INFO, Reading } from "../../src/core/forms";
import { describeEntry, entryValue } from "../../src/notebook/symbolic";
import type { Derived } from "../model/derived";
import { Agreement, stepTolerance } from "../model/autodiffCheck";
import { Badge, createBadge } from "./badge";
import { el, formatNumber, sub, sup } from "./dom";
import { READING_LABELS } from "./readings";

export interface EntryView {
  element: HTMLElement;
  badge: Badge;
  draw(
    derived: Derived,
    step: number,
    hover: { j: number; k: number },
    autodiff: number[][] | undefined,
  ): Agreement | undefined;
}

export function createEntryView(): EntryView {
  const badge = createBadge("entry");
  const heading = el("p", { class: "entry-question" });
  const rows = {} as Record<Reading, HTMLElement>;
  const table = el("table", { class: "entry-table" }, [
    el("thead", {}, [
      el("tr", {}, [
        el("th", { scope: "col" }, ["reading"]),
        el("th", { scope: "col" }, ["its ∂xⱼ/∂xₖ"]),
        el("th", { scope: "col" }, ["value"]),
        el("th", { scope: "col" }, ["true?"]),
      ]),
    ]),
  ]);
  const body = el("tbody");
  for (const reading of READINGS) {
    rows[reading] = el("tr", { "data-reading": reading });
    body.append(rows[reading]);
  }
  table.append(body);
  const element = el("section", { class: "view", id: "view-entry", "aria-labelledby": "h-entry" }, [
    el("header", { class: "view-header" }, [
      el("h2", { id: "h-entry" }, ["The hovered entry, written out"]),
      badge.element,
    ]),
    heading,
    table,
  ]);
  return {
    element,
    badge,
    draw(derived, step, hover, autodiff) {
      const { j, k } = hover;
      const n = derived.rnn.n;
      const w = derived.rnn.wRec;
      const s = derived.slopes;
      const truth = w[j][k] * s[k];
      const previous = sup(step - 1);
      heading.textContent =
        `∂x${sub(j + 1)}⁽${sup(step)}⁾/∂x${sub(k + 1)}⁽${previous}⁾ = W${sub(j + 1)}${sub(k + 1)} ` +
        `σ′(x${sub(k + 1)}⁽${previous}⁾) = ${formatNumber(w[j][k], 3)} × ${formatNumber(s[k], 3)} = ` +
        `${formatNumber(truth, 4)}` +
        (autodiff ? `; autodiff: ${formatNumber(autodiff[j][k], 4)}` : "");
      for (const reading of READINGS) {
        const description = describeEntry({ reading, j, k, n, previousStep: step - 1 });
        const value = entryValue(description, w, s);
        const right = value === truth;
        const row = rows[reading];
        row.className = right ? "right" : "wrong";
        row.replaceChildren(
          el("th", { scope: "row" }, [
            `${READING_LABELS[reading].matrix}, ${READING_INFO[reading].layout}`,
          ]),
          el("td", { class: "formula" }, [description.text]),
          el("td", { class: "number" }, [formatNumber(value, 4)]),
          el("td", {}, [right ? (description.correct ? "✓ always" : "✓ here") : "✗"]),
        );
      }
      if (!autodiff) return undefined;
      const tolerance = stepTolerance(derived);
      const difference = Math.abs(autodiff[j][k] - truth);
      return { difference, tolerance, relative: false, ok: difference <= tolerance };
    },
  };
}
