/**
 * Choosing the tfjs backend. In Node the wasm backend is the default: about 30× faster than the
 * pure-JavaScript cpu backend at n = 256 (npm run bench), and unlike tfjs-node it needs no
 * download of libtensorflow at install time. Loading this module also installs the
 * flag-free BatchMatMul kernel of wasmKernels.ts.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { assertOneOf } from "../shared/validate";
import "./wasmKernels";

export const BACKEND_NAMES = ["wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

// Production mode skips tfjs's debug checks and its "install tfjs-node" banner in Node.
tf.env().set("PROD", true);

/**
 * Switch tfjs to `name` (default wasm) and wait until it is ready. Returns the active name.
 * Throws if tfjs cannot start that backend: `tf.setBackend` then returns false, and tfjs would
 * otherwise go on running on another backend (cpu, 30× slower) without a word.
 */
export async function useBackend(name: BackendName = "wasm"): Promise<BackendName> {
  assertOneOf("backend", name, BACKEND_NAMES);
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok)
      throw new Error(`backend ${name} could not be initialised (tf.setBackend returned false)`);
  }
  await tf.ready();
  const active = tf.getBackend();
  if (active !== name) {
    throw new Error(`backend ${name} was requested but tfjs is running on ${active}`);
  }
  return name;
}

/** The backend tfjs is using now. */
export function currentBackend(): string {
  return tf.getBackend();
}
