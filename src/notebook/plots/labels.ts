/**
 * Text that figures show: indexed labels written as in the CrossValidated answer (∂x₁⁽ⁱ⁾,
 * ∂x₂⁽ⁱ⁻¹⁾), numbers formatted alike in the live plot and the static SVG, and escaping for
 * plotly's small HTML-like label language.
 */
import { assertOneOf, assertPositiveInteger } from "../../shared/validate";

function script(text: string, from: string, to: string, what: string): string {
  const table = [...to];
  return [...text]
    .map((ch) => {
      const i = from.indexOf(ch);
      if (i < 0)
        throw new RangeError(`cannot write ${JSON.stringify(text)} as a ${what}: ${ch} has none`);
      return table[i];
    })
    .join("");
}

/** "12" → "₁₂" (digits, + and −). */
export function toSubscript(text: string): string {
  return script(text, "0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊", "subscript");
}

/** "i-1" → "ⁱ⁻¹" (digits, + and −, and the letters i, n, t, k). */
export function toSuperscript(text: string): string {
  return script(text, "0123456789-+intk", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁱⁿᵗᵏ", "superscript");
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

/**
 * Axis labels and titles for a Jacobian heatmap. Numerator layout: row j is ∂x_j⁽ⁱ⁾ (output),
 * column k is ∂x_k⁽ⁱ⁻¹⁾ (input); denominator layout: the transpose. Spread it into a heatmap's
 * options: `{ ...jacobianAxisLabels(4, "denominator"), … }`.
 */
export function jacobianAxisLabels(
  n: number,
  layout: "numerator" | "denominator",
  step: StepLabel = "i",
): { rowLabels: string[]; colLabels: string[]; xTitle: string; yTitle: string } {
  assertPositiveInteger("n", n);
  assertOneOf("layout", layout, ["numerator", "denominator"]);
  const before = previousStep(step);
  const neurons = (at: string) => Array.from({ length: n }, (_, j) => partialLabel(j + 1, at));
  const words = (at: string) => `step ${at.replace("-", " − ")}`;
  const outputs = {
    labels: neurons(String(step)),
    title: `output neuron j (${words(String(step))})`,
  };
  const inputs = { labels: neurons(before), title: `input neuron k (${words(before)})` };
  const [rows, cols] = layout === "numerator" ? [outputs, inputs] : [inputs, outputs];
  return { rowLabels: rows.labels, colLabels: cols.labels, yTitle: rows.title, xTitle: cols.title };
}

/** `value` to `digits` significant digits as plotly's ".3g" writes it, with a true minus, no "−0". */
export function formatValue(value: number, digits = 3): string {
  if (Object.is(value, -0) || value === 0) return (0).toPrecision(digits);
  return value.toPrecision(digits).replace(/^-/, "−");
}

/** User text escaped for plotly's label language, so a "<" shows instead of starting a tag. */
export function plotlyText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
