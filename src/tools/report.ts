/**
 * The report of `rnn-jacobian verify`: the result of verify.ts as a human-readable table or as
 * JSON. Pure functions of the result, so the same result prints the same bytes.
 */
import { INPUT_TERM_INFO } from "../core/model";
import { CheckSummary, FLOAT32_CHAIN_LENGTH, VerifyResult } from "./verify";

/**
 * The result as JSON, two-space indented, with every array of numbers on one line (a matrix is
 * one row per line). Numbers are printed the way JavaScript round-trips them, so the output is
 * the same bytes on every run.
 */
export function formatJson(result: VerifyResult): string {
  const text = JSON.stringify(result, null, 2);
  const inlined = text.replace(
    /\[\s*([-+0-9.eE]+(?:,\s*[-+0-9.eE]+)*)\s*\]/g,
    (_, body: string) => `[${body.split(/,\s*/).join(", ")}]`,
  );
  return `${inlined}\n`;
}

function number(value: number): string {
  return value === 0 ? "0" : value.toExponential(1);
}

const width = (text: string): number => [...text].length;

/**
 * Left-aligned columns two spaces apart; widths in code points, so superscripts count as one.
 * `groups` adds a line of labels, each above the columns from its `column` to the next group's.
 */
function table(rows: string[][], groups: { column: number; label: string }[] = []): string {
  const indent = "  ";
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, width(cell))));
  }
  // Widen the last column of a group whose label is wider than the columns under it.
  groups.forEach((group, g) => {
    const end = g + 1 < groups.length ? groups[g + 1].column : widths.length;
    const span = widths.slice(group.column, end).reduce((a, w) => a + w + 2, -2);
    if (width(group.label) + 1 > span) widths[end - 1] += width(group.label) + 1 - span;
  });
  const lines = rows.map((row) =>
    (
      indent + row.map((cell, c) => cell + " ".repeat(widths[c] - width(cell))).join("  ")
    ).trimEnd(),
  );
  if (groups.length > 0) {
    let header = indent;
    for (const group of groups) {
      const start = width(indent) + widths.slice(0, group.column).reduce((a, w) => a + w + 2, 0);
      header += " ".repeat(Math.max(1, start - width(header))) + group.label;
    }
    lines.unshift(header.trimEnd());
  }
  return lines.join("\n");
}

function checkCells(summary: CheckSummary): string[] {
  return [number(summary.maxAbs), number(summary.maxRel), summary.pass ? "✓" : "✗"];
}

function tolerance(t: { relative: number; absolute: number }): string {
  const relative = `max rel ≤ ${number(t.relative)}`;
  return t.absolute > 0 ? `${relative} or max|Δ| ≤ ${number(t.absolute)}` : relative;
}

/** The human-readable report: network, both checks, one table per kind of Jacobian, verdict. */
export function formatReport(result: VerifyResult): string {
  const { options, tolerances, readings } = result;
  const T = options.steps;
  const ks = result.products.byK.map((p) => p.k);
  const kRange = ks.length === T ? `k = 0…${T - 1}` : `k = ${ks.join(", ")}`;
  const product = `∂x⁽${[...String(T)].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("")}⁾/∂x⁽ᵏ⁾`;
  const h = result.finiteDifferenceSteps;
  const lines = [
    "rnn-jacobian verify: the one-step Jacobian of eq. (2), and eq. (5) of Pascanu, Mikolov & Bengio (2013)",
    table([
      [
        "network",
        `n = ${options.n}, m = ${result.inputs.wIn[0].length}, T = ${T} steps, ` +
          `activation ${options.activation}, seed ${options.seed}, ` +
          `W_rec ${result.wRecSymmetric ? "symmetric" : "not symmetric"}, ` +
          `input term ${INPUT_TERM_INFO[options.inputTerm].text}`,
      ],
      [
        "checks",
        `float64 core; tfjs autodiff (${result.backend} backend, float32); float64 central differences, ` +
          `h = ${number(h.oneStep)} (one step), ${number(h.overTime)} (over time)`,
      ],
      ["D", "diag(σ′(x⁽ⁱ⁻¹⁾))"],
      [
        "columns",
        "max|Δ| and max rel = max|Δ| / max|expected| of the worst matrix; " +
          "✓ within tolerance, ✗ beyond it",
      ],
    ]),
    "",
    "The true Jacobian, two ways: autodiff against finite differences",
    table([
      ["", "max|Δ|", "max rel", ""],
      [`one step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾, i = 1…${T}`, ...checkCells(result.truth.oneStep)],
      [`products ${product}, ${kRange}`, ...checkCells(result.truth.products)],
    ]),
  ];
  for (const kind of ["oneStep", "products"] as const) {
    lines.push(
      "",
      kind === "oneStep"
        ? `One step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at every step i = 1…${T}`
        : `Products over time (eq. 5) ${product} for ${kRange}`,
      table(
        [
          ["reading", "matrix", "max|Δ|", "max rel", "", "max|Δ|", "max rel"],
          ...readings.map((r) => [
            r.title,
            r.matrix,
            ...checkCells(r[kind].autodiff),
            ...checkCells(r[kind].finiteDifferences),
          ]),
        ],
        [
          { column: 2, label: "vs autodiff" },
          { column: 5, label: "vs finite differences" },
        ],
      ),
    );
  }
  lines.push(
    "",
    "Each reading against the true Jacobian",
    table(
      readings.map((r) => [
        r.title,
        r.matrix,
        r.matches ? "matches" : "differs",
        r.ok ? "as expected:" : "UNEXPECTED:",
        r.why,
      ]),
    ),
    "",
    "Tolerances (per matrix)",
    table([
      ["vs autodiff", tolerance(tolerances.autodiff), "float64 core vs float32 autodiff"],
      [
        "vs finite differences",
        tolerance(tolerances.finiteDifferences),
        "float64 formula vs float64 central differences",
      ],
      [
        "autodiff vs finite differences",
        tolerance(tolerances.truth),
        "float32 against float64: float32 precision",
      ],
    ]),
  );
  if (T > FLOAT32_CHAIN_LENGTH) {
    lines.push(
      `  products of L > ${FLOAT32_CHAIN_LENGTH} factors: the float32 bounds (vs autodiff, autodiff ` +
        `vs finite differences) × L/${FLOAT32_CHAIN_LENGTH}, as float32 rounding adds up along the chain`,
    );
  }
  if (result.notes.length > 0) {
    lines.push("", "Notes", ...result.notes.map((note) => `  - ${note}`));
  }
  lines.push("", `VERDICT ${result.verdict}`);
  return `${lines.join("\n")}\n`;
}
