/**
 * The lab's worker: compiles a student's TypeScript cell with sucrase (types stripped, nothing
 * else changed) and runs it, then calls the student's function through the checker's `call`.
 * It runs student code only; the page judges the answer. The page terminates it on a timeout.
 */
import { transform } from "sucrase";

interface RunRequest {
  code: string;
  call: string;
  args: unknown;
}

interface WorkerScope {
  onmessage: ((event: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: unknown): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { code, call, args } = event.data;
  const logs: string[] = [];
  const log = (...values: unknown[]) =>
    logs.push(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" "));
  const sandboxConsole = { log, info: log, warn: log, error: log };
  let compiled: string;
  try {
    compiled = transform(code, { transforms: ["typescript"] }).code;
  } catch (error) {
    scope.postMessage({ ok: false, stage: "compile", error: (error as Error).message, logs });
    return;
  }
  try {
    const run = new Function(
      "args",
      "console",
      `"use strict";\n${compiled}\nreturn (${call})(args);`,
    );
    const value = run(args, sandboxConsole);
    scope.postMessage({ ok: true, value, logs });
  } catch (error) {
    const e = error as Error;
    scope.postMessage({
      ok: false,
      stage: "run",
      error: `${e?.name ?? "Error"}: ${e?.message ?? String(error)}`,
      logs,
    });
  }
};
