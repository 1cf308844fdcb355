// Whether an op should take its fused kernel now: the switch is on, the backend is webgpu (or wasm, where only
// kernels/wasm's Studio* kernels are registered) and the kernel is registered there.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { wasmKernelOn } from '../wasm/backend';

export function useFused(kernelName: string): boolean {
  const b = tf.getBackend();
  return fusedKernelsEnabled() && (b === 'webgpu' || (b === 'wasm' && wasmKernelOn(kernelName))) && tf.getKernel(kernelName, b) !== undefined;
}

/** useFused for a row-wise op over rows of d: the wasm kernels sweep whole f32x4 vectors, so there d must divide by 4. */
export function useFusedRows(kernelName: string, d: number): boolean {
  return useFused(kernelName) && (tf.getBackend() !== 'wasm' || d % 4 === 0);
}

export function run(kernelName: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

/** A two-input fused op whose gradient kernel takes both inputs (under the same names) and dy. */
export function fusedPair(kernel: string, gradKernel: string, [na, nb]: [string, string], a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((x, y, save) => {
    const [out] = run(kernel, { [na]: x as tf.Tensor, [nb]: y as tf.Tensor });
    (save as tf.GradSaveFunc)([x as tf.Tensor, y as tf.Tensor]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(gradKernel, { [na]: saved[0], [nb]: saved[1], dy }),
    };
  });
  return f(a, b);
}
