/**
 * A small seeded pseudo-random source in plain TypeScript.
 *
 * Why not tf.randomNormal with a seed: its stream depends on the backend, and we want the same
 * numbers on wasm, cpu and in the float64 reference, every run, on every machine.
 */

/** mulberry32: a 32-bit generator, uniform in [0, 1). */
export function uniformSource(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by the Box–Muller transform over a seeded uniform source. */
export function normalSource(seed: number): () => number {
  const uniform = uniformSource(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    // 1 − u keeps the argument of log in (0, 1], so the sample is always finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/** A rows × cols matrix of normal samples with the given standard deviation. */
export function normalMatrix(
  next: () => number,
  rows: number,
  cols: number,
  std: number,
): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => std * next()));
}
