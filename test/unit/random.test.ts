import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_SEED,
  normalMatrix,
  normalSource,
  uniformSource,
  xoshiro128StarStar,
} from "../../src/shared/random";
import { randomInputs, randomRNN, randomState } from "../../src/checked/network";
import { taskBatch } from "../../src/consequences/tasks";
import { verify } from "../../src/tools/verify";
import { useBackend } from "../../src/oracle/backend";

const SEED_MESSAGE = /seed must be an integer in \[0, 4294967295\]/;

/** Every number drawn, mapped to the draws ("seed/stream") it came from. */
function sharedNumbers(draws: Record<string, number[]>): string[] {
  const owner = new Map<number, string>();
  const shared: string[] = [];
  for (const [draw, values] of Object.entries(draws)) {
    for (const value of new Set(values)) {
      const first = owner.get(value);
      if (first !== undefined && first !== draw) shared.push(`${value} in ${first} and ${draw}`);
      else owner.set(value, draw);
    }
  }
  return shared;
}

describe("random: one seed, independent named streams", () => {
  before(async () => {
    await useBackend("cpu");
  });

  it("seeds S and S + 1 share no numbers, across every stream of both", () => {
    const streams = ["network", "inputs", "state", "readout", "task uniform", "task noise"];
    for (const S of [0, 3, 1000, MAX_SEED - 1]) {
      const draws: Record<string, number[]> = {};
      for (const seed of [S, S + 1]) {
        for (const stream of streams) {
          const uniform = uniformSource(seed, stream);
          const normal = normalSource(seed, stream);
          draws[`${seed}/${stream} uniform`] = Array.from({ length: 2000 }, uniform);
          // One stream's normals are made of its own uniforms; they must differ from the others'.
          draws[`${seed}/${stream} normal`] = Array.from({ length: 2000 }, normal);
        }
      }
      assert.deepEqual(sharedNumbers(draws), [], `seeds ${S} and ${S + 1}`);
    }
  });

  it("the library's draws of seeds S and S + 1 share no numbers (network, u, x⁽⁰⁾, batches)", () => {
    for (const S of [3, 71]) {
      const draws: Record<string, number[]> = {};
      for (const seed of [S, S + 1]) {
        const rnn = randomRNN({ n: 6, seed, inputSize: 2 });
        draws[`${seed}/network`] = [...rnn.wRec.flat(), ...rnn.wIn.flat(), ...rnn.b];
        draws[`${seed}/inputs`] = randomInputs(40, 2, seed).flat();
        draws[`${seed}/state`] = randomState(6, seed);
        draws[`${seed}/readout state`] = randomState(6, seed, "readout");
        draws[`${seed}/task`] = taskBatch("rememberFirst", { steps: 9, batchSize: 4, seed })
          .inputs.flat(2)
          .filter((value) => Math.abs(value) !== 1); // the ±1 signs repeat by design
      }
      assert.deepEqual(sharedNumbers(draws), [], `seeds ${S} and ${S + 1}`);
    }
  });

  it("verify with seeds S and S + 1 draws unrelated u and x⁽⁰⁾ (once seed S's x⁽⁰⁾ was S + 1's u)", () => {
    const options = { n: 3, steps: 3, sampleK: 1 };
    const [a, b] = [5, 6].map((seed) => verify({ ...options, seed }).inputs);
    const draws = {
      "5/u": a.u.flat(),
      "5/x0": a.x0,
      "5/W": a.wRec.flat(),
      "6/u": b.u.flat(),
      "6/x0": b.x0,
      "6/W": b.wRec.flat(),
    };
    assert.deepEqual(sharedNumbers(draws), []);
  });

  it("the generator is xoshiro128**: the reference C code's first outputs from state 1, 2, 3, 4", () => {
    const next = xoshiro128StarStar([1, 2, 3, 4]);
    const words = Array.from({ length: 6 }, next);
    assert.deepEqual(words, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("a stream is the same numbers on every call, and another name gives another stream", () => {
    const take = (source: () => number) => Array.from({ length: 5 }, source);
    assert.deepEqual(take(normalSource(7, "inputs")), take(normalSource(7, "inputs")));
    assert.notDeepEqual(take(normalSource(7, "inputs")), take(normalSource(7, "input")));
    assert.deepEqual(randomInputs(4, 1, 7).flat(), take(normalSource(7, "inputs")).slice(0, 4));
    // Pinned: a change of generator changes every notebook's numbers, so it must be deliberate.
    assert.deepEqual(
      take(uniformSource(0, "network")).map((u) => u.toFixed(12)),
      PINNED_UNIFORMS,
    );
  });

  it("uniform samples lie in [0, 1) with mean ½ and variance 1/12; normals have mean 0, variance 1", () => {
    const uniform = Array.from({ length: 20000 }, uniformSource(11, "check"));
    const normal = Array.from({ length: 20000 }, normalSource(11, "check"));
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const variance = (x: number[]) => mean(x.map((v) => (v - mean(x)) ** 2));
    assert.ok(uniform.every((u) => u >= 0 && u < 1));
    // Standard errors: 0.002 for the uniform mean, 0.007 for the normal mean; 5σ margins.
    assert.ok(Math.abs(mean(uniform) - 0.5) < 0.01, `uniform mean ${mean(uniform)}`);
    assert.ok(
      Math.abs(variance(uniform) - 1 / 12) < 0.005,
      `uniform variance ${variance(uniform)}`,
    );
    assert.ok(Math.abs(mean(normal)) < 0.035, `normal mean ${mean(normal)}`);
    assert.ok(Math.abs(variance(normal) - 1) < 0.05, `normal variance ${variance(normal)}`);
  });

  it("refuses seeds outside [0, 2³² − 1] instead of wrapping them, and bad stream names", () => {
    for (const seed of [-1, 2 ** 32, 2 ** 52, 0.5, NaN, Infinity, "3", undefined]) {
      for (const make of [uniformSource, normalSource]) {
        assert.throws(() => make(seed as number), SEED_MESSAGE, `seed ${String(seed)}`);
        assert.throws(() => make(seed as number, "inputs"), SEED_MESSAGE);
      }
      assert.throws(() => taskBatch("addition", { steps: 3, batchSize: 1, seed: seed as number }));
    }
    assert.doesNotThrow(() => normalSource(MAX_SEED, "inputs")());
    for (const stream of ["", 3, null]) {
      assert.throws(
        () => normalSource(0, stream as string),
        /stream must be a non-empty string naming a random stream/,
      );
    }
  });

  it("normalMatrix checks its arguments and refuses entries that overflow", () => {
    const next = normalSource(0, "check");
    assert.throws(() => normalMatrix(next, 0, 2, 1), /rows must be a positive integer, got 0/);
    assert.throws(() => normalMatrix(next, 2, 1.5, 1), /cols must be a positive integer, got 1.5/);
    assert.throws(() => normalMatrix(next, 2, 2, NaN), /std must be a finite number, got NaN/);
    assert.throws(
      () => normalMatrix(undefined as unknown as () => number, 2, 2, 1),
      /next must be a function/,
    );
    assert.throws(() => normalMatrix(next, 2, 2, 1e308), /std × sample must stay in float64/);
    assert.throws(() => normalMatrix(() => NaN, 1, 1, 1), /entry \(0, 0\) is NaN/);
  });
});

const PINNED_UNIFORMS = [
  "0.250505168111",
  "0.603547643468",
  "0.297482882059",
  "0.079242004283",
  "0.356015758841",
];
