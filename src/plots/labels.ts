/**
 * Text that figures show: indexed axis labels written as in the CrossValidated answer
 * (∂x₁⁽ⁱ⁾, ∂x₂⁽ⁱ⁻¹⁾), numbers formatted the same way in the live plot and in the static SVG, and
 * escaping for plotly's small HTML-like label language.
 */

const SUBSCRIPTS: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
  "-": "₋",
  "+": "₊",
};

const SUPERSCRIPTS: Record<string, string> = {
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
  "-": "⁻",
  "+": "⁺",
  i: "ⁱ",
  n: "ⁿ",
  t: "ᵗ",
  k: "ᵏ",
};

function mapScript(text: string, table: Record<string, string>, what: string): string {
  return [...text]
    .map((ch) => {
      const mapped = table[ch];
      if (mapped === undefined) {
        throw new RangeError(`cannot write ${JSON.stringify(text)} as a ${what}: ${ch} has none`);
      }
      return mapped;
    })
    .join("");
}

/** "12" → "₁₂" (digits, + and −). */
export function toSubscript(text: string): string {
  return mapScript(text, SUBSCRIPTS, "subscript");
}

/** "i-1" → "ⁱ⁻¹" (digits, + and −, and the letters i, n, t, k). */
export function toSuperscript(text: string): string {
  return mapScript(text, SUPERSCRIPTS, "superscript");
}

/** A step label: the number itself, or the letter "i" of the text's ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾. */
export type StepLabel = number | "i";

/** The step before `step`: i → "i-1", 5 → 4. Throws for anything but a positive integer or "i". */
export function previousStep(step: StepLabel, name = "step"): string {
  if (step === "i") return "i-1";
  if (typeof step !== "number" || !Number.isInteger(step) || step < 1) {
    throw new RangeError(`${name} must be "i" or a positive integer, got ${JSON.stringify(step)}`);
  }
  return String(step - 1);
}

/** "∂x₂⁽ⁱ⁻¹⁾" for neuron 2 (1-based) at step "i-1". */
export function partialLabel(neuron: number, step: string): string {
  return `∂x${toSubscript(String(neuron))}⁽${toSuperscript(step)}⁾`;
}

/** "step i − 1" for "i-1", "step 3" for "3": a step label as words for an axis title. */
function stepWords(step: string): string {
  return `step ${step.replace("-", " − ")}`;
}

/**
 * Axis labels and titles for a Jacobian heatmap, with indices as in the text. Numerator layout:
 * row j is ∂x_j⁽ⁱ⁾ (output), column k is ∂x_k⁽ⁱ⁻¹⁾ (input). Denominator layout: the transpose.
 * Spread it into a heatmap's options: `{ ...jacobianAxisLabels(4, "denominator"), … }`.
 */
export function jacobianAxisLabels(
  n: number,
  layout: "numerator" | "denominator",
  step: StepLabel = "i",
): { rowLabels: string[]; colLabels: string[]; xTitle: string; yTitle: string } {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`n must be a positive integer, got ${JSON.stringify(n)}`);
  }
  if (layout !== "numerator" && layout !== "denominator") {
    throw new RangeError(
      `layout must be one of numerator, denominator, got ${JSON.stringify(layout)}`,
    );
  }
  const before = previousStep(step);
  const outputs = Array.from({ length: n }, (_, j) => partialLabel(j + 1, String(step)));
  const inputs = Array.from({ length: n }, (_, k) => partialLabel(k + 1, before));
  const output = `output neuron j (${stepWords(String(step))})`;
  const input = `input neuron k (${stepWords(before)})`;
  return layout === "numerator"
    ? { rowLabels: outputs, colLabels: inputs, yTitle: output, xTitle: input }
    : { rowLabels: inputs, colLabels: outputs, yTitle: input, xTitle: output };
}

/**
 * `value` with `digits` significant digits, as d3-format's ".3g" in plotly's texttemplate writes
 * it (toPrecision), with a true minus sign and no "−0".
 */
export function formatValue(value: number, digits = 3): string {
  if (Object.is(value, -0) || value === 0) return (0).toPrecision(digits);
  return value.toPrecision(digits).replace(/^-/, "−");
}

/**
 * Plotly renders titles, labels and hover text as a small HTML subset; user text is escaped so
 * that a "<" in a title shows as "<" instead of starting a tag (plotly decodes these entities).
 */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
