/**
 * A benchmark-only wasm Tanh kernel (not installed by the library): `npm run bench` measures the
 * autodiff oracle with and without it, to show how much of the oracle's time is tanh.
 *
 * Why not in the library: it is about 6× faster than the stock kernel (libm's scalar tanh, about
 * 250 ns an entry) but, built on XNNPACK's approximate float32 sigmoid, it is
 * off by up to about one float32 ulp (1e-7 near |tanh| = 0.8), where the stock kernel is
 * correctly rounded; a kernel is global to the process, and the library's float32 checks at 1e-7
 * absolute fail with it.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

type KernelFunc = (args: object) => tf.TensorInfo;

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

/** tanh(x) by its Taylor series, for |x| < 0.25 (truncation below 3e-11 relative there). */
function tanhSeries(x: number): number {
  const x2 = x * x;
  return (
    x *
    (1 +
      x2 * (-1 / 3 + x2 * (2 / 15 + x2 * (-17 / 315 + x2 * (62 / 2835 + x2 * (-1382 / 155925))))))
  );
}

/**
 * Replaces the wasm Tanh kernel with tanh(x) = sign(x)·(1 − 2σ(−2|x|)) on tfjs-backend-wasm's
 * Sigmoid kernel. Why: the stock Tanh calls libm's scalar tanh, about 250 ns an entry here (16 ms
 * for a 256×256 tensor, as long as the matMul of the same step), while Sigmoid is XNNPACK's
 * vectorised kernel, about 15× faster. The identity is exact. σ is taken at −2|x|, where it is at
 * most ½, so its float32 rounding costs little absolute accuracy; below |x| = 0.25, where 1 − 2σ
 * would cancel, the Taylor series is used instead. Measured: within 1e-7 of Math.tanh.
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
    const argument = backend.makeOutput(inputs.x.shape, "float32");
    try {
      // Views are taken after each allocation: growing the wasm heap detaches older views.
      let source = backend.typedArrayFromHeap(inputs.x);
      const negative = backend.typedArrayFromHeap(argument);
      for (let i = 0; i < source.length; i++) negative[i] = -2 * Math.abs(source[i]);
      const out = sigmoid({ inputs: { x: argument }, backend });
      source = backend.typedArrayFromHeap(inputs.x);
      const values = backend.typedArrayFromHeap(out);
      for (let i = 0; i < values.length; i++) {
        const x = source[i];
        if (Math.abs(x) < 0.25) {
          values[i] = tanhSeries(x);
        } else {
          const y = 1 - 2 * values[i];
          values[i] = x < 0 ? -y : y;
        }
      }
      return out;
    } finally {
      backend.disposeData(argument.dataId);
    }
  };
  tf.unregisterKernel("Tanh", "wasm");
  tf.registerKernel({ ...stock, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  stockTanhKernel = stock;
}
