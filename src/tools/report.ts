/**
 * The report of `rnn-jacobian verify`: the result of verify.ts as a human-readable table or as
 * JSON. Pure functions of the result, so the same result prints the same bytes.
 */
import { INPUT_TERM_INFO } from "../core/model";
import { toSuperscript } from "../notebook/plots/labels";
import { MatrixTolerance } from "../shared/compare";
import { CheckSummary, FLOAT32_CHAIN_LENGTH, VerifyResult } from "./verify";

/**
 * The result as JSON, two-space indented, every array of numbers on one line (a matrix is one row
 * per line), numbers as JavaScript round-trips them.
 */
export function formatJson(result: VerifyResult): string {
  return [...jsonChunks(result)].join("");
}

/**
 * The text of `formatJson` in pieces (JSON.stringify's layout, indented by two, with each array
 * of numbers on one line), so a large result can be written without ever being one string: a
 * V8 string holds at most about 5·10⁸ characters, which n = 128, T = 220 already exceeds.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  yield* jsonValue(value, "");
  yield "\n";
}

function* jsonValue(value: unknown, indent: string): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    if (value.every((entry) => typeof entry === "number" && Number.isFinite(entry))) {
      return yield `[${value.join(", ")}]`;
    }
    const inner = `${indent}  `;
    yield "[\n";
    for (let i = 0; i < value.length; i++) {
      yield inner;
      yield* jsonValue(value[i] ?? null, inner);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield `${indent}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(
      ([, entry]) => entry !== undefined && typeof entry !== "function",
    );
    if (entries.length === 0) return yield "{}";
    const inner = `${indent}  `;
    yield "{\n";
    for (let i = 0; i < entries.length; i++) {
      yield `${inner}${JSON.stringify(entries[i][0])}: `;
      yield* jsonValue(entries[i][1], inner);
      yield i < entries.length - 1 ? ",\n" : "\n";
    }
    return yield `${indent}}`;
  }
  yield JSON.stringify(value) ?? "null";
}

const number = (value: number): string => (value === 0 ? "0" : value.toExponential(1));

/**
 * Left-aligned columns two spaces apart, indented by two, under group labels each at its column.
 * Every character in the report is in the BMP (σ′, ⁽ⁱ⁾, ✓, Δ), so a string's length is its width.
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

/** max|Δ|, max rel and ✓ or ✗ of each check, blank for a check not made. */
const checkCells = (...checks: (CheckSummary | undefined)[]) =>
  checks.flatMap((s) =>
    s ? [number(s.maxAbs), number(s.maxRel), s.pass ? "✓" : "✗"] : ["", "", ""],
  );

/** The human-readable report: the run, every check in one table, each reading's verdict. */
export function formatReport(result: VerifyResult): string {
  const { options, tolerances, readings, truth } = result;
  const T = options.steps;
  const ks = result.products.byK.map((p) => p.k);
  const kRange = ks.length === T ? `0…${T - 1}` : `${ks.join(", ")} (${ks.length} of ${T})`;
  const h = result.finiteDifferenceSteps;
  const network =
    `n = ${options.n}, m = ${result.inputs.wIn[0].length}, T = ${T} steps, activation ` +
    `${options.activation}, seed ${options.seed}, W_rec ${options.symmetric ? "" : "not "}` +
    `symmetric, input term ${INPUT_TERM_INFO[options.inputTerm].text}`;
  const checks =
    `float64 core; tfjs autodiff (${result.backend} backend, float32); float64 central ` +
    `differences, h = ${number(h.oneStep)} (one step), ${number(h.overTime)} (over time)`;
  const jacobians =
    `one step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at i = 1…${T}; products (eq. 5) ` +
    `∂x⁽${toSuperscript(String(T))}⁾/∂x⁽ᵏ⁾ at k = ${kRange}; D = diag(σ′(x⁽ⁱ⁻¹⁾))`;
  const columns =
    "max|Δ| and max rel = max|Δ| / max|expected| of the worst matrix; " +
    "✓ when every matrix has max rel ≤ r or max|Δ| ≤ a";
  const bound = (label: string, t: MatrixTolerance) =>
    `${label} r = ${number(t.relative)}, a = ${number(t.absolute)}`;
  const tolerance = [
    bound("vs autodiff", tolerances.autodiff),
    bound("vs finite differences", tolerances.finiteDifferences),
    bound("autodiff vs finite differences", tolerances.truth),
    `products of L > ${FLOAT32_CHAIN_LENGTH} factors: float32 r × L/${FLOAT32_CHAIN_LENGTH}`,
  ].join("; ");
  // Autodiff itself against finite differences, then every reading against both.
  const rows = [
    ["autodiff", "", "one step", ...checkCells(undefined, truth.oneStep)],
    ["", "", "products", ...checkCells(undefined, truth.products)],
    ...readings.flatMap(({ title, matrix, oneStep, products }) => [
      [title, matrix, "one step", ...checkCells(oneStep.autodiff, oneStep.finiteDifferences)],
      ["", "", "products", ...checkCells(products.autodiff, products.finiteDifferences)],
    ]),
  ];
  const lines = [
    "rnn-jacobian verify: the one-step Jacobian of eq. (2), and eq. (5) of Pascanu, Mikolov & Bengio (2013)",
    ...table([
      ["network", network],
      ["checks", checks],
      ["Jacobians", jacobians],
      ["columns", columns],
      ["tolerance", tolerance],
    ]),
    "",
    "The true Jacobian by autodiff, and each reading, against both checks",
    ...table(
      [["", "matrix", "", "max|Δ|", "max rel", "", "max|Δ|", "max rel"], ...rows],
      [
        [3, "vs autodiff"],
        [6, "vs finite differences"],
      ],
    ),
    "",
    "What each reading holds where ∂x_j/∂x_k belongs",
    ...table(readings.map((r) => [r.title, r.why])),
  ];
  lines.push("", `VERDICT ${result.verdict}`);
  return `${lines.join("\n")}\n`;
}
