/**
 * A worker thread of the "workers" strategy (bench/strategies.ts): its own single-threaded
 * tfjs-wasm, computing the row blocks it is sent. Says "ready" once its backend is up, then
 * "done" (or the error) per block.
 */
import { parentPort } from "node:worker_threads";
import { useBackend } from "../src/oracle/backend";
import { RowBlock, scanRows } from "./strategies";

const port = parentPort!;
useBackend("wasm").then(
  () => {
    port.on("message", (job: RowBlock) => {
      try {
        scanRows(job);
        port.postMessage({ done: true });
      } catch (error) {
        port.postMessage({ error: String(error) });
      }
    });
    port.postMessage({ ready: true });
  },
  (error: unknown) => port.postMessage({ error: String(error) }),
);
