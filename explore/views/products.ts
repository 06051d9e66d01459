/**
 * ‖∂x⁽ᵀ⁾/∂x⁽ᵏ⁾‖₂ against the distance T − k on a log scale: the correct chain of W D, the
 * paper's chain of Wᵀ D and the bound (λ₁γ)^{T−k} of eq. (7), in the figures' colours and dashes
 * by meaning (src/notebook/plots/style.ts). Drawn as plain SVG: a handful of polylines redraw well within
 * a frame, where a plotting library's relayout does not.
 */
import {
  MEANING_COLORS,
  SVG_DASHARRAY,
  MEANING_DASH,
  Meaning,
} from "../../src/notebook/plots/style";
import type { ProductsOverTime } from "../model/derived";
import { Badge, createBadge } from "./badge";
import { el, svg } from "./dom";

export interface ProductsView {
  element: HTMLElement;
  badge: Badge;
  draw(products: ProductsOverTime): void;
}

const WIDTH = 460;
const HEIGHT = 270;
const PLOT = { left: 64, right: WIDTH - 14, top: 14, bottom: HEIGHT - 46 };

const SERIES: {
  key: "correctLog10" | "paperLog10" | "boundLog10";
  meaning: Meaning;
  label: string;
}[] = [
  { key: "boundLog10", meaning: "bound", label: "bound (λ₁γ)^(T−k)" },
  { key: "correctLog10", meaning: "correct", label: "correct: W D ⋯ W D" },
  { key: "paperLog10", meaning: "printed", label: "paper: Wᵀ D ⋯ Wᵀ D" },
];

/** Decade ticks between lo and hi, at most ~6 of them. */
function decadeTicks(lo: number, hi: number): number[] {
  const span = Math.max(1, Math.ceil(hi) - Math.floor(lo));
  const every = Math.max(1, Math.ceil(span / 6));
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / every) * every; t <= hi; t += every) ticks.push(t);
  return ticks;
}

const superscript = (value: number) =>
  String(value)
    .replace(/-/g, "⁻")
    .replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]);

export function createProductsView(): ProductsView {
  const badge = createBadge("products");
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "products-chart",
    role: "img",
    "aria-labelledby": "h-products products-desc",
  });
  const axes = svg("g", { class: "axes" });
  root.append(axes);
  const lines = SERIES.map(({ meaning }) => {
    const line = svg("polyline", {
      fill: "none",
      stroke: MEANING_COLORS[meaning],
      "stroke-width": 2.5,
      class: `series ${meaning}`,
    });
    const dash = SVG_DASHARRAY[MEANING_DASH[meaning]];
    if (dash) line.setAttribute("stroke-dasharray", dash);
    root.append(line);
    return line;
  });
  const legend = el(
    "ul",
    { class: "legend chart-legend" },
    SERIES.map(({ meaning, label }) =>
      el("li", {}, [el("span", { class: `swatch line ${meaning}` }), ` ${label}`]),
    ),
  );
  const description = el("p", { class: "view-note", id: "products-desc" });
  const element = el(
    "section",
    { class: "view", id: "view-products", "aria-labelledby": "h-products" },
    [
      el("header", { class: "view-header" }, [
        el("h2", { id: "h-products" }, ["Products over time: ‖∂x⁽ᵀ⁾/∂x⁽ᵏ⁾‖₂"]),
        badge.element,
      ]),
      root as unknown as HTMLElement,
      legend,
      description,
    ],
  );
  return {
    element,
    badge,
    draw(products) {
      const { distance } = products;
      const finite = SERIES.flatMap(({ key }) => products[key].filter(Number.isFinite));
      let lo = Math.min(...finite, 0);
      let hi = Math.max(...finite, 0);
      if (hi - lo < 1) [lo, hi] = [lo - 0.5, hi + 0.5];
      const maxDistance = Math.max(1, distance[0] ?? 1);
      const x = (d: number) =>
        PLOT.left + ((d - 1) / Math.max(1, maxDistance - 1)) * (PLOT.right - PLOT.left);
      const yOf = (v: number) => PLOT.bottom - ((v - lo) / (hi - lo)) * (PLOT.bottom - PLOT.top);
      SERIES.forEach(({ key }, index) => {
        const points = products[key]
          .map((v, i) =>
            Number.isFinite(v) ? `${x(distance[i]).toFixed(1)},${yOf(v).toFixed(1)}` : "",
          )
          .filter(Boolean)
          .join(" ");
        lines[index].setAttribute("points", points);
      });
      root.dataset.correctLog10 = JSON.stringify(products.correctLog10);
      axes.replaceChildren(
        svg("line", {
          x1: PLOT.left,
          y1: PLOT.bottom,
          x2: PLOT.right,
          y2: PLOT.bottom,
          class: "axis",
        }),
        svg("line", { x1: PLOT.left, y1: PLOT.top, x2: PLOT.left, y2: PLOT.bottom, class: "axis" }),
      );
      for (const tick of decadeTicks(lo, hi)) {
        const label = svg("text", { x: PLOT.left - 6, y: yOf(tick) + 5, "text-anchor": "end" });
        label.textContent = `10${superscript(tick)}`;
        axes.append(
          svg("line", {
            x1: PLOT.left,
            y1: yOf(tick),
            x2: PLOT.right,
            y2: yOf(tick),
            class: "grid",
          }),
          label,
        );
      }
      const xEvery = Math.max(1, Math.ceil(maxDistance / 6));
      for (let d = 1; d <= maxDistance; d += xEvery) {
        const label = svg("text", { x: x(d), y: PLOT.bottom + 20, "text-anchor": "middle" });
        label.textContent = String(d);
        axes.append(label);
      }
      const title = svg("text", {
        x: (PLOT.left + PLOT.right) / 2,
        y: HEIGHT - 6,
        "text-anchor": "middle",
      });
      title.textContent = "distance T − k (steps)";
      axes.append(title);
      const last = products.correctLog10.length - 1;
      const above = products.correctLog10.filter(
        (v, i) => v > products.boundLog10[i] + 1e-9,
      ).length;
      description.textContent =
        `Over the longest distance ${maxDistance}: correct ${fmtLog(products.correctLog10[0])}, ` +
        `paper ${fmtLog(products.paperLog10[0])}, bound ${fmtLog(products.boundLog10[0])}. ` +
        (above === 0
          ? "The correct products stay under the bound at every distance."
          : `${above} correct products exceed the bound.`) +
        (last < 0 ? "" : "");
    },
  };
}

function fmtLog(log10: number): string {
  if (!Number.isFinite(log10)) return log10 < 0 ? "0" : "∞";
  const exponent = Math.floor(log10);
  const mantissa = 10 ** (log10 - exponent);
  return `${mantissa.toFixed(2)}×10${superscript(exponent)}`;
}
