/**
 * One autodiff measurement for bench/run.ts, in its own process so that a slow or memory-hungry
 * case can be stopped by a timeout without stopping the benchmark:
 *   node --import tsx bench/autodiffCase.ts <backend> <n> <T> <reps> <what> [fast-tanh]
 * what = "one": autodiffJacobianOverTime(rnn, u, x0, 0, T) (∂x⁽ᵀ⁾/∂x⁽⁰⁾);
 * what = "all": autodiffJacobiansToAllStepsTensor(rnn, u, x0) (every ∂x⁽ᵀ⁾/∂x⁽ᵏ⁾, one pass).
 * "fast-tanh" installs the benchmark-only Tanh kernel of fastTanhKernel.ts first.
 * Prints {"seconds": best of reps, "maxDifference": …} on stdout after one warm-up run at
 * T = min(T, 10); progress goes to stderr.
 */
import {
  autodiffJacobianOverTime,
  autodiffJacobiansToAllStepsTensor,
} from "../src/oracle/autodiff";
import { BACKEND_NAMES, BackendName, useBackend } from "../src/oracle/backend";
import { best, makeCase } from "./cases";
import { installFastTanh } from "./fastTanhKernel";
import { formatSeconds } from "./progress";

async function main(): Promise<void> {
  const [backend, nText, tText, repsText, what, option] = process.argv.slice(2);
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new Error(`backend must be one of ${BACKEND_NAMES.join(", ")}, got ${backend}`);
  }
  if (what !== "one" && what !== "all") throw new Error(`what must be one or all, got ${what}`);
  const [n, T, reps] = [Number(nText), Number(tText), Number(repsText)];
  await useBackend(backend as BackendName);
  const c = makeCase(n, T);
  const run = (steps: number) => {
    const u = c.u.slice(0, steps);
    if (what === "one") return autodiffJacobianOverTime(c.rnn, u, c.x0, 0, steps);
    const tensor = autodiffJacobiansToAllStepsTensor(c.rnn, u, c.x0);
    const first = (tensor.slice([0, 0, 0], [1, n, n]).arraySync() as number[][][])[0];
    tensor.dispose();
    return first;
  };
  let maxDifference: number | null = null;
  if (option === "fast-tanh") {
    // The same Jacobian with the stock kernel first, to report how far the fast one moves it.
    const stock = run(Math.min(T, 50));
    installFastTanh();
    const fast = run(Math.min(T, 50));
    const scale = Math.max(...stock.flat().map(Math.abs));
    maxDifference = Math.max(...stock.flat().map((v, i) => Math.abs(v - fast.flat()[i]))) / scale;
  }
  run(Math.min(T, 10));
  let count = 0;
  const started = performance.now();
  const seconds = best(reps, () => {
    count += 1;
    const elapsed = (performance.now() - started) / 1000;
    if (n * T >= 50_000)
      process.stderr.write(
        `    autodiff ${what} n=${n} T=${T}: run ${count} (elapsed ${formatSeconds(elapsed)})\n`,
      );
    run(T);
  });
  console.log(JSON.stringify({ seconds, maxDifference }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
