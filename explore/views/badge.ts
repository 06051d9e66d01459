/**
 * The autodiff badge of a view: "matches autodiff to 3.0e−7" in green, or red with the measured
 * difference and the tolerance it exceeds. The numbers ride along as data attributes so a test
 * reads them from the DOM.
 */
import type { Agreement } from "../model/autodiffCheck";
import { el, formatSmall } from "./dom";

export interface Badge {
  element: HTMLElement;
  show(agreement: Agreement | undefined): void;
  /** The view changed and its check has not landed yet. */
  stale(): void;
}

export function createBadge(view: string): Badge {
  const element = el("span", { class: "badge pending", role: "status", "data-view": view }, [
    "checking against autodiff…",
  ]);
  return {
    element,
    stale() {
      element.classList.add("stale");
      element.dataset.ok = "";
    },
    show(agreement) {
      if (!agreement) {
        element.className = "badge pending";
        element.textContent = "checking against autodiff…";
        element.dataset.ok = "";
        return;
      }
      const what = agreement.relative ? " (relative)" : "";
      element.className = `badge ${agreement.ok ? "ok" : "bad"}`;
      element.dataset.ok = String(agreement.ok);
      element.dataset.difference = String(agreement.difference);
      element.dataset.tolerance = String(agreement.tolerance);
      element.title = `tfjs autodiff of the oracle's own forward pass; tolerance ${formatSmall(agreement.tolerance)}${what}`;
      element.textContent = agreement.error
        ? `✗ autodiff failed: ${agreement.error}`
        : agreement.ok
          ? `✓ matches autodiff to ${formatSmall(agreement.difference)}${what}`
          : `✗ differs from autodiff by ${formatSmall(agreement.difference)}${what} > ${formatSmall(agreement.tolerance)}`;
    },
  };
}
