/**
 * The command line: `rnn-jacobian verify [options]`. Parses arguments, picks the tfjs backend,
 * runs `verify` (verify.ts, where all the checking lives) and prints its result as a table or as
 * JSON. bin/rnn-jacobian.js calls `main` and exits with the code it returns:
 *   0  the correct forms agree with both checks and the paper's form behaves as predicted
 *   1  anything else (a check failed, or an unexpected error)
 *   2  bad arguments (the message names the flag and the value)
 */
import { ACTIVATION_NAMES, ActivationName } from "./activations";
import { BACKEND_NAMES, BackendName, useBackend } from "./backend";
import {
  CheckSummary,
  FLOAT32_CHAIN_LENGTH,
  VERIFY_DEFAULTS,
  VerifyOptions,
  VerifyResult,
  verify,
} from "./verify";

/** Where output goes; tests pass their own to capture it. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * A reader that stops early (`rnn-jacobian verify --json | head`) closes the pipe; the write then
 * fails with EPIPE, which is no error of ours. Without a listener Node would throw it.
 */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}

const PROCESS_IO: CliIO = {
  out: (text) => {
    if (!process.stdout.listeners("error").includes(ignoreClosedPipe)) {
      process.stdout.on("error", ignoreClosedPipe);
    }
    process.stdout.write(text);
  },
  err: (text) => process.stderr.write(text),
};

/** Sizes above these take minutes: finite differences over time cost about n³T² operations. */
export const CLI_LIMITS = { n: 256, steps: 100 } as const;

export const USAGE = `Usage: rnn-jacobian verify [options]

Checks every reading of the one-step Jacobian of Pascanu, Mikolov & Bengio (2013), eq. (5),
against tfjs automatic differentiation and float64 finite differences, on a seeded random RNN.

Options:
  --n N             hidden neurons, 1…${CLI_LIMITS.n} (default ${VERIFY_DEFAULTS.n})
  --steps T         length of the input sequence, 1…${CLI_LIMITS.steps} (default ${VERIFY_DEFAULTS.steps})
  --activation A    ${ACTIVATION_NAMES.join(" | ")} (default ${VERIFY_DEFAULTS.activation})
  --seed S          integer seed of the network, inputs and x⁽⁰⁾ (default ${VERIFY_DEFAULTS.seed})
  --symmetric       make W_rec symmetric (the paper's form then matches in numerator layout)
  --backend B       ${BACKEND_NAMES.join(" | ")} (default wasm)
  --json            print every input, state, Jacobian and result as JSON
  --help            show this text

Exit status: 0 when the correct forms agree with both checks and the paper's form differs
(or matches where the algebra says it must: symmetric W_rec, n = 1, the linear activation in
denominator layout); 1 otherwise; 2 on bad arguments.
`;

/** A bad command line: main prints the message with the usage and returns 2. */
class UsageError extends Error {}

export interface CliCommand {
  options: VerifyOptions;
  backend: BackendName;
  json: boolean;
}

function parseInteger(flag: string, text: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer in [${min}, ${max}], got '${text}'`);
  }
  return value;
}

function parseChoice<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got '${text}'`);
  }
  return text as T;
}

const VALUE_FLAGS = ["--n", "--steps", "--activation", "--seed", "--backend"] as const;
const SWITCH_FLAGS = ["--json", "--symmetric"] as const;

/**
 * Parses the arguments after `verify`. Accepts `--flag value` and `--flag=value`; rejects unknown
 * flags, missing values, repeated flags and stray arguments, naming the culprit.
 */
export function parseVerifyArguments(args: string[]): CliCommand {
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const equals = arg.indexOf("=");
    const flag = arg.startsWith("--") && equals > 0 ? arg.slice(0, equals) : arg;
    if (seen.has(flag)) throw new UsageError(`${flag} is given more than once`);
    if ((SWITCH_FLAGS as readonly string[]).includes(flag)) {
      if (flag !== arg) throw new UsageError(`${flag} takes no value, got '${arg}'`);
      seen.add(flag);
      values.set(flag, "true");
    } else if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      let value: string | undefined;
      if (flag !== arg) {
        value = arg.slice(equals + 1);
      } else {
        value = args[index + 1];
        index++;
      }
      if (value === undefined || value === "" || (flag === arg && value.startsWith("--"))) {
        throw new UsageError(`${flag} needs a value`);
      }
      seen.add(flag);
      values.set(flag, value);
    } else if (arg.startsWith("-")) {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      throw new UsageError(`unexpected argument '${arg}'`);
    }
  }
  const text = (flag: string): string | undefined => values.get(flag);
  const n = text("--n");
  const steps = text("--steps");
  const activation = text("--activation");
  const seed = text("--seed");
  const backend = text("--backend");
  return {
    options: {
      n: n === undefined ? VERIFY_DEFAULTS.n : parseInteger("--n", n, 1, CLI_LIMITS.n),
      steps:
        steps === undefined
          ? VERIFY_DEFAULTS.steps
          : parseInteger("--steps", steps, 1, CLI_LIMITS.steps),
      activation:
        activation === undefined
          ? VERIFY_DEFAULTS.activation
          : parseChoice<ActivationName>("--activation", activation, ACTIVATION_NAMES),
      // The seed feeds a 32-bit generator (seed, seed + 1, seed + 2): keep it in that range.
      seed:
        seed === undefined ? VERIFY_DEFAULTS.seed : parseInteger("--seed", seed, 0, 2 ** 32 - 3),
      symmetric: values.has("--symmetric"),
    },
    backend: backend === undefined ? "wasm" : parseChoice("--backend", backend, BACKEND_NAMES),
    json: values.has("--json"),
  };
}

/**
 * Runs the command line `argv` (without node and the script) and returns the exit code. `run` is
 * the check itself; tests replace it to reach the failure paths.
 */
export async function main(
  argv: string[],
  io: CliIO = PROCESS_IO,
  run: (options: VerifyOptions) => VerifyResult = verify,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  let parsed: CliCommand;
  try {
    if (command === undefined) throw new UsageError("missing command: expected 'verify'");
    if (command !== "verify") throw new UsageError(`unknown command '${command}'`);
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(USAGE);
      return 0;
    }
    parsed = parseVerifyArguments(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`rnn-jacobian: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    await useBackend(parsed.backend);
    const result = run(parsed.options);
    io.out(parsed.json ? formatJson(result) : formatReport(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    io.err(`rnn-jacobian: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

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

/** A label printed above the column `column` of a table, e.g. "vs autodiff" over three. */
interface ColumnGroup {
  column: number;
  label: string;
}

function width(text: string): number {
  return [...text].length;
}

/**
 * Left-aligned columns two spaces apart; widths in code points, so superscripts count as one.
 * `groups` adds a line of labels above the columns they name.
 */
function table(rows: string[][], groups: ColumnGroup[] = [], indent = "  "): string {
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
  return t.absolute > 0
    ? `max rel ≤ ${number(t.relative)} or max|Δ| ≤ ${number(t.absolute)}`
    : `max rel ≤ ${number(t.relative)}`;
}

/** The human-readable report: network, both checks, one table per kind of Jacobian, verdict. */
export function formatReport(result: VerifyResult): string {
  const { options, tolerances } = result;
  const T = options.steps;
  const lines: string[] = [];
  lines.push(
    "rnn-jacobian verify: the one-step Jacobian of eq. (2), and eq. (5) of Pascanu, Mikolov & Bengio (2013)",
  );
  lines.push(
    table([
      [
        "network",
        `n = ${options.n}, m = ${result.inputs.wIn[0].length}, T = ${T} steps, ` +
          `activation ${options.activation}, seed ${options.seed}, ` +
          `W_rec ${result.wRecSymmetric ? "symmetric" : "not symmetric"}`,
      ],
      [
        "checks",
        `tfjs autodiff (${result.backend} backend, float32); float64 central differences, ` +
          `h = ${number(result.finiteDifferenceSteps.oneStep)} (one step), ` +
          `${number(result.finiteDifferenceSteps.overTime)} (over time)`,
      ],
      ["D", "diag(σ′(x⁽ⁱ⁻¹⁾))"],
      [
        "columns",
        "max|Δ| and max rel = max|Δ| / max|expected| of the worst matrix; " +
          "✓ within tolerance, ✗ beyond it",
      ],
    ]),
  );
  lines.push("");
  lines.push("The true Jacobian, two ways: autodiff against finite differences");
  lines.push(
    table([
      ["", "max|Δ|", "max rel", ""],
      [`one step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾, i = 1…${T}`, ...checkCells(result.truth.oneStep)],
      [
        `products ∂x⁽${superscript(String(T))}⁾/∂x⁽ᵏ⁾, k = 0…${T - 1}`,
        ...checkCells(result.truth.products),
      ],
    ]),
  );
  for (const kind of ["oneStep", "products"] as const) {
    lines.push("");
    lines.push(
      kind === "oneStep"
        ? `One step ∂x⁽ⁱ⁾/∂x⁽ⁱ⁻¹⁾ at every step i = 1…${T}`
        : `Products over time (eq. 5) ∂x⁽${superscript(String(T))}⁾/∂x⁽ᵏ⁾ for k = 0…${T - 1}`,
    );
    const rows: string[][] = [
      ["reading", "matrix", "max|Δ|", "max rel", "", "max|Δ|", "max rel", "", "max|Δ|", "max rel"],
    ];
    for (const r of result.readings) {
      const checks = r[kind];
      rows.push([
        r.title,
        r.matrix,
        ...checkCells(checks.autodiff),
        ...checkCells(checks.finiteDifferences),
        ...checkCells(checks.float32VsFloat64),
      ]);
    }
    lines.push(
      table(rows, [
        { column: 2, label: "vs autodiff" },
        { column: 5, label: "vs finite differences" },
        { column: 8, label: "float32 vs float64" },
      ]),
    );
  }
  lines.push("");
  lines.push("Each reading against the true Jacobian");
  lines.push(
    table(
      result.readings.map((r) => [
        r.title,
        r.matrix,
        r.matches ? "matches" : "differs",
        r.ok ? "as expected:" : "UNEXPECTED:",
        r.why,
      ]),
    ),
  );
  lines.push("");
  lines.push("Tolerances (per matrix)");
  lines.push(
    table([
      ["vs autodiff", tolerance(tolerances.autodiff), "float32 on both sides, same states"],
      [
        "vs finite differences",
        tolerance(tolerances.finiteDifferences),
        "float64 formula vs float64 central differences",
      ],
      [
        "float32 vs float64",
        tolerance(tolerances.float32VsFloat64),
        "same formula, same states: float32 rounding only",
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
      `  products of L > ${FLOAT32_CHAIN_LENGTH} factors: the float32 bounds (autodiff, ` +
        `float32 vs float64) × L/${FLOAT32_CHAIN_LENGTH}, as float32 rounding adds up along the chain`,
    );
  }
  if (result.notes.length > 0) {
    lines.push("");
    lines.push("Notes");
    for (const note of result.notes) lines.push(`  - ${note}`);
  }
  lines.push("");
  lines.push(`VERDICT ${result.verdict}`);
  return `${lines.join("\n")}\n`;
}

function superscript(digits: string): string {
  return [...digits].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");
}
