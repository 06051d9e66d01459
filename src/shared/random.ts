/**
 * Seeded pseudo-random numbers in plain TypeScript, under one rule for the whole project:
 *
 * - A seed is an integer in [0, 2³² − 1] (`MAX_SEED`); anything else is refused, never wrapped
 *   (so 2³² cannot alias 0, nor −1 alias 2³² − 1).
 * - Every use of randomness draws from its own named stream of one seed: `normalSource(seed,
 *   "inputs")`, `normalSource(seed, "state")`, …. The pair (seed, stream name) is hashed into the
 *   128-bit state of xoshiro128** (period 2¹²⁸ − 1), so two streams start at unrelated places of
 *   that cycle: seeds S and S + 1 share no numbers, and neither do two streams of one seed. (With
 *   the old rule of seed, seed + 1, seed + 2 per purpose, seed S's x⁽⁰⁾ was seed S + 1's inputs.)
 *
 * The library's streams: "network" (randomRNN: W_rec, then W_in, then b), "inputs"
 * (randomInputs), "state" (randomState), "readout" (training's initial readout), "task uniform"
 * and "task noise" (taskBatch; its option `stream` replaces "task" for another batch of one seed),
 * "evaluation batch" and "training batch i" (training). Any other name makes a fresh stream.
 *
 * Why not tf.randomNormal with a seed: its stream depends on the backend, and we want the same
 * numbers on wasm, cpu and in the float64 reference, every run, on every machine.
 */
import {
  assertSeed,
  assertStreamName,
  assertFiniteNumber,
  assertPositiveInteger,
} from "./validate";

/** The largest seed accepted: seeds are integers 0 … 2³² − 1. */
export const MAX_SEED = 2 ** 32 - 1;

/** MurmurHash3's finalizer: a bijection of 32-bit integers that mixes every bit into every bit. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over the UTF-16 code units of the name, then mixed. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/**
 * 32-bit words of the stream (seed, name). The first state word is a bijection of the seed, so
 * two seeds never start from one state; the others mix in the name.
 */
function wordSource(seed: number, name: string): () => number {
  const key = hashName(name);
  const s0 = mix32(seed ^ 0x9e3779b9);
  const s1 = mix32(key);
  const s2 = mix32((s0 ^ key) + 0x7f4a7c15);
  const s3 = mix32((s1 + seed) ^ 0x94d049bb) | 1; // never the all-zero state
  return xoshiro128StarStar([s0, s1, s2, s3]);
}

/**
 * xoshiro128** 1.1 (Blackman & Vigna, prng.di.unimi.it) from the state words [s0, s1, s2, s3]
 * (not all zero): unsigned 32-bit outputs. Exported for the test against the reference code.
 */
export function xoshiro128StarStar(state: readonly number[]): () => number {
  let [s0, s1, s2, s3] = state.map((word) => word | 0);
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** Checks the seed (an integer in [0, 2³² − 1]) and the stream name (a non-empty string). */
function assertStream(seed: unknown, stream: unknown): asserts seed is number {
  assertSeed("seed", seed);
  assertStreamName("stream", stream);
}

/** Uniform samples in [0, 1) with 53 random bits each, from the stream (seed, stream). */
export function uniformSource(seed: number, stream = "uniform"): () => number {
  assertStream(seed, stream);
  const word = wordSource(seed, stream);
  return () => ((word() >>> 5) * 67108864 + (word() >>> 6)) / 9007199254740992;
}

/** Standard normal samples by the Box–Muller transform over the uniform stream (seed, stream). */
export function normalSource(seed: number, stream = "normal"): () => number {
  const uniform = uniformSource(seed, stream);
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

/** A rows × cols matrix of samples of `next` times `std` (a finite number), row by row. */
export function normalMatrix(
  next: () => number,
  rows: number,
  cols: number,
  std: number,
): number[][] {
  if (typeof next !== "function") {
    throw new TypeError(`next must be a function returning numbers, got ${typeof next}`);
  }
  assertPositiveInteger("rows", rows);
  assertPositiveInteger("cols", cols);
  assertFiniteNumber("std", std);
  const matrix = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => std * next()),
  );
  matrix.forEach((row, i) =>
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `normalMatrix: entry (${i}, ${j}) is ${value} (std = ${std}): next must return finite numbers and std × sample must stay in float64 range`,
        );
      }
    }),
  );
  return matrix;
}
