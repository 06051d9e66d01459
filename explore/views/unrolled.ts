/**
 * The network unrolled over one step, x⁽ⁱ⁻¹⁾ → σ(x⁽ⁱ⁻¹⁾) → x⁽ⁱ⁾ (eq. (2)), every edge k → j
 * drawn with a width that grows with |Wⱼₖ|. For the hovered derivative ∂xⱼ/∂xₖ it marks what
 * the truth uses, the edge k → j (Wⱼₖ) and the σ node of neuron k, in the "correct" colour, and
 * what the printed Wᵀ D uses instead in the "printed" colour: the reversed edge j → k (Wₖⱼ, its
 * numerator reading) or the σ node of neuron j (its denominator reading).
 */
import { MEANING_COLORS } from "../../src/notebook/plots/style";
import type { Derived } from "../model/derived";
import { Badge, createBadge } from "./badge";
import { el, formatNumber, sub, sup, svg } from "./dom";

export interface UnrolledView {
  element: HTMLElement;
  badge: Badge;
  draw(derived: Derived, step: number, hover: { j: number; k: number }): void;
}

const WIDTH = 460;
const ROW = 42;
const TOP = 44;
const COLUMNS = { previous: 50, sigma: 170, next: 410 };
const RADIUS = 15;

export function createUnrolledView(n: number, step: number): UnrolledView {
  const badge = createBadge("network");
  const height = TOP + n * ROW;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "unrolled",
    role: "img",
    "aria-labelledby": "h-network network-desc",
  });
  const y = (neuron: number) => TOP + neuron * ROW + ROW / 2 - 6;
  const heading = (x: number, text: string) => {
    const t = svg("text", { x, y: 20, "text-anchor": "middle", class: "column-label" });
    t.textContent = text;
    root.append(t);
  };
  heading(COLUMNS.previous, `x⁽${sup(step - 1)}⁾`);
  heading(COLUMNS.sigma, `σ(x⁽${sup(step - 1)}⁾)`);
  heading(COLUMNS.next, `x⁽${sup(step)}⁾`);
  const edges: SVGElement[][] = [];
  for (let j = 0; j < n; j++) {
    const row: SVGElement[] = [];
    for (let k = 0; k < n; k++) {
      const line = svg("line", {
        x1: COLUMNS.sigma + RADIUS,
        y1: y(k),
        x2: COLUMNS.next - RADIUS,
        y2: y(j),
        class: "edge",
      });
      root.append(line);
      row.push(line);
    }
    edges.push(row);
  }
  const nodes = (x: number, kind: string) =>
    Array.from({ length: n }, (_, neuron) => {
      const group = svg("g", { class: `node ${kind}` });
      const circle = svg("circle", { cx: x, cy: y(neuron), r: RADIUS });
      const label = svg("text", { x, y: y(neuron) + 5, "text-anchor": "middle" });
      label.textContent = `${kind === "sigma" ? "σ" : "x"}${sub(neuron + 1)}`;
      group.append(circle, label);
      root.append(group);
      return { group, circle };
    });
  const previous = nodes(COLUMNS.previous, "state");
  const sigma = nodes(COLUMNS.sigma, "sigma");
  nodes(COLUMNS.next, "state");
  for (let k = 0; k < n; k++) {
    root.append(
      svg("line", {
        x1: COLUMNS.previous + RADIUS,
        y1: y(k),
        x2: COLUMNS.sigma - RADIUS,
        y2: y(k),
        class: "edge activation",
      }),
    );
  }
  const values = Array.from({ length: n }, (_, neuron) => {
    const t = svg("text", {
      x: COLUMNS.previous - RADIUS - 4,
      y: y(neuron) + 5,
      "text-anchor": "end",
      class: "value",
    });
    root.append(t);
    return t;
  });
  const description = el("p", { id: "network-desc", class: "view-note" });
  const legend = el("p", { class: "legend" }, [
    el("span", { class: "swatch correct" }, []),
    " what ∂xⱼ/∂xₖ uses: the edge k → j (Wⱼₖ) and σ′ of neuron k   ",
    el("span", { class: "swatch printed" }, []),
    " what the printed Wᵀ D uses instead",
  ]);
  const element = el(
    "section",
    { class: "view", id: "view-network", "aria-labelledby": "h-network" },
    [
      el("header", { class: "view-header" }, [
        el("h2", { id: "h-network" }, ["The network, one step unrolled"]),
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
    draw(derived, _step, hover) {
      const w = derived.rnn.wRec;
      let largest = 0;
      w.forEach((row) => row.forEach((v) => (largest = Math.max(largest, Math.abs(v)))));
      largest = largest || 1;
      const { j, k } = hover;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const line = edges[r][c];
          line.setAttribute("stroke-width", String(0.5 + 3 * (Math.abs(w[r][c]) / largest)));
          line.setAttribute("class", `edge${w[r][c] < 0 ? " negative" : ""}`);
          line.removeAttribute("stroke");
          line.removeAttribute("stroke-dasharray");
        }
      }
      const printedEdge = edges[k][j];
      const trueEdge = edges[j][k];
      if (j !== k) {
        printedEdge.setAttribute("class", "edge printed");
        printedEdge.setAttribute("stroke", MEANING_COLORS.printed);
        printedEdge.setAttribute("stroke-dasharray", "9 5");
        printedEdge.setAttribute("stroke-width", "4");
      }
      trueEdge.setAttribute("class", "edge correct");
      trueEdge.setAttribute("stroke", MEANING_COLORS.correct);
      trueEdge.setAttribute("stroke-width", "4");
      trueEdge.parentNode?.append(trueEdge); // drawn on top
      if (j !== k) printedEdge.parentNode?.append(printedEdge);
      // Keep the nodes above the highlighted edges.
      for (const node of [...previous, ...sigma]) root.append(node.group);
      sigma.forEach(({ circle }, neuron) => {
        const mark = neuron === k ? "correct" : neuron === j ? "printed" : "";
        circle.setAttribute("class", mark);
      });
      derived.states[_step - 1].forEach((value, neuron) => {
        values[neuron].textContent = formatNumber(value);
      });
      description.textContent =
        `Hovered: ∂x${sub(j + 1)}⁽${sup(_step)}⁾/∂x${sub(k + 1)}⁽${sup(_step - 1)}⁾. ` +
        `True: edge ${k + 1} → ${j + 1} (W${sub(j + 1)}${sub(k + 1)} = ${formatNumber(w[j][k])}) ` +
        `through σ of neuron ${k + 1}. ` +
        (j === k
          ? "On the diagonal the printed form uses the same edge and the same σ′."
          : `Printed, numerator reading: edge ${j + 1} → ${k + 1} (W${sub(k + 1)}${sub(j + 1)} = ` +
            `${formatNumber(w[k][j])}); denominator reading: σ′ of neuron ${j + 1}.`) +
        " Numbers left of x⁽ⁱ⁻¹⁾: the state of the float64 forward pass.";
    },
  };
}
