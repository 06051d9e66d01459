/**
 * Entry point of the explorable page (bundled as one classic script, so that it runs from
 * file:// where Chromium refuses module scripts): start tfjs on its cpu backend (the wasm
 * backend would fetch a .wasm file, which file:// forbids; at n ≤ 8 the cpu backend is fast
 * enough), then the explorer and the lab.
 */
import { useBackend } from "../src/oracle/backend";
import { startExplorer } from "./app";
import { startLab } from "./lab/lab";

async function main() {
  const status = document.getElementById("status") as HTMLElement;
  try {
    await useBackend("cpu");
    startExplorer(document.getElementById("explorer") as HTMLElement, status);
    startLab(document.getElementById("lab") as HTMLElement);
    document.body.dataset.ready = "true";
  } catch (error) {
    status.dataset.kind = "error";
    status.textContent = `The page could not start: ${(error as Error).message}`;
    throw error;
  }
}

void main();
