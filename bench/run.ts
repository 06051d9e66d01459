/**
 * `npm run bench`: speed of the products over time (eq. 5) and of the autodiff oracle, against
 * NumPy doing the same products in the same run. Reports; asserts nothing. Progress (what, done of
 * total, elapsed, an estimate of the time left) goes to stderr, the report to stdout.
 *
 * For n ∈ {8, 64, 256} and T ∈ {100, 1000}, on the wasm and cpu backends:
 *   products  all ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾, k = 0 … T−1, by the path productsOverTime takes at that size and
 *             backend (src/fast/products.ts: its fast tfjs path, delivering one float32 array as
 *             NumPy does, or the readable float64 loops of src/core/products.ts, delivering nested
 *             arrays), counted as 2n³(T−1) flops, the work of the plain chain whatever the method;
 *             at n ≥ 128 on wasm also the rows split between this thread and a worker thread
 *             (bench/strategies.ts, "workers"), and the floor of one thread: T − 1 plain matMuls
 *             by the same M (XNNPACK alone, nothing read back);
 *   autodiff  ∂x⁽ᵀ⁾/∂x⁽⁰⁾ from autodiffJacobianOverTime (src/oracle/autodiff.ts: the n copies of
 *             x⁽⁰⁾ run as one n×n batch, one backward pass), counted as 4n³T flops (the batched
 *             forward matMuls and the backward ones), and every ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ from one backward
 *             pass (autodiffJacobiansToAllStepsTensor).
 * NumPy (python3 on PATH) runs bench/numpy_products.py on the same W and σ′ rows, float32 (the
 * like-for-like comparison: tfjs is float32) and float64, interleaved with our measurements,
 * without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (removed in that subprocess only: they hold
 * OpenBLAS to older kernels): every ratio is against that free NumPy. When the environment sets
 * either, a second NumPy runs as the environment has it, in the same rounds, and both figures are
 * printed, each with the OpenBLAS kernel (coretype) and thread count it reports.
 * Targets, reported: products at n = 64 within 3× NumPy's float32 time, at n = 256 at least ⅓ of
 * its throughput (n = 8: within 4×); autodiff ∂x⁽ᵀ⁾/∂x⁽⁰⁾ under 2 s at n = 64, T = 1000 and
 * n = 256, T = 100, and finishing at n = 256, T = 1000; one batched backward pass (checked by
 * counting matMul kernels with tf.profile). For each target not met the report says why, from
 * the measurements: time per step of the matMul alone, of the rest of a step, and of NumPy.
 * The strategy table (bench/strategies.ts) times every way of computing the products at a few
 * sizes: the measurements the library's choice of path rests on.
 * The cpu backend is slow at n = 256: a products measurement whose estimate (from a short run)
 * exceeds BENCH_CPU_BUDGET seconds (default 20) is skipped with the estimate printed. Each autodiff
 * measurement runs in a child process (bench/autodiffCase.ts) stopped after BENCH_AUTODIFF_TIMEOUT
 * seconds (default 60; ten times that for n = 256, T = 1000), so a slow or memory-hungry case
 * cannot stall the benchmark; the bench-only fast-Tanh experiment gets BENCH_EXPERIMENT_BUDGET
 * seconds (default 30) and is reported "over budget" past them. The progress line's time-left
 * estimate uses only the rates measured in this run for the same kind of unit (bench/progress.ts)
 * and is left out until every kind still to come has one.
 * Environment: BENCH_REPS (default 3) repeats of each fast measurement, best kept;
 * BENCH_BACKENDS (default "wasm,cpu") the backends to measure; for a reduced run,
 * BENCH_CASES (default "8x100,8x1000,64x100,64x1000,256x100,256x1000") the n×T cases and
 * BENCH_PARTS (default "autodiff,extras"; the products are always measured) what else to measure.
 */
import { ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as tf from "@tensorflow/tfjs";
import { autodiffJacobianOverTime } from "../src/oracle/autodiff";
import { BACKEND_NAMES, BackendName, useBackend } from "../src/oracle/backend";
import {
  FAST_PRODUCTS_WORK,
  preferFastProducts,
  productsOverTime,
  scanSuffixProducts,
  suffixProductNorms,
} from "../src/fast/products";
import { readableSuffixProducts } from "../src/core/products";
import { forward } from "../src/checked/network";
import { Case, best, makeCase } from "./cases";
import { oracleStepProfile } from "./oracleProfile";
import { Progress } from "./progress";
import {
  ProductWorkers,
  STRATEGIES,
  Strategy,
  libraryFactors,
  maxRelativeDifference,
  strategyProducts,
} from "./strategies";

const CASES = (process.env.BENCH_CASES ?? "8x100,8x1000,64x100,64x1000,256x100,256x1000")
  .split(",")
  .map((text) => text.split("x").map(Number));
for (const [n, T] of CASES) {
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(T) && T > 1)) {
    throw new Error(`BENCH_CASES must list cases like 64x1000 (n×T, T ≥ 2), got ${CASES}`);
  }
}
const PARTS = (process.env.BENCH_PARTS ?? "autodiff,extras").split(",");
const AUTODIFF = PARTS.includes("autodiff");
const EXTRAS = PARTS.includes("extras");
const BACKENDS = (process.env.BENCH_BACKENDS ?? "wasm,cpu").split(",") as BackendName[];
for (const name of BACKENDS) {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `BENCH_BACKENDS must list backends among ${BACKEND_NAMES.join(", ")}, got ${name}`,
    );
  }
}
const CPU_BUDGET = Number(process.env.BENCH_CPU_BUDGET ?? 20);
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const AUTODIFF_TIMEOUT = Number(process.env.BENCH_AUTODIFF_TIMEOUT ?? 60);
// The largest case (n = 256, T = 1000) gets ten times as long, so that it finishes.
// Experiments that are not targets (the bench-only fast-Tanh kernel) get this many seconds, then
// are reported "over budget": at n = 256 that kernel runs for minutes.
const EXPERIMENT_BUDGET = Number(process.env.BENCH_EXPERIMENT_BUDGET ?? 30);
// The work of a case for the progress estimate: n³ multiply-adds per step plus a fixed cost per
// step (tfjs's per-call overhead, about that of a 40×40 product).
const work = (n: number, T: number) => T * (n ** 3 + 64_000);
const timeoutFor = (n: number, T: number) => (n * T >= 256_000 ? 10 : 1) * AUTODIFF_TIMEOUT;

/**
 * ∂x⁽ᵀ⁾/∂x⁽⁰⁾ (batched autodiff, float32) in seconds by a mainstream autodiff framework on a quiet
 * 2-core AVX-512 machine, one run after the other with ours: the reference of the oracle's target
 * (within 2× of it at every size). Not re-measured by the bench (no such framework installs from
 * npm); compare on a quiet machine, the bench prints the load average.
 */
const FRAMEWORK_AUTODIFF = new Map([
  ["8x100", 0.0034],
  ["8x1000", 0.037],
  ["64x100", 0.012],
  ["64x1000", 0.128],
  ["256x100", 0.066],
  ["256x1000", 0.686],
]);

interface AutodiffResult {
  seconds?: number;
  why?: string;
  maxDifference?: number | null;
}

/** 2n³(T−1): the multiply-adds ×2 of the T−1 products of n×n matrices any method must do. */
const productFlops = (n: number, T: number) => 2 * n ** 3 * (T - 1);

type Path = Strategy | "readable";

/** The path productsOverTime takes for n×n products over T steps on the active backend. */
function libraryPath(n: number, T: number): Path {
  return n >= 32 && n ** 3 * T >= FAST_PRODUCTS_WORK && preferFastProducts()
    ? "library"
    : "readable";
}

function timeProducts(c: Case, path: Path, reps: number): number {
  return best(reps, () => {
    if (path === "readable") readableSuffixProducts(c.rnn.wRec, c.sigmaPrime, "numerator");
    else strategyProducts(path, c.rnn.wRec, c.sigmaPrime);
  });
}

/** Best time of the "workers" strategy (this thread and the workers' rows of every product). */
async function timeWorkers(workers: ProductWorkers, c: Case, reps: number): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    await workers.products(c.rnn.wRec, c.sigmaPrime);
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
}

/** The floor of one tfjs-wasm thread: T − 1 plain matMuls by the same M, nothing read back. */
function timeMatMulFloor(c: Case, reps: number): number {
  const m = tf.tensor2d(c.rnn.wRec.flat(), [c.n, c.n], "float32");
  try {
    return best(reps, () => {
      let p: tf.Tensor = tf.clone(m);
      for (let k = 1; k < c.T; k++) {
        const next = tf.matMul(p, m);
        p.dispose();
        p = next;
      }
      p.dataSync();
      p.dispose();
    });
  } finally {
    m.dispose();
  }
}

/**
 * Times one autodiff measurement (bench/autodiffCase.ts: "one" = ∂x⁽ᵀ⁾/∂x⁽⁰⁾, "all" = every k in
 * one pass) in a child process with a timeout; its progress lines go straight to our stderr.
 */
function timeAutodiff(
  backend: BackendName,
  c: Case,
  reps: number,
  what: "one" | "all",
  option = "",
): AutodiffResult {
  const timeout = option === "fast-tanh" ? EXPERIMENT_BUDGET : timeoutFor(c.n, c.T);
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(__dirname, "autodiffCase.ts"),
      backend,
      String(c.n),
      String(c.T),
      String(reps),
      what,
      option,
    ],
    {
      encoding: "utf8",
      timeout: timeout * 1000,
      killSignal: "SIGKILL",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (child.error || child.signal) return { why: `over budget (stopped after ${timeout} s)` };
  if (child.status !== 0) return { why: `failed (exit ${child.status}; see stderr)` };
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as AutodiffResult;
}

/** log₁₀‖P_k‖_F at the k NumPy reports, to check both sides computed the same products. */
function ourCheck(c: Case, k: number): number {
  let log10Norm = NaN;
  scanSuffixProducts(libraryFactors(c.rnn.wRec, c.sigmaPrime), (j, data, logScale) => {
    if (j !== k) return;
    let sum = 0;
    for (const value of data) sum += value * value;
    log10Norm = Math.log10(Math.sqrt(sum)) + logScale / Math.LN10;
  });
  return log10Norm;
}

interface NumpyResult {
  n: number;
  T: number;
  checkK: number;
  float32: { seconds: number; log10Norm: number | null };
  float64: { seconds: number; log10Norm: number | null };
}

/**
 * NumPy in a long-lived python3 process (bench/numpy_products.py), asked for one case at a time so
 * that its measurements interleave with ours: on a shared machine the load changes from
 * minute to minute, and timing all of one side first would compare different conditions.
 */
class NumpySide {
  private readonly queue: ((line: string) => void)[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), "rnn-jacobian-bench-"));
  private count = 0;

  /** What ran: NumPy's version, the OpenBLAS variables, the kernel and threads it used. */
  note = "";

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on("line", (line) => this.queue.shift()?.(line));
  }

  /**
   * Starts python3 with NumPy in the given environment and reads the OpenBLAS kernel and thread
   * count it reports first, or returns why it cannot.
   */
  static async start(label: string, env: NodeJS.ProcessEnv): Promise<NumpySide | string> {
    const probe = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], {
      encoding: "utf8",
      env,
    });
    if (probe.status !== 0)
      return `NumPy not available (python3 -c "import numpy" failed): skipped`;
    const side = new NumpySide(spawn("python3", [join(__dirname, "numpy_products.py")], { env }));
    const first = await new Promise<string>((resolve) => side.queue.push(resolve));
    const blas = (JSON.parse(first) as { blas: BlasInfo }).blas;
    const variables = OPENBLAS_OVERRIDES.map((name) => `${name}=${env[name] ?? "(unset)"}`);
    side.note =
      `NumPy ${probe.stdout.trim()} ${label} [${variables.join(", ")}]: ` +
      (blas.library
        ? `${blas.library}, kernel (coretype) ${blas.coretype ?? "?"}, ` +
          `${blas.threads ?? "?"} threads` +
          (blas.config ? ` (${blas.config.trim()})` : "")
        : "no OpenBLAS loaded");
    return side;
  }

  /** Times the same products as ours for case c (best of at least `reps` runs per dtype). */
  measure(c: Case, reps: number): Promise<NumpyResult> {
    const i = this.count++;
    const w = join(this.dir, `w${i}.f64`);
    const s = join(this.dir, `s${i}.f64`);
    writeFileSync(w, Buffer.from(Float64Array.from(c.rnn.wRec.flat()).buffer));
    writeFileSync(s, Buffer.from(Float64Array.from(c.sigmaPrime.flat()).buffer));
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`python3 exited with ${code}`));
      this.child.once("exit", onExit);
      this.queue.push((line) => {
        this.child.off("exit", onExit);
        rmSync(w, { force: true });
        rmSync(s, { force: true });
        resolve(JSON.parse(line) as NumpyResult);
      });
      this.child.stdin.write(JSON.stringify({ n: c.n, T: c.T, w, s, reps }) + "\n");
    });
  }

  close(): void {
    this.child.stdin.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What bench/numpy_products.py reports of the OpenBLAS NumPy loaded. */
interface BlasInfo {
  library: string | null;
  coretype?: string;
  threads?: number;
  config?: string;
}

/**
 * The variables some machines set to hold OpenBLAS to older kernels (older OpenBLAS builds crash
 * or compute wrong results on those processors). They slow a current NumPy, so the bench runs
 * NumPy twice: as the environment has it, and with both removed (in that subprocess only).
 */
const OPENBLAS_OVERRIDES = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] as const;

/** The environment without the OpenBLAS overrides. */
function freeEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of OPENBLAS_OVERRIDES) delete env[name];
  return env;
}

/** Keeps the faster NumPy time per dtype of two measurements of the same case. */
function fasterOf(a: NumpyResult | undefined, b: NumpyResult): NumpyResult {
  if (!a) return b;
  return {
    ...b,
    float32: a.float32.seconds < b.float32.seconds ? a.float32 : b.float32,
    float64: a.float64.seconds < b.float64.seconds ? a.float64 : b.float64,
  };
}

const fmt = (x: number, digits = 3) =>
  x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(digits);
const gflops = (flops: number, seconds: number) => fmt(flops / seconds / 1e9);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i])).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * Counts the matMul kernels of one autodiff Jacobian with tf.profile: one batched backward pass
 * runs 2T + 1 of them (T forward steps, the input drive W_in σ(u) for all steps at once, T backward
 * steps), whereas n separate backward passes would run about n·(2T + 1).
 */
async function countAutodiffKernels(): Promise<string> {
  const n = 8;
  const T = 10;
  const c = makeCase(n, T);
  const profile = await tf.profile(() => {
    autodiffJacobianOverTime(c.rnn, c.u, c.x0, 0, T);
  });
  const matMuls = profile.kernels.filter((k) => /MatMul/i.test(k.name)).length;
  const onePass = 2 * T + 1;
  const verdict =
    matMuls <= onePass
      ? `= 2T + 1 (T forward, 1 input drive, T backward): one batched backward pass for all n rows — target met`
      : `more than 2T + 1 = ${onePass} (n separate passes would need about ${n * onePass}) — target NOT met`;
  return `autodiff kernels at n = ${n}, T = ${T}: ${matMuls} matMuls ${verdict}`;
}

async function memoryCheck(workers?: ProductWorkers): Promise<string> {
  // n = 48, T = 200: above FAST_PRODUCTS_WORK, so productsOverTime takes the fast path on wasm.
  const c = makeCase(48, 200);
  const states = forward(c.rnn, c.u, c.x0);
  const once = async () => {
    productsOverTime(c.rnn, states, "paper");
    suffixProductNorms(c.rnn, states, "paper"); // n = 48: the power method
    for (const strategy of STRATEGIES) strategyProducts(strategy, c.rnn.wRec, c.sigmaPrime);
    await workers?.products(c.rnn.wRec, c.sigmaPrime);
    autodiffJacobianOverTime(c.rnn, c.u, c.x0, 0, 50);
  };
  await once();
  const counts = [tf.memory().numTensors];
  for (let i = 0; i < 3; i++) {
    await once();
    counts.push(tf.memory().numTensors);
  }
  const stable = counts.every((count) => count === counts[0]);
  return `memory (${tf.getBackend()}): tf.memory().numTensors after each of 4 repeats: ${counts.join(", ")} — ${stable ? "stable" : "LEAK"}`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(", ");
  console.log(`${cpus().length} CPUs, load average ${load()} (other processes share them)`);
  await useBackend("wasm");
  console.log("Building the runs (wasm forward pass)…");
  const cases: Case[] = [];
  for (const [n, T] of CASES) cases.push(makeCase(n, T));
  // NumPy free of the OpenBLAS overrides (the reference of every ratio), and, when the
  // environment sets them, NumPy as the environment has it, measured in the same rounds.
  const numpySide = await NumpySide.start("without the OpenBLAS overrides", freeEnvironment());
  const overridden = OPENBLAS_OVERRIDES.some((name) => process.env[name] !== undefined);
  const numpyEnvSide =
    overridden && typeof numpySide !== "string"
      ? await NumpySide.start("as the environment sets it", process.env)
      : undefined;
  const numpy = new Map<string, NumpyResult>();
  const numpyEnv = new Map<string, NumpyResult>();
  console.log(typeof numpySide === "string" ? numpySide : numpySide.note);
  if (typeof numpyEnvSide === "object") console.log(numpyEnvSide.note);
  else if (typeof numpySide !== "string") {
    console.log(
      `The environment sets neither ${OPENBLAS_OVERRIDES.join(" nor ")}: ` +
        "NumPy runs once, free of overrides.",
    );
  }
  // One worker thread for the "workers" strategy (this thread computes the other rows).
  const workers = BACKENDS.includes("wasm") ? await ProductWorkers.start(1) : undefined;

  const productRows: string[][] = [];
  const autodiffRows: string[][] = [];
  const targets: string[] = [];
  const extras: string[] = [];
  // The plan for the progress estimate: each unit's kind and weight (n³T plus a fixed cost per
  // step); the fast-Tanh runs (bounded by EXPERIMENT_BUDGET) and the extras (fixed sizes) have
  // weight 0 and are left out of the estimate.
  const isFastTanhCase = (c: Case) => (c.n === 64 && c.T === 1000) || (c.n === 256 && c.T === 100);
  const plan: { kind: string; weight: number }[] = [];
  for (const backend of BACKENDS) {
    for (const c of cases) {
      plan.push({ kind: `${backend} products`, weight: work(c.n, c.T) });
      if (!AUTODIFF) continue;
      plan.push({ kind: `${backend} autodiff`, weight: work(c.n, c.T) });
      plan.push({ kind: `${backend} autodiff`, weight: work(c.n, c.T) });
      if (backend === "wasm" && isFastTanhCase(c)) plan.push({ kind: "fast-tanh", weight: 0 });
    }
    if (backend === "wasm" && EXTRAS) plan.push({ kind: "extras", weight: 0 });
  }
  const progress = new Progress(plan);
  for (const backend of BACKENDS) {
    await useBackend(backend);
    console.log(`Measuring on ${backend}…`);
    for (const c of cases) {
      const { n, T } = c;
      progress.start(
        `${backend} products n=${n} T=${T} (with NumPy)`,
        `${backend} products`,
        work(n, T),
      );
      const flops = productFlops(n, T);
      const path = libraryPath(n, T);
      const reps = n === 256 && T === 1000 ? Math.min(REPS, 2) : REPS;
      // Products, interleaved with NumPy: ours, NumPy, ours, NumPy (two rounds on wasm; one on
      // cpu, whose NumPy reference also keeps the best of the wasm rounds). On wasm also the
      // workers and the floor of one thread, in the same rounds.
      let seconds: number | undefined;
      let split: number | undefined;
      let floor: number | undefined;
      const withWorkers = backend === "wasm" && workers !== undefined && n >= 128;
      let skipped = "";
      if (backend === "cpu") {
        const probeSteps = Math.min(T, 20);
        const probe = makeSlice(c, probeSteps);
        const estimate = timeProducts(probe, path, 1) * (T / probeSteps);
        if (estimate > CPU_BUDGET) skipped = `skipped (est. ${fmt(estimate)} s > ${CPU_BUDGET} s)`;
      }
      if (!skipped) timeProducts(c, path, 1); // warm-up: JIT, XNNPACK packing
      if (withWorkers) await timeWorkers(workers, c, 1);
      for (let round = 0; round < (backend === "wasm" ? 2 : 1); round++) {
        if (!skipped) seconds = Math.min(seconds ?? Infinity, timeProducts(c, path, reps));
        if (withWorkers) split = Math.min(split ?? Infinity, await timeWorkers(workers, c, reps));
        if (backend === "wasm" && n >= 32) {
          floor = Math.min(floor ?? Infinity, timeMatMulFloor(c, reps));
        }
        if (typeof numpySide !== "string") {
          const key = `${n}/${T}`;
          numpy.set(key, fasterOf(numpy.get(key), await numpySide.measure(c, reps)));
          if (typeof numpyEnvSide === "object") {
            numpyEnv.set(key, fasterOf(numpyEnv.get(key), await numpyEnvSide.measure(c, reps)));
          }
        }
      }
      const np = numpy.get(`${n}/${T}`);
      const npEnv = numpyEnv.get(`${n}/${T}`);
      let check = "";
      if (np && seconds !== undefined && backend === "wasm" && np.float64.log10Norm !== null) {
        const ours = ourCheck(c, np.checkK);
        check = Math.abs(ours - np.float64.log10Norm) < 1e-3 ? "same" : `DIFFER (${fmt(ours)})`;
      }
      const ratio = np && seconds !== undefined ? seconds / np.float32.seconds : undefined;
      productRows.push([
        backend,
        String(n),
        String(T),
        path === "library" ? "fast" : path,
        seconds === undefined ? skipped : fmt(seconds),
        seconds === undefined ? "–" : gflops(flops, seconds),
        split === undefined ? "–" : `${fmt(split)} (${gflops(flops, split)})`,
        floor === undefined ? "–" : `${fmt(floor)} (${gflops(flops, floor)})`,
        np ? fmt(np.float32.seconds) : "–",
        np ? gflops(flops, np.float32.seconds) : "–",
        np ? fmt(np.float64.seconds) : "–",
        npEnv ? fmt(npEnv.float32.seconds) : np ? "(not set)" : "–",
        npEnv && np ? `${fmt(npEnv.float32.seconds / np.float32.seconds)}×` : "–",
        ratio === undefined ? "–" : `${fmt(ratio)}×`,
        check || "–",
      ]);
      if (ratio !== undefined && np && seconds !== undefined) {
        const limit = n === 8 ? 4 : 3;
        const what = n === 256 ? "≥ ⅓ NumPy's throughput (time ≤ 3×)" : `≤ ${limit}× NumPy's time`;
        const bestSeconds = Math.min(seconds, split ?? Infinity);
        const bestRatio = bestSeconds / np.float32.seconds;
        let line =
          `${backend} n=${n} T=${T}: products ${what}: ${fmt(ratio)}× → ` +
          (ratio <= limit ? "met" : "NOT met");
        if (split !== undefined) {
          line += `; with the rows split over a worker thread ${fmt(split / np.float32.seconds)}×`;
        }
        if (bestRatio > limit) {
          line += `\n    why (measured): ${why(c, seconds, floor, np.float32.seconds)}`;
        }
        targets.push(line);
      }
      progress.finish();
      // Each row also goes out as soon as it is measured, so an interrupted run still reports.
      console.log(`  products ${productRows[productRows.length - 1].join("  ")}`);
      if (!AUTODIFF) continue;
      // Autodiff (in child processes with a timeout): ∂x⁽ᵀ⁾/∂x⁽⁰⁾, then every k in one pass.
      const adFlops = 4 * n ** 3 * T;
      const adReps = n * T >= 64000 ? 1 : REPS;
      progress.start(
        `${backend} autodiff ∂x⁽ᵀ⁾/∂x⁽⁰⁾ n=${n} T=${T}`,
        `${backend} autodiff`,
        work(n, T),
      );
      const one = timeAutodiff(backend, c, adReps, "one");
      progress.finish();
      progress.start(
        `${backend} autodiff all ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾ (one pass) n=${n} T=${T}`,
        `${backend} autodiff`,
        work(n, T),
      );
      const all = timeAutodiff(backend, c, adReps, "all");
      progress.finish();
      const cell = (r: AutodiffResult) => (r.seconds === undefined ? r.why! : fmt(r.seconds));
      autodiffRows.push([
        backend,
        String(n),
        String(T),
        cell(one),
        one.seconds === undefined ? "–" : gflops(adFlops, one.seconds),
        cell(all),
        np && one.seconds !== undefined ? `${fmt(one.seconds / np.float32.seconds)}×` : "–",
      ]);
      console.log(`  autodiff ${autodiffRows[autodiffRows.length - 1].join("  ")}`);
      if (backend === "wasm" && isFastTanhCase(c)) {
        const verdict = one.seconds !== undefined && one.seconds < 2 ? "met" : "NOT met";
        targets.push(
          `wasm n=${n} T=${T}: autodiff ∂x⁽ᵀ⁾/∂x⁽⁰⁾ under 2 s: ${cell(one)} s → ${verdict}`,
        );
        progress.start(
          `${backend} autodiff with the bench-only fast Tanh kernel n=${n} T=${T}`,
          "fast-tanh",
          0,
        );
        const fast = timeAutodiff(backend, c, adReps, "one", "fast-tanh");
        progress.finish();
        extras.push(
          `autodiff n=${n} T=${T} with the bench-only fast Tanh kernel (bench/fastTanhKernel.ts): ` +
            `${cell(fast)}${fast.seconds === undefined ? "" : " s"} (stock Tanh ${cell(one)} s); Jacobian moved by ` +
            `${fast.maxDifference?.toExponential(1) ?? "–"} relative (at T = min(T, 50))`,
        );
        console.log(`  ${extras[extras.length - 1]}`);
      }
      const reference = FRAMEWORK_AUTODIFF.get(`${n}x${T}`);
      if (backend === "wasm" && reference !== undefined) {
        const ratio = one.seconds === undefined ? undefined : one.seconds / reference;
        targets.push(
          `wasm n=${n} T=${T}: autodiff ∂x⁽ᵀ⁾/∂x⁽⁰⁾ ≤ 2× a mainstream framework's ${reference} s: ` +
            `${cell(one)} s` +
            (ratio === undefined
              ? " → NOT met"
              : ` = ${fmt(ratio)}× → ${ratio <= 2 ? "met" : "NOT met"}`) +
            (ratio !== undefined && ratio > 2
              ? `\n    why (measured): ${fmt(((one.seconds ?? 0) / T) * 1e6)} µs a step; ` +
                "the per-step kernel profile below splits it"
              : ""),
        );
      }
      if (backend === "wasm" && n === 256 && T === 1000) {
        targets.push(`wasm n=256 T=1000: autodiff ∂x⁽ᵀ⁾/∂x⁽⁰⁾ finishes: ${cell(one)}`);
      }
    }
    if (!EXTRAS) continue;
    if (backend === "wasm") {
      progress.start("wasm: kernel count, memory check, strategy table", "extras", 0);
      extras.push(await countAutodiffKernels());
      for (const n of [8, 64]) extras.push(...(await oracleStepProfile(n, 200, REPS)));
      extras.push(await memoryCheck(workers));
      extras.push(await strategyTable(workers));
      progress.finish();
    } else {
      extras.push(await memoryCheck());
    }
  }
  await workers?.close();

  console.log(
    "\nAll suffix products ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾, k = 0 … T−1 (flops: 2n³(T−1); best of runs; NumPy " +
      "without the OpenBLAS overrides unless the column says otherwise)\n",
  );
  console.log(
    table(
      [
        "backend",
        "n",
        "T",
        "path",
        "ours s",
        "GFLOP/s",
        "2 threads s (GFLOP/s)",
        "matMul alone s (GFLOP/s)",
        "NumPy f32 s",
        "GFLOP/s",
        "NumPy f64 s",
        "NumPy f32 s, env overrides",
        "overridden/free",
        "ours/NumPy f32",
        "same result",
      ],
      productRows,
    ),
  );
  console.log("\nAutodiff Jacobian ∂x⁽ᵀ⁾/∂x⁽⁰⁾, one batched backward pass (flops: 4n³T)\n");
  console.log(
    table(
      [
        "backend",
        "n",
        "T",
        "∂x⁽ᵀ⁾/∂x⁽⁰⁾ s",
        "GFLOP/s",
        "all k, one pass s",
        "vs NumPy f32 products",
      ],
      autodiffRows,
    ),
  );
  console.log("\nTargets (reported, not asserted)");
  for (const line of targets) console.log(`  ${line}`);
  console.log("");
  for (const line of extras) console.log(line);
  if (typeof numpySide !== "string") numpySide.close();
  if (typeof numpyEnvSide === "object") numpyEnvSide.close();
  console.log(
    `\nTotal ${fmt((performance.now() - started) / 1000)} s; load average now ${load()}.`,
  );
}

/** The first `steps` steps of a case (for probes). */
function makeSlice(c: Case, steps: number): Case {
  return { ...c, T: steps, u: c.u.slice(0, steps), sigmaPrime: c.sigmaPrime.slice(0, steps) };
}

/**
 * Why a products target is not met, from the measurements: per step, the matMul alone (one
 * tfjs-wasm thread, XNNPACK) and the rest of our step (the multiply by s_k, the readback, the
 * max), against NumPy's whole step on both cores.
 */
function why(c: Case, seconds: number, floor: number | undefined, numpySeconds: number): string {
  const perStep = (s: number) => `${fmt((s / c.T) * 1e6)} µs`;
  const flops = productFlops(c.n, c.T);
  if (floor === undefined) {
    // No tfjs path here: the library multiplies with its readable float64 loops.
    return (
      `the readable float64 loops (the library's path here) take ${perStep(seconds)} a step ` +
      `(${gflops(flops, seconds)} GFLOP/s, plain JavaScript), NumPy ${perStep(numpySeconds)}`
    );
  }
  return (
    `a step takes ${perStep(seconds)}: the matMul alone ${perStep(floor)} ` +
    `(${gflops(flops, floor)} GFLOP/s on one thread), the rest ${perStep(seconds - floor)}; ` +
    `NumPy's whole step ${perStep(numpySeconds)} (${gflops(flops, numpySeconds)} GFLOP/s, ` +
    `OpenBLAS on every core). The matMul alone is ${fmt(floor / numpySeconds)}× NumPy's time.`
  );
}

/** Every strategy at a few sizes on wasm, milliseconds: what the library's choice rests on. */
async function strategyTable(workers: ProductWorkers | undefined): Promise<string> {
  const rows: string[][] = [];
  const paths: Path[] = ["readable", ...STRATEGIES];
  for (const [n, T] of [
    [8, 1000],
    [16, 1000],
    [32, 1000],
    [64, 1000],
    [128, 100],
    [256, 100],
  ]) {
    const c = makeCase(n, T);
    // The tfjs strategies and the workers in interleaved rounds, best kept (the load changes from
    // second to second); then the float64 loops, whose garbage (tens of MB of arrays for the
    // readable ones) would otherwise be collected during the next measurement; at n ≥ 128, where
    // they take seconds, once.
    const fastest = new Map<Path | "workers", number>();
    const keep = (path: Path | "workers", seconds: number) =>
      fastest.set(path, Math.min(fastest.get(path) ?? Infinity, seconds));
    const loops = (path: Path) => path === "readable" || path === "js";
    for (const path of paths) if (!loops(path)) timeProducts(c, path, 1); // warm-up
    for (let round = 0; round < REPS; round++) {
      for (const path of paths) if (!loops(path)) keep(path, timeProducts(c, path, 1));
      if (workers && n >= 64) keep("workers", await timeWorkers(workers, c, 1));
    }
    for (const path of paths.filter(loops)) {
      keep(path, timeProducts(c, path, n >= 128 ? 1 : REPS));
    }
    const cells = paths.map((path) => fmt(fastest.get(path)! * 1000));
    const split = fastest.get("workers");
    // Every strategy computes the same products (float32 rounding apart).
    const reference = strategyProducts("library", c.rnn.wRec, c.sigmaPrime);
    const others = [
      ...STRATEGIES.map((strategy) => strategyProducts(strategy, c.rnn.wRec, c.sigmaPrime)),
      ...(workers ? [await workers.products(c.rnn.wRec, c.sigmaPrime)] : []),
    ];
    const worst = Math.max(...others.map((other) => maxRelativeDifference(other, reference)));
    rows.push([
      String(n),
      String(T),
      ...cells,
      split === undefined ? "–" : fmt(split * 1000),
      libraryPath(n, T) === "library" ? "fast" : "readable",
      worst.toExponential(1),
    ]);
  }
  return (
    "Ways of computing the products on wasm, milliseconds (best of runs; " +
    "bench/strategies.ts):\n" +
    table(
      [
        "n",
        "T",
        "readable",
        "fast (library)",
        "js",
        "js-scaled",
        "blocked",
        "workers",
        "uses",
        "max rel. difference",
      ],
      rows,
    )
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
