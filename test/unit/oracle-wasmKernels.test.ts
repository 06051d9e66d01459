import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { normalMatrix, normalSource } from "../../src/shared/random";

// tfjs-backend-wasm's own kernel, taken before the library replaces it: `before` loads the
// library's backend module (which installs src/oracle/wasmKernels.ts) only after this line ran.
const stockBatchMatMul = { ...tf.getKernel("BatchMatMul", "wasm")! };

/** Runs f with tfjs-backend-wasm's own BatchMatMul kernel registered, then restores ours. */
function withStockKernel<T>(f: () => T): T {
  const ours = tf.getKernel("BatchMatMul", "wasm")!;
  tf.unregisterKernel("BatchMatMul", "wasm");
  tf.registerKernel(stockBatchMatMul);
  try {
    return f();
  } finally {
    tf.unregisterKernel("BatchMatMul", "wasm");
    tf.registerKernel(ours);
  }
}

function maxRelativeDifference(a: Float32Array, b: Float32Array): number {
  let difference = 0;
  let scale = 0;
  a.forEach((value, i) => {
    difference = Math.max(difference, Math.abs(value - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  });
  return difference / scale;
}

describe("oracle wasm BatchMatMul: flagged operands transposed explicitly", () => {
  before(async () => {
    const { useBackend } = await import("../../src/oracle/backend");
    await useBackend("wasm");
  });

  it("is installed in place of the stock kernel", () => {
    const installed = tf.getKernel("BatchMatMul", "wasm");
    assert.equal(installed?.kernelName, "BatchMatMul");
    assert.notEqual(installed?.kernelFunc, stockBatchMatMul.kernelFunc);
  });

  it("gives the stock kernel's numbers for every flag combination, 2-D and batched", () => {
    const next = normalSource(7);
    const shapes: [number[], number[]][] = [
      [
        [5, 7],
        [7, 3],
      ],
      [
        [33, 33],
        [33, 33],
      ],
      [
        [2, 6, 4],
        [2, 4, 5],
      ],
      [
        [3, 4, 6],
        [6, 2],
      ],
    ];
    for (const [aShape, bShape] of shapes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const shapeA = transposeA
            ? [...aShape.slice(0, -2), aShape.at(-1)!, aShape.at(-2)!]
            : aShape;
          const shapeB = transposeB
            ? [...bShape.slice(0, -2), bShape.at(-1)!, bShape.at(-2)!]
            : bShape;
          const size = (s: number[]) => s.reduce((p, x) => p * x, 1);
          const a = tf.tensor(normalMatrix(next, 1, size(shapeA), 1)[0], shapeA);
          const b = tf.tensor(normalMatrix(next, 1, size(shapeB), 1)[0], shapeB);
          const product = (x: tf.Tensor, y: tf.Tensor) =>
            tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, transposeA, transposeB);
          const ours = tf.tidy(() => product(a, b));
          const stock = withStockKernel(() => tf.tidy(() => product(a, b)));
          const what = `${aShape} × ${bShape}, transposeA ${transposeA}, transposeB ${transposeB}`;
          assert.deepEqual(ours.shape, stock.shape, what);
          const difference = maxRelativeDifference(
            ours.dataSync() as Float32Array,
            stock.dataSync() as Float32Array,
          );
          // Same products, summed in another order: float32 rounding, nothing more.
          assert.ok(difference < 1e-5, `${what}: relative difference ${difference}`);
          tf.dispose([a, b, ours, stock]);
        }
      }
    }
  });

  it("tfjs still derives the gradient: its matMul gradient runs through this kernel unchanged", async () => {
    const next = normalSource(8);
    const a = tf.tensor2d(normalMatrix(next, 16, 16, 1));
    const b = tf.tensor2d(normalMatrix(next, 16, 16, 1));
    const loss = (x: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(x as tf.Tensor2D, b)));
    const gradient = () => tf.grad(loss)(a);
    // The kernels tfjs runs are its own: the gradient graph of matMul is two BatchMatMuls
    // (with transpose flags, handled inside the kernel), no custom op appears.
    const profile = await tf.profile(() => {
      gradient().dispose();
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    assert.equal(names.filter((name) => name === "BatchMatMul").length, 2);
    assert.ok(!names.includes("Transpose"), `kernels: ${names.join(", ")}`);
    const ours = gradient();
    const stock = withStockKernel(gradient);
    assert.ok(
      maxRelativeDifference(ours.dataSync() as Float32Array, stock.dataSync() as Float32Array) <
        1e-5,
    );
    // And it is the true gradient: (1 − tanh²(a b)) bᵀ, in float64 from the arrays.
    const aValues = a.arraySync();
    const bValues = b.arraySync();
    const expected = aValues.map((row) =>
      bValues.map((_, k) =>
        bValues[0].reduce((sum, _unused, c) => {
          const z = row.reduce((acc, value, i) => acc + value * bValues[i][c], 0);
          return sum + (1 - Math.tanh(z) ** 2) * bValues[k][c];
        }, 0),
      ),
    );
    assert.ok(
      maxRelativeDifference(ours.dataSync() as Float32Array, Float32Array.from(expected.flat())) <
        1e-4,
    );
    tf.dispose([a, b, ours, stock]);
  });

  it("frees its temporary transposes", () => {
    const a = tf.ones([8, 8]) as tf.Tensor2D;
    tf.matMul(a, a, true, true).dispose();
    const before = tf.memory().numBytes;
    const tensors = tf.memory().numTensors;
    const dataBuffers = (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 5; i++) tf.matMul(a, a, true, true).dispose();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(
      (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds(),
      dataBuffers,
    );
    assert.equal(tf.memory().numBytes, before);
    a.dispose();
  });
});
