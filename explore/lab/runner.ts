/**
 * Runs student code in a Web Worker made from a Blob URL of the bundled worker source (a worker
 * from a file URL is refused on file://), with a time limit: on timeout the worker is terminated
 * (the only way to stop an endless loop) and a fresh one is made for the next run.
 */
import { WORKER_SOURCE } from "./exerciseData";

export type RunResult =
  | { ok: true; value: unknown; logs: string[] }
  | { ok: false; stage: "compile" | "run" | "timeout"; error: string; logs: string[] };

export const TIME_LIMIT_MS = 3000;

let workerUrl: string | undefined;
let idle: Worker | undefined;

function newWorker(): Worker {
  workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  return new Worker(workerUrl);
}

/** Runs `code` (a TypeScript cell) and then `call(args)` in a worker, within `limitMs`. */
export function runInWorker(
  code: string,
  call: string,
  args: unknown,
  limitMs = TIME_LIMIT_MS,
): Promise<RunResult> {
  const worker = idle ?? newWorker();
  idle = undefined;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.terminate();
      resolve({
        ok: false,
        stage: "timeout",
        error: `stopped after ${limitMs / 1000} s: the code did not finish (an endless loop?)`,
        logs: [],
      });
    }, limitMs);
    worker.onmessage = (event: MessageEvent<RunResult>) => {
      clearTimeout(timer);
      idle = worker;
      resolve(event.data);
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      event.preventDefault();
      worker.terminate();
      resolve({ ok: false, stage: "run", error: event.message || "the worker failed", logs: [] });
    };
    worker.postMessage({ code, call, args });
  });
}
