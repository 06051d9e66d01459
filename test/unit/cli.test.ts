import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { useBackend } from "../../src/oracle/backend";
import { main } from "../../src/tools/cli";
import {
  VERIFY_DEFAULTS,
  VerifyOptions,
  verify,
  verifyNumbers,
  verifySeconds,
} from "../../src/tools/verify";
import { formatJson, jsonChunks } from "../../src/tools/report";
import { fitsInMemory } from "../../src/shared/validate";

const ROOT = join(__dirname, "..", "..");

/** Runs main with captured output. */
async function run(
  argv: string[],
  check: Parameters<typeof main>[2] = undefined,
  estimate: Parameters<typeof main>[3] = undefined,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = {
    out: async (t: string) => {
      out += t;
    },
    err: (t: string) => (err += t),
  };
  const code = await main(argv, io, check, estimate);
  return { code, out, err };
}

describe("command line: rnn-jacobian verify", () => {
  before(async () => {
    await useBackend("wasm");
  });

  it("prints the table, the tolerances and an OK verdict, and exits 0", async () => {
    const { code, out, err } = await run(["verify"]);
    assert.equal(code, 0);
    // Nothing but (on a slow machine) progress lines on stderr.
    assert.ok(
      err.split("\n").every((line) => line === "" || line.startsWith("verify: ")),
      err,
    );
    assert.match(out, /n = 4, m = 1, T = 5 steps, activation tanh, seed 0, W_rec not symmetric/);
    for (const title of [
      "correct, numerator layout",
      "correct, denominator layout",
      "paper's eq. (5), numerator layout",
      "paper's eq. (5), denominator layout",
    ]) {
      // In the table of checks, the per-reading summary and the verdict.
      assert.equal(out.split(title).length - 1, 3, title);
    }
    assert.match(out, /vs autodiff r = 1\.0e-5, a = 1\.0e-30; vs finite differences r = 1\.0e-7/);
    assert.match(out, /\n {2}autodiff +one step +\d\.\de-\d+ +\d\.\de-\d+ +✓\n/);
    assert.match(
      out,
      /paper's eq\. \(5\), numerator layout +Wᵀ D +one step +1\.0e\+0 +1\.4e\+0 +✗/,
    );
    assert.match(
      out,
      /paper's eq\. \(5\), numerator layout +Wᵀ D has W_kj σ′\(x_k\) at \(j, k\) where/,
    );
    assert.match(out, /\nVERDICT OK: correct, numerator layout \(W D\) matches; /);
    assert.match(out, /paper's eq\. \(5\), denominator layout \(Wᵀ D\) differs\.\n$/);
  });

  it("--symmetric: the paper's form matches in numerator layout, saying why", async () => {
    const { code, out } = await run(["verify", "--symmetric"]);
    assert.equal(code, 0);
    assert.match(out, /W_rec symmetric/);
    assert.match(out, /numerator layout \(Wᵀ D\) matches; /);
    assert.match(
      out,
      /numerator layout +Wᵀ D has W_kj σ′\(x_k\) at \(j, k\), equal to W_jk σ′\(x_k\)/,
    );
  });

  it("--n 1: every form matches, saying why", async () => {
    const { code, out } = await run(["verify", "--n", "1"]);
    assert.equal(code, 0);
    assert.doesNotMatch(out, /differs/);
    assert.match(
      out,
      /numerator layout +Wᵀ D has W_kj σ′\(x_k\) at \(j, k\), equal to W_jk σ′\(x_k\)/,
    );
    assert.match(
      out,
      /denominator layout +Wᵀ D has W_jk σ′\(x_j\) at \(k, j\), equal to W_jk σ′\(x_k\)/,
    );
  });

  it("accepts every flag, in both --flag value and --flag=value forms", async () => {
    const seen: VerifyOptions[] = [];
    const capture = (options: VerifyOptions) => (seen.push(options), verify(options));
    const quick = () => 1;
    const flags = ["--n=3", "--steps", "2", "--activation=relu", "--seed", "7", "--symmetric"];
    const more = ["--input-term=answer", "--sample", "2", "--max-seconds=5", "--json"];
    const { code, out } = await run(
      ["verify", ...flags, ...more, "--backend", "cpu"],
      capture,
      quick,
    );
    assert.equal(code, 0);
    const options = { n: 3, steps: 2, activation: "relu", seed: 7, symmetric: true };
    assert.deepEqual(seen, [{ ...options, inputTerm: "answer", sampleK: 2 }]);
    assert.equal(JSON.parse(out).backend, "cpu");
    // --max-seconds=5 took: an estimate of 6 s is refused.
    const refused = await run(["verify", "--max-seconds=5"], capture, () => 6);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /more than --max-seconds 5: /);
    await useBackend("wasm");
    const defaults = await run(["verify"], capture, quick);
    assert.equal(defaults.code, 0);
    assert.deepEqual(seen[1], VERIFY_DEFAULTS);
    assert.match(defaults.out, /tfjs autodiff \(wasm backend, float32\)/);
  });

  it("runs on the cpu backend too", async () => {
    const { code, out } = await run(["verify", "--backend", "cpu", "--n", "3", "--steps", "3"]);
    assert.equal(code, 0);
    assert.match(out, /tfjs autodiff \(cpu backend, float32\)/);
    await useBackend("wasm");
  });

  it("--json prints every input, state and Jacobian, and the results", async () => {
    const { code, out } = await run(["verify", "--json", "--n", "2", "--steps", "3"]);
    assert.equal(code, 0);
    const data = JSON.parse(out);
    assert.deepEqual(Object.keys(data.inputs), ["wRec", "wIn", "b", "u", "x0"]);
    assert.equal(data.inputs.wRec.length, 2);
    assert.equal(data.inputs.u.length, 3);
    assert.equal(data.states.length, 4);
    assert.equal(data.steps.length, 3);
    for (const key of [
      "sigmaPrime",
      "numerator",
      "denominator",
      "paper",
      "autodiff",
      "finiteDifferences",
    ]) {
      assert.ok(key in data.steps[0], key);
    }
    assert.equal(data.products.byK.length, 3);
    assert.equal(data.readings.length, 4);
    assert.equal(data.ok, true);
    assert.match(data.verdict, /^OK: /);
    // One matrix row per line keeps the file readable.
    assert.match(out, /\n {4}"wRec": \[\n {6}\[-?\d[^\n]*\],?\n/);
  });

  it("exits 1 with the verdict when the check fails", async () => {
    const failing = (options: typeof VERIFY_DEFAULTS) => ({
      ...verify(options),
      ok: false,
      verdict: "FAILED: made up for this test",
    });
    const { code, out } = await run(["verify", "--n", "2", "--steps", "2"], failing);
    assert.equal(code, 1);
    assert.match(out, /VERDICT FAILED: made up for this test/);
    const throwing = (): never => {
      throw new Error("backend exploded");
    };
    const thrown = await run(["verify"], throwing);
    assert.equal(thrown.code, 1);
    assert.equal(thrown.err, "rnn-jacobian: backend exploded\n");
  });

  it("refuses a run estimated beyond --max-seconds, saying what makes it cheaper (exit 2)", async () => {
    // The cost model with 0.1 s per step of each check: 94 s for T = 40 and every k.
    const step = { fixed: 0, perStep: 0.1 };
    const model = (o: VerifyOptions) => verifySeconds(o, { autodiff: step, differences: step });
    const { code, out, err } = await run(["verify", "--steps", "40"], undefined, model);
    assert.equal(code, 2);
    assert.equal(out, "");
    const advice = err.match(
      /^rnn-jacobian: this run would take about 94 s, more than --max-seconds 60: use --sample (\d+) \(check the products at \d+ values of k\), or --steps (\d+), or raise --max-seconds to 141\n$/,
    );
    assert.ok(advice, err);
    // Each suggestion fits the budget, and is the most that does.
    const [sample, steps] = [Number(advice[1]), Number(advice[2])];
    const options = { ...VERIFY_DEFAULTS, steps: 40 };
    assert.ok(model({ ...options, sampleK: sample }) <= 60);
    assert.ok(model({ ...options, sampleK: sample + 1 }) > 60);
    assert.ok(model({ ...options, steps }) <= 60 && model({ ...options, steps: steps + 1 }) > 60);
    for (const args of [
      ["--sample", String(sample)],
      ["--steps", String(steps)],
    ]) {
      assert.equal((await run(["verify", ...args], undefined, model)).code, 0);
    }
    // Never advice that is refused itself: --sample 1 already given, or nothing small enough.
    const atOne = await run(
      ["verify", "--steps", "40", "--sample", "1", "--max-seconds", "5"],
      undefined,
      model,
    );
    assert.equal(atOne.code, 2);
    assert.doesNotMatch(atOne.err, /--sample/);
    const constant = await run(["verify", "--steps", "40"], undefined, () => 500);
    assert.match(constant.err, /more than --max-seconds 60: raise --max-seconds to 750\n$/);
    const allowed = await run(
      ["verify", "--steps", "3", "--max-seconds", "600"],
      undefined,
      () => 500,
    );
    assert.equal(allowed.code, 0);
  });

  it("refuses up front, exit 2, a size inside the flags' ranges that cannot fit in memory", async () => {
    let ran = false;
    const check = () => {
      ran = true;
      return verify({ n: 2, steps: 2 });
    };
    const { code, err } = await run(["verify", "--n", "256", "--steps", "1000"], check, () => 1);
    assert.equal(code, 2);
    assert.equal(ran, false);
    const advice = err.match(/would not fit in this process's memory: use --steps (\d+) or fewer/);
    assert.ok(advice, err);
    const steps = Number(advice[1]);
    assert.ok(
      fitsInMemory(verifyNumbers(256, steps)) && !fitsInMemory(verifyNumbers(256, steps + 1)),
    );
  });

  it("--json is written in pieces, never as one string, with the bytes of JSON.stringify's layout", async () => {
    const result = verify({ n: 3, steps: 4 });
    // The layout as it was made before streaming: JSON.stringify, then arrays of numbers inlined.
    const reference =
      JSON.stringify(result, null, 2).replace(
        /\[\s*([-+0-9.eE]+(?:,\s*[-+0-9.eE]+)*)\s*\]/g,
        (_, body: string) => `[${body.split(/,\s*/).join(", ")}]`,
      ) + "\n";
    assert.equal(formatJson(result), reference);
    assert.equal([...jsonChunks(result)].join(""), reference);
    // A result far larger than a megabyte reaches the output in several writes.
    const big = {
      ...result,
      states: Array.from({ length: 3000 }, () => new Array(100).fill(0.123456789)),
    };
    const writes: number[] = [];
    const io = { out: async (t: string) => void writes.push(t.length), err: () => {} };
    const code = await main(
      ["verify", "--json"],
      io,
      () => big as never,
      () => 1,
    );
    assert.equal(code, 0);
    assert.ok(writes.length > 1 && Math.max(...writes) < 2 ** 21, `writes ${writes}`);
  });

  it("prints progress on stderr when a run is estimated to take more than a few seconds", async () => {
    const { code, err } = await run(["verify", "--n", "3", "--steps", "4"], undefined, () => 20);
    assert.equal(code, 0);
    assert.match(err, /^verify: estimated 20 s\n/);
    assert.match(
      err,
      /verify: products ∂x⁽ᵀ⁾\/∂x⁽ᵏ⁾ by finite differences: 4 of 4, [\d.]+ s elapsed/,
    );
    const quick = await run(["verify", "--n", "3", "--steps", "4"], undefined, () => 0.1);
    assert.equal(quick.err, "");
  });

  it("an output that cannot be written ends with one line and exit 1", async () => {
    const io = {
      out: async () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
        });
      },
      err: (t: string) => (err += t),
    };
    let err = "";
    assert.equal(await main(["verify", "--n", "2", "--steps", "2"], io), 1);
    assert.equal(
      err,
      "rnn-jacobian: cannot write the output (ENOSPC): ENOSPC: no space left on device, write\n",
    );
  });

  it("exits 2 on bad arguments, naming the flag and the value", async () => {
    const cases: [string[], string][] = [
      [[], "missing command: expected 'verify'"],
      [["check"], "unknown command 'check'"],
      [["verify", "--n", "0"], `--n must be an integer in [1, 256], got '0'`],
      [["verify", "--n", "2.5"], `--n must be an integer in [1, 256], got '2.5'`],
      [["verify", "--n=abc"], `--n must be an integer in [1, 256], got 'abc'`],
      [["verify", "--n=-3"], `--n must be an integer in [1, 256], got '-3'`],
      [["verify", "--sample", "0"], `--sample must be an integer in [1, 1000], got '0'`],
      [
        ["verify", "--input-term", "sigma"],
        "--input-term must be one of paper, answer, got 'sigma'",
      ],
      [
        ["verify", "--max-seconds", "0"],
        "--max-seconds must be an integer in [1, 604800], got '0'",
      ],
      [["verify", "--n", "1000"], `--n must be an integer in [1, 256], got '1000'`],
      [["verify", "--steps", "0"], `--steps must be an integer in [1, 1000], got '0'`],
      [["verify", "--seed", "1e3"], "--seed must be an integer in [0, 4294967295], got '1e3'"],
      [
        ["verify", "--activation", "softplus"],
        "--activation must be one of tanh, sigmoid, linear, relu, got 'softplus'",
      ],
      [["verify", "--backend", "webgl"], "--backend must be one of wasm, cpu, got 'webgl'"],
      [["verify", "--n"], "Option '--n <value>' argument missing"],
      [["verify", "--n", "--json"], "Option '--n' argument is ambiguous."],
      [["verify", "--n", "2", "--n", "3"], "--n is given more than once"],
      [["verify", "--json=yes"], "Option '--json' does not take an argument"],
      [["verify", "--size", "3"], "Unknown option '--size'"],
      [["verify", "extra"], "Unexpected argument 'extra'."],
    ];
    for (const [argv, message] of cases) {
      const { code, out, err } = await run(argv);
      assert.equal(code, 2, argv.join(" "));
      assert.equal(out, "");
      assert.ok(
        err.startsWith(`rnn-jacobian: ${message}`),
        `${argv.join(" ")}: ${err.split("\n")[0]}`,
      );
      assert.match(err, /Usage: rnn-jacobian verify \[options\]/);
    }
  });

  it("--help prints the usage and exits 0", async () => {
    for (const argv of [["--help"], ["verify", "--help"], ["help"]]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0);
      assert.match(out, /^Usage: rnn-jacobian verify \[options\]/);
      assert.match(out, /--activation A {4}tanh \| sigmoid \| linear \| relu/);
    }
  });

  describe("the compiled launcher (bin/rnn-jacobian.js, after npm run build)", () => {
    const bin = join(ROOT, "bin", "rnn-jacobian.js");

    it("exists", () => {
      assert.ok(
        existsSync(join(ROOT, "dist", "tools", "cli.js")),
        "dist/tools/cli.js is missing: run npm run build",
      );
    });

    it("exits 0 and prints the verdict; exits 2 on a bad flag", () => {
      const ok = spawnSync(process.execPath, [bin, "verify", "--n", "3", "--steps", "3"], {
        encoding: "utf8",
      });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /\nVERDICT OK: /);
      assert.doesNotMatch(ok.stderr, /tfjs-node/);
      const bad = spawnSync(process.execPath, [bin, "verify", "--activation", "swish"], {
        encoding: "utf8",
      });
      assert.equal(bad.status, 2);
      assert.match(
        bad.stderr,
        /--activation must be one of tanh, sigmoid, linear, relu, got 'swish'/,
      );
    });

    it("verify --json > /dev/full: one line on stderr, no stack trace, exit 1", () => {
      const full = spawnSync(
        "sh",
        ["-c", `"${process.execPath}" "${bin}" verify --json --n 2 --steps 2 > /dev/full`],
        { encoding: "utf8" },
      );
      assert.equal(full.status, 1, full.stderr);
      assert.match(full.stderr, /^rnn-jacobian: cannot write the output \(ENOSPC\): [^\n]*\n$/);
    });

    it("prints JSON that parses", () => {
      const out = execFileSync(process.execPath, [bin, "verify", "--json", "--n", "2"], {
        encoding: "utf8",
      });
      assert.equal(JSON.parse(out).ok, true);
    });
  });
});
