/**
 * The exact conditions under which a reading of the printed Wᵀ D gives the true derivative:
 *   numerator reading right   ⇔ (Wₖⱼ − Wⱼₖ) σ′(xₖ) = 0 for every j, k;
 *   denominator reading right ⇔ Wⱼₖ (σ′(xⱼ) − σ′(xₖ)) = 0 for every j, k.
 * Each lights up when it holds, beside the measured largest difference of that reading (which
 * is then exactly zero), with the two buttons that make one hold: W symmetric, σ linear.
 */
import type { Derived } from "../model/derived";
import { Badge, createBadge } from "./badge";
import { el, formatSmall } from "./dom";

export interface ConditionsView {
  element: HTMLElement;
  /** The differences above are taken from the float64 truth W D; autodiff confirms that truth. */
  badge: Badge;
  draw(derived: Derived): void;
}

export function createConditionsView(actions: {
  makeSymmetric: () => void;
  makeLinear: () => void;
}): ConditionsView {
  const row = (id: string, reading: string, condition: string, button: HTMLButtonElement) => {
    const status = el("span", { class: "condition-status" });
    const measured = el("span", { class: "condition-measured" });
    const element = el("div", { class: "condition", id, role: "status" }, [
      el("div", { class: "condition-text" }, [
        el("strong", {}, [reading]),
        ` is right ⇔ ${condition}`,
      ]),
      el("div", { class: "condition-state" }, [status, measured]),
      button,
    ]);
    return { element, status, measured };
  };
  const badge = createBadge("conditions");
  const symmetric = el("button", { type: "button", id: "make-symmetric" }, ["make W symmetric"]);
  const linear = el("button", { type: "button", id: "make-linear" }, ["make σ linear"]);
  symmetric.addEventListener("click", actions.makeSymmetric);
  linear.addEventListener("click", actions.makeLinear);
  const numerator = row(
    "condition-numerator",
    "Wᵀ D in numerator layout",
    "(Wₖⱼ − Wⱼₖ) σ′(xₖ) = 0 for all j, k",
    symmetric,
  );
  const denominator = row(
    "condition-denominator",
    "Wᵀ D in denominator layout",
    "Wⱼₖ (σ′(xⱼ) − σ′(xₖ)) = 0 for all j, k",
    linear,
  );
  const element = el(
    "section",
    { class: "view", id: "view-conditions", "aria-labelledby": "h-conditions" },
    [
      el("header", { class: "view-header" }, [
        el("h2", { id: "h-conditions" }, ["When the printed form is right"]),
        badge.element,
      ]),
      numerator.element,
      denominator.element,
    ],
  );
  const show = (part: typeof numerator, value: number, difference: number[][]) => {
    const holds = value === 0;
    let largest = 0;
    difference.forEach((r) => r.forEach((v) => (largest = Math.max(largest, Math.abs(v)))));
    part.element.classList.toggle("holds", holds);
    part.element.dataset.holds = String(holds);
    part.element.dataset.difference = String(largest);
    part.status.textContent = holds ? "✓ holds" : `✗ fails: largest term ${formatSmall(value)}`;
    part.measured.textContent = ` · that reading minus the truth: largest |difference| ${formatSmall(largest)}`;
  };
  return {
    element,
    badge,
    draw(derived) {
      show(numerator, derived.conditions.numerator, derived.differences.paperNumerator);
      show(denominator, derived.conditions.denominator, derived.differences.paperDenominator);
    },
  };
}
