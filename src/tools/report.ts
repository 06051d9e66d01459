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

const number = (value: number): string => (value === 0 ? "0" : value.toExponential(1));

/**
 * Left-aligned columns two spaces apart, indented by two; `groups` puts a line of labels above,
 * each starting at its column. Every character in the report is in the BMP (σ′, ⁽ⁱ⁾, ✓, Δ), so a
 * string's length is its width.
 */
function table(rows: string[][], groups: [column: number, label: string][] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  }
  const start = (column: number) => widths.slice(0, column).reduce((sum, w) => sum + w + 2, 2);
  const labels = groups.reduce((line, [column, label]) => line.padEnd(start(column)) + label, "");
  const lines = rows.map((row) =>
    `  ${row.map((cell, c) => cell.padEnd(widths[c])).join("  ")}`.trimEnd(),
  );
  return groups.length > 0 ? [labels, ...lines] : lines;
}

const checkCells = (s: CheckSummary) => [number(s.maxAbs), number(s.maxRel), s.pass ? "✓" : "✗"];

const tolerance = (t: { relative: number; absolute: number }) =>
  `max rel ≤ ${number(t.relative)} or max|Δ| ≤ ${number(t.absolute)}`;

const TOLERANCE_ROWS = [
  ["vs autodiff", "autodiff", "float64 core vs float32 autodiff"],
  ["vs finite differences", "finiteDifferences", "float64 formula vs float64 central differences"],
  ["autodiff vs finite differences", "truth", "float32 against float64: float32 precision"],
] as const;

/** The human-readable report: network, both checks, one table per kind of Jacobian, verdict. */
export function formatReport(result: VerifyResult): string {
  const { options, tolerances, readings, truth } = result;
  const T = options.steps;
  const ks = result.products.byK.map((p) => p.k);
  const kRange = ks.length === T ? `k = 0…${T - 1}` : `k = ${ks.join(", ")}`;
  const product = `∂x⁽${[...String(T)].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("")}⁾/∂x⁽ᵏ⁾`;
  const h = result.finiteDifferenceSteps;
  const network =
    `n = ${options.n}, m = ${result.inputs.wIn[0].length}, T = ${T} steps, activation ` +
    `${options.activation}, seed ${options.seed}, W_rec ${result.wRecSymmetric ? "" : "not "}` +
    `symmetric, input term ${INPUT_TERM_INFO[options.inputTerm].text}`;
  const checks =
    `float64 core; tfjs autodiff (${result.backend} backend, float32); float64 central ` +
    `differences, h = ${number(h.oneStep)} (one step), ${number(h.overTime)} (over time)`;
  const columns =
    "max|Δ| and max rel = max|Δ| / max|expected| of the worst matrix; ✓ within tolerance, ✗ beyond it";
  const lines = [
    "rnn-jacobian verify: the one-step Jacobian of eq. (2), and eq. (5) of Pascanu, Mikolov & Bengio (2013)",
    ...table([
      ["network", network],
      ["checks", checks],
      ["D", "diag(σ′(x⁽ⁱ⁻¹⁾))"],
      ["columns", columns],
    ]),
    "",
    "The true Jacobian, two ways: autodiff against finite differences",
    ...table([
      ["", "max|Δ|", "max rel", ""],
      [`one step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾, i = 1…${T}`, ...checkCells(truth.oneStep)],
      [`products ${product}, ${kRange}`, ...checkCells(truth.products)],
    ]),
  ];
  for (const kind of ["oneStep", "products"] as const) {
    lines.push(
      "",
      kind === "oneStep"
        ? `One step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at every step i = 1…${T}`
        : `Products over time (eq. 5) ${product} for ${kRange}`,
      ...table(
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
          [2, "vs autodiff"],
          [5, "vs finite differences"],
        ],
      ),
    );
  }
  lines.push(
    "",
    "Each reading against the true Jacobian",
    ...table(
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
    ...table(
      TOLERANCE_ROWS.map(([label, check, why]) => [label, tolerance(tolerances[check]), why]),
    ),
  );
  if (T > FLOAT32_CHAIN_LENGTH) {
    lines.push(
      `  products of L > ${FLOAT32_CHAIN_LENGTH} factors: the float32 bounds (vs autodiff, autodiff ` +
        `vs finite differences) × L/${FLOAT32_CHAIN_LENGTH}, as float32 rounding adds up along the chain`,
    );
  }
  if (result.notes.length > 0)
    lines.push("", "Notes", ...result.notes.map((note) => `  - ${note}`));
  lines.push("", `VERDICT ${result.verdict}`);
  return `${lines.join("\n")}\n`;
}
