/**
 * One autodiff measurement for bench/run.ts, in its own process so that a slow or memory-hungry
 * case can be stopped by a timeout without stopping the benchmark:
 *   node --import tsx bench/autodiffCase.ts <backend> <n> <T> <reps>
 * prints {"seconds": best of reps} for autodiffJacobianOverTime(rnn, u, x0, 0, T) after one
 * warm-up run at T = min(T, 10).
 */
import { autodiffJacobianOverTime } from "../src/autodiff";
import { BACKEND_NAMES, BackendName, useBackend } from "../src/backend";
import { best, makeCase } from "./cases";

async function main(): Promise<void> {
  const [backend, nText, tText, repsText] = process.argv.slice(2);
  if (!(BACKEND_NAMES as readonly string[]).includes(backend)) {
    throw new Error(`backend must be one of ${BACKEND_NAMES.join(", ")}, got ${backend}`);
  }
  const [n, T, reps] = [Number(nText), Number(tText), Number(repsText)];
  await useBackend(backend as BackendName);
  const c = makeCase(n, T);
  const warm = Math.min(T, 10);
  autodiffJacobianOverTime(c.rnn, c.u.slice(0, warm), c.x0, 0, warm);
  const seconds = best(reps, () => {
    autodiffJacobianOverTime(c.rnn, c.u, c.x0, 0, T);
  });
  console.log(JSON.stringify({ seconds }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
