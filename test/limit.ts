// A limit on how many executions run at once, shared by whichever tests ask: each execution is
// a Python nbclient and a Node kernel, and the machines that run the tests may have two cores.

/** Runs at most `count` of the tasks handed to it at once, in the order they were handed. */
export function limiter(count: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < count) running += 1;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, so no newcomer can slip in between.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
