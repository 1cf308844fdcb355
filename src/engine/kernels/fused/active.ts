// Whether an op should take its fused kernel now: the switch is on, the backend is webgpu (or wasm, where only
// kernels/wasm's Ps* kernels are registered) and the kernel is registered there.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';
import { wasmKernelOn } from '../wasm/backend';

export function useFused(kernelName: string): boolean {
  const b = tf.getBackend();
  return fusedKernelsEnabled() && (b === 'webgpu' || (b === 'wasm' && wasmKernelOn(kernelName))) && tf.getKernel(kernelName, b) !== undefined;
}

export function run(kernelName: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
