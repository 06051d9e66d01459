/**
 * One n×n matrix drawn as a grid of coloured cells on a shared diverging scale (the figures'
 * scale of src/notebook/plots/colors.ts: blue negative, white zero, red positive), with its numbers written
 * in the cells when they fit. The exact values ride along in `data-matrix` for tests and for
 * screen readers' table navigation (each cell's aria-label holds its number).
 */
import { colorFor, textColorOn } from "../../src/notebook/plots/colors";
import { el, formatNumber } from "./dom";

export interface MatrixPanel {
  element: HTMLElement;
  /** Draw `matrix` on the scale −range … range; `highlight` is the [row, col] to outline. */
  draw(matrix: number[][] | undefined, range: number, highlight?: [number, number]): void;
  /** Dim the panel: its numbers belong to the previous state (the autodiff panel, until checked). */
  stale(): void;
}

/** Numbers are written in the cells up to this n; above it the colours and the hover tell. */
export const NUMBERS_UP_TO_N = 5;

export function createMatrixPanel(options: {
  id: string;
  title: string;
  subtitle: string;
  n: number;
  /** Called with the hovered cell's [row, col]. */
  onHover: (row: number, col: number) => void;
  kind: "reading" | "difference" | "autodiff";
}): MatrixPanel {
  const { n } = options;
  const grid = el("div", {
    class: `matrix-grid${n > NUMBERS_UP_TO_N ? " compact" : ""}`,
    role: "grid",
    "aria-label": `${options.title}, ${n}×${n}`,
    style: `grid-template-columns: repeat(${n}, 1fr)`,
  });
  const cells: HTMLElement[][] = [];
  for (let r = 0; r < n; r++) {
    const row: HTMLElement[] = [];
    for (let c = 0; c < n; c++) {
      const cell = el("div", { class: "cell", role: "gridcell" });
      cell.addEventListener("mouseenter", () => options.onHover(r, c));
      grid.append(cell);
      row.push(cell);
    }
    cells.push(row);
  }
  const element = el("figure", { class: `panel ${options.kind}`, id: options.id }, [
    el("figcaption", {}, [
      el("span", { class: "panel-title" }, [options.title]),
      el("span", { class: "panel-subtitle" }, [options.subtitle]),
    ]),
    grid,
  ]);
  let outlined: HTMLElement | undefined;
  // What each cell shows now: a redraw touches only the cells whose text or colour changed.
  const shown: string[] = new Array(n * n).fill("");
  return {
    element,
    stale() {
      element.classList.add("stale");
    },
    draw(matrix, range, highlight) {
      if (!matrix) {
        element.dataset.matrix = "";
        element.classList.add("empty");
        return;
      }
      element.classList.remove("empty", "stale");
      element.dataset.matrix = JSON.stringify(matrix);
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const value = matrix[r][c];
          const background = colorFor(value, range);
          const text = formatNumber(value);
          const key = `${background} ${text}`;
          if (shown[r * n + c] === key) continue;
          shown[r * n + c] = key;
          const cell = cells[r][c];
          cell.style.background = background;
          cell.style.color = textColorOn(background);
          if (n <= NUMBERS_UP_TO_N) cell.textContent = text;
          cell.setAttribute("aria-label", `row ${r + 1}, column ${c + 1}: ${text}`);
        }
      }
      outlined?.classList.remove("hovered");
      outlined = highlight ? cells[highlight[0]][highlight[1]] : undefined;
      outlined?.classList.add("hovered");
    },
  };
}
