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

let stockMatMul: tf.KernelConfig | undefined;

/** The kernel tfjs-backend-wasm registered for BatchMatMul, before `installFastMatMul`. */
export function stockBatchMatMul(): tf.KernelConfig {
  return stockMatMul ?? (tf.getKernel("BatchMatMul", "wasm") as tf.KernelConfig);
}

/** Whether the wasm BatchMatMul is this module's kernel (installed when this module loads). */
export function fastMatMulInstalled(): boolean {
  return stockMatMul !== undefined && tf.getKernel("BatchMatMul", "wasm") !== stockMatMul;
}

/** The last two axes swapped, the others kept: the permutation of a transposed matMul operand. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Replaces the wasm BatchMatMul kernel with one that never passes a transpose flag to the stock
 * kernel. Idempotent. Needs tfjs-backend-wasm to be loaded (it is imported above).
 */
export function installFastMatMul(): void {
  if (stockMatMul !== undefined) return;
  const stock = tf.getKernel("BatchMatMul", "wasm");
  const transposeKernel = tf.getKernel("Transpose", "wasm");
  if (!stock || !transposeKernel) {
    throw new Error("tfjs-backend-wasm has no BatchMatMul or Transpose kernel to build on");
  }
  const stockFunc = stock.kernelFunc as KernelFunc;
  const transpose = transposeKernel.kernelFunc as KernelFunc;
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
  tf.registerKernel({
    ...stock,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  });
  stockMatMul = stock;
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: object): void;
}

let stockTanhKernel: tf.KernelConfig | undefined;

/** The kernel tfjs-backend-wasm registered for Tanh, before `installFastTanh`. */
export function stockTanh(): tf.KernelConfig {
  return stockTanhKernel ?? (tf.getKernel("Tanh", "wasm") as tf.KernelConfig);
}

/**
 * Replaces the wasm Tanh kernel with tanh(x) = 2σ(2x) − 1 on tfjs-backend-wasm's Sigmoid kernel.
 * Why: the stock Tanh calls libm's scalar tanh, about 250 ns an entry here (16 ms for a 256×256
 * tensor, as long as the matMul of the same step), while Sigmoid is XNNPACK's vectorised kernel,
 * about 15× faster. The identity is exact; in float32 it leaves an absolute error below 3e-7 (measured)
 * (relative error grows only where |tanh x| < 1e-6, far below anything a Jacobian check resolves).
 * tfjs's own Tanh gradient, dy·(1 − y²), still applies to the output: only the kernel changed.
 * Idempotent.
 */
export function installFastTanh(): void {
  if (stockTanhKernel !== undefined) return;
  const stock = tf.getKernel("Tanh", "wasm");
  const sigmoidKernel = tf.getKernel("Sigmoid", "wasm");
  if (!stock || !sigmoidKernel) {
    throw new Error("tfjs-backend-wasm has no Tanh or Sigmoid kernel to build on");
  }
  const sigmoid = sigmoidKernel.kernelFunc as KernelFunc;
  const stockFunc = stock.kernelFunc as KernelFunc;
  const kernelFunc = (args: { inputs: { x: tf.TensorInfo }; backend: WasmBackend }) => {
    const { inputs, backend } = args;
    if (inputs.x.dtype !== "float32") return stockFunc(args);
    const twoX = backend.makeOutput(inputs.x.shape, "float32");
    try {
      // Views are taken after the allocation: growing the wasm heap detaches older views.
      const source = backend.typedArrayFromHeap(inputs.x);
      const doubled = backend.typedArrayFromHeap(twoX);
      for (let i = 0; i < source.length; i++) doubled[i] = 2 * source[i];
      const out = sigmoid({ inputs: { x: twoX }, backend });
      const values = backend.typedArrayFromHeap(out);
      for (let i = 0; i < values.length; i++) values[i] = 2 * values[i] - 1;
      return out;
    } finally {
      backend.disposeData(twoX.dataId);
    }
  };
  tf.unregisterKernel("Tanh", "wasm");
  tf.registerKernel({ ...stock, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  stockTanhKernel = stock;
}

installFastMatMul();
installFastTanh();
