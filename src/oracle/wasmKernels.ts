/**
 * A faster BatchMatMul kernel for tfjs's wasm backend, so that autodiff through matMul is fast
 * while tfjs still derives every gradient itself.
 *
 * Why: tfjs-backend-wasm 4.22 multiplies with XNNPACK (10–18 GFLOP/s here) only when neither
 * transpose flag is set; with transposeA or transposeB it runs a plain loop that is 12–15× slower.
 * tfjs's own gradient of matMul(a, b) is matMul(dy, b, false, true) and matMul(a, dy, true, false),
 * so every backward step of a recurrent network took the slow loop. This kernel transposes a
 * flagged operand explicitly (the wasm Transpose kernel, an O(n²) copy) and hands the flag-free
 * product to the stock kernel, which then takes the XNNPACK path. It changes how a BatchMatMul is
 * executed, not what any op or gradient is: tfjs's graph, gradient functions and kernel names are
 * untouched (no customGrad, no hand-written vector–Jacobian product).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

interface MatMulArgs {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
  backend: { disposeData(dataId: object): void };
  attrs: { transposeA: boolean; transposeB: boolean };
}

type KernelFunc = (args: MatMulArgs | object) => tf.TensorInfo;

/** The last two axes swapped, the others kept: the permutation of a transposed matMul operand. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

const stock = tf.getKernel("BatchMatMul", "wasm");
const transposeKernel = tf.getKernel("Transpose", "wasm");
if (!stock || !transposeKernel) {
  throw new Error("tfjs-backend-wasm has no BatchMatMul or Transpose kernel to build on");
}
const stockFunc = stock.kernelFunc as KernelFunc;
const transpose = transposeKernel.kernelFunc as KernelFunc;
/** A BatchMatMul that never passes a transpose flag to the stock kernel. */
const kernelFunc = (args: MatMulArgs) => {
  const { inputs, backend, attrs } = args;
  if (!attrs.transposeA && !attrs.transposeB) return stockFunc(args);
  // Temporaries made inside a kernel are the kernel's to free: tfjs only tracks its outputs.
  const temporaries: tf.TensorInfo[] = [];
  const explicit = (x: tf.TensorInfo, flagged: boolean) => {
    if (!flagged) return x;
    const perm = swapLastTwo(x.shape.length);
    const transposed = transpose({ inputs: { x }, backend, attrs: { perm } });
    temporaries.push(transposed);
    return transposed;
  };
  try {
    return stockFunc({
      inputs: {
        a: explicit(inputs.a, attrs.transposeA),
        b: explicit(inputs.b, attrs.transposeB),
      },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
  } finally {
    for (const temporary of temporaries) backend.disposeData(temporary.dataId);
  }
};
tf.unregisterKernel("BatchMatMul", "wasm");
tf.registerKernel({ ...stock, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
