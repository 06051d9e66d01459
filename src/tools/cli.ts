/**
 * `rnn-jacobian verify [options]` for bin/rnn-jacobian.js: reads the flags with util.parseArgs,
 * refuses a run estimated over --max-seconds (naming what is cheaper), runs verify, reports.
 */
import { parseArgs } from "node:util";
import { ACTIVATION_NAMES } from "../core/activations";
import { INPUT_TERMS } from "../core/model";
import { BACKEND_NAMES, BackendName, useBackend } from "../oracle/backend";
import { MAX_SEED } from "../shared/random";
import { formatReport, jsonChunks } from "./report";
import {
  VERIFY_DEFAULTS,
  VerifyOptions,
  VerifyProgress,
  VerifyResult,
  estimateVerifySeconds,
  verify,
  verifyNumbers,
} from "./verify";
import { fitsInMemory } from "../shared/validate";

/** Where output goes; tests pass their own to capture it. `out` settles when written. */
export type CliIO = { out: (text: string) => Promise<void>; err: (text: string) => void };

/** Writes to stdout and settles when done; a reader that stopped early (EPIPE) is no error. */
async function writeStdout(text: string): Promise<void> {
  // Errors come through the callback; the same error event, unheard, would print a stack trace.
  if (process.stdout.listenerCount("error") === 0) process.stdout.on("error", () => {});
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

/** Writes the pieces in batches of about a megabyte: the whole text may exceed a string's limit. */
async function writeInPieces(io: CliIO, pieces: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= 1 << 20) {
      await io.out(batch.join(""));
      [batch, length] = [[], 0];
    }
  }
  if (length > 0) await io.out(batch.join(""));
}

/** The largest sizes accepted; the time budget guards what lies between. */
const MAX_N = 256;
const MAX_STEPS = 1000;
/** The default budget, and the estimate above which progress goes to stderr, in seconds. */
const DEFAULT_MAX_SECONDS = 60;
const PROGRESS_ABOVE_SECONDS = 10;

const USAGE = `Usage: rnn-jacobian verify [options]

Checks every reading of the one-step Jacobian of Pascanu, Mikolov & Bengio (2013), eq. (5), against
tfjs automatic differentiation and float64 finite differences, on a seeded random RNN.

Options:
  --n N             hidden neurons, 1…${MAX_N} (default ${VERIFY_DEFAULTS.n})
  --steps T         length of the input sequence, 1…${MAX_STEPS} (default ${VERIFY_DEFAULTS.steps})
  --activation A    ${ACTIVATION_NAMES.join(" | ")} (default ${VERIFY_DEFAULTS.activation})
  --seed S          seed of the network, inputs and x⁽⁰⁾, 0…${MAX_SEED} (default ${VERIFY_DEFAULTS.seed})
  --symmetric       make W_rec symmetric (the paper's form then matches in numerator layout)
  --input-term I    paper (W_in u, eq. 2 as printed) | answer (W_in σ(u)) (default paper)
  --sample K        check the products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ at K values of k only (default all T)
  --max-seconds S   refuse a run estimated to take longer (default ${DEFAULT_MAX_SECONDS})
  --backend B       ${BACKEND_NAMES.join(" | ")} (default wasm)
  --json            print every input, state, Jacobian and result as JSON
  --help            show this text

Progress goes to stderr when a run is estimated to take more than a few seconds.
Exit status: 0 when every reading matches or differs as the algebra predicts; 1 when a check
fails or the output cannot be written; 2 on bad arguments or a run over the time budget.
`;

/** A bad command line: main prints the message with the usage and returns 2. */
class UsageError extends Error {}

const OPTIONS = {
  n: { type: "string" },
  steps: { type: "string" },
  activation: { type: "string" },
  seed: { type: "string" },
  "input-term": { type: "string" },
  sample: { type: "string" },
  "max-seconds": { type: "string" },
  backend: { type: "string" },
  symmetric: { type: "boolean" },
  json: { type: "boolean" },
} as const;
type Flag = keyof typeof OPTIONS;

const integer = (min: number, max: number) => (flag: string, text: string) => {
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be an integer in [${min}, ${max}], got '${text}'`);
  }
  return value;
};

const choice =
  <T extends string>(allowed: readonly T[]) =>
  (flag: string, text: string): T => {
    if (!(allowed as readonly string[]).includes(text)) {
      throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got '${text}'`);
    }
    return text as T;
  };

/**
 * Parses the arguments after `verify`: util.parseArgs refuses unknown flags, missing values and
 * stray arguments, naming the culprit; here a repeated flag and each bad value, naming the flag.
 */
function parseVerifyArguments(args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const flags = parsed.tokens.flatMap((token) => (token.kind === "option" ? [token.rawName] : []));
  const repeated = flags.find((flag, index) => flags.indexOf(flag) !== index);
  if (repeated) throw new UsageError(`${repeated} is given more than once`);
  const { values } = parsed;
  const read = <T>(name: Flag, fallback: T, parse: (flag: string, text: string) => T): T => {
    const text = values[name];
    return typeof text === "string" ? parse(`--${name}`, text) : fallback;
  };
  const options: VerifyOptions = {
    n: read("n", VERIFY_DEFAULTS.n, integer(1, MAX_N)),
    steps: read("steps", VERIFY_DEFAULTS.steps, integer(1, MAX_STEPS)),
    activation: read("activation", VERIFY_DEFAULTS.activation, choice(ACTIVATION_NAMES)),
    // Seeds are 32-bit (random.ts): the network, u and x⁽⁰⁾ are streams of this one seed.
    seed: read("seed", VERIFY_DEFAULTS.seed, integer(0, MAX_SEED)),
    symmetric: values.symmetric === true,
    inputTerm: read("input-term", VERIFY_DEFAULTS.inputTerm, choice(INPUT_TERMS)),
    sampleK: read("sample", VERIFY_DEFAULTS.sampleK, integer(1, MAX_STEPS)),
  };
  return {
    options,
    backend: read("backend", "wasm" as BackendName, choice(BACKEND_NAMES)),
    json: values.json === true,
    maxSeconds: read("max-seconds", DEFAULT_MAX_SECONDS, integer(1, 7 * 24 * 3600)),
  };
}

/**
 * What fits the budget, each alternative checked with `estimate` (so only advice that works is
 * given): the most k the products can be checked at, the most steps, and the budget it needs.
 */
function cheaperRuns(
  options: VerifyOptions,
  maxSeconds: number,
  seconds: number,
  estimate: (options: VerifyOptions) => number,
): string {
  const fits = (changed: Partial<VerifyOptions>) =>
    estimate({ ...options, ...changed }) <= maxSeconds;
  /** The largest value in [1, below) for which `ok` holds, `ok` falling as the value grows. */
  const largest = (below: number, ok: (value: number) => boolean) => {
    let [lo, hi] = [0, below]; // ok(lo) holds (or lo = 0), ok(hi) fails
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      [lo, hi] = ok(mid) ? [mid, hi] : [lo, mid];
    }
    return lo;
  };
  const advice: string[] = [];
  const checked = Math.min(options.sampleK, options.steps);
  const sample = largest(checked, (k) => fits({ sampleK: k }));
  if (sample >= 1) {
    advice.push(
      `use --sample ${sample} (check the products at ${sample} value${sample === 1 ? "" : "s"} of k)`,
    );
  }
  const steps = largest(options.steps, (T) => fits({ steps: T }));
  if (steps >= 1) advice.push(`${advice.length > 0 ? "or " : "use "}--steps ${steps}`);
  advice.push(
    `${advice.length > 0 ? "or " : ""}raise --max-seconds to ${Math.ceil(seconds * 1.5)}`,
  );
  return advice.join(", ");
}

/** A progress printer that writes at most once a second: stage, done/total, elapsed, estimate. */
function progressPrinter(io: CliIO): (progress: VerifyProgress) => void {
  let lastPrinted = -Infinity;
  return ({ stage, done, total, elapsedSeconds }) => {
    if (elapsedSeconds - lastPrinted < 1 && done < total) return;
    lastPrinted = elapsedSeconds;
    const left =
      done > 0
        ? ` (about ${((elapsedSeconds / done) * (total - done)).toFixed(0)} s left in this stage)`
        : "";
    io.err(
      `verify: ${stage}: ${done} of ${total}, ${elapsedSeconds.toFixed(1)} s elapsed${left}\n`,
    );
  };
}

/**
 * Runs the command line `argv` (without node and the script) and returns the exit code. `run` is
 * the check itself and `estimate` its cost; tests replace them to reach the other paths.
 */
export async function main(
  argv: string[],
  io: CliIO = { out: writeStdout, err: (text) => process.stderr.write(text) },
  run: (options: VerifyOptions, onProgress?: (p: VerifyProgress) => void) => VerifyResult = verify,
  estimate: (options: VerifyOptions) => number = estimateVerifySeconds,
): Promise<number> {
  const [command, ...rest] = argv;
  const help = (args: string[]) => args.includes("--help") || args.includes("-h");
  try {
    if (help([command]) || command === "help" || (command === "verify" && help(rest))) {
      await io.out(USAGE);
      return 0;
    }
    if (command === undefined) throw new UsageError("missing command: expected 'verify'");
    if (command !== "verify") throw new UsageError(`unknown command '${command}'`);
    const { options, backend, json, maxSeconds } = parseVerifyArguments(rest);
    await useBackend(backend);
    if (!fitsInMemory(verifyNumbers(options.n, options.steps))) {
      let steps = options.steps;
      while (steps > 1 && !fitsInMemory(verifyNumbers(options.n, steps))) steps--;
      io.err(
        `rnn-jacobian: verify with --n ${options.n} and --steps ${options.steps} would not fit in ` +
          `this process's memory: use --steps ${steps} or fewer, or a smaller --n\n`,
      );
      return 2;
    }
    const seconds = estimate(options);
    if (seconds > maxSeconds) {
      io.err(
        `rnn-jacobian: this run would take about ${seconds.toFixed(0)} s, more than ` +
          `--max-seconds ${maxSeconds}: ${cheaperRuns(options, maxSeconds, seconds, estimate)}\n`,
      );
      return 2;
    }
    const onProgress = seconds > PROGRESS_ABOVE_SECONDS ? progressPrinter(io) : undefined;
    if (onProgress) io.err(`verify: estimated ${seconds.toFixed(0)} s\n`);
    const result = run(options, onProgress);
    if (json) await writeInPieces(io, jsonChunks(result));
    else await io.out(formatReport(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`rnn-jacobian: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    // One line, no stack trace.
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException)?.code;
    const what = code && /^E[A-Z]+$/.test(code) ? `cannot write the output (${code}): ` : "";
    io.err(`rnn-jacobian: ${what}${message.split("\n")[0]}\n`);
    return 1;
  }
}
