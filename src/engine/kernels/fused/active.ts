// Whether an op should take its fused kernel now: the switch is on, the backend is webgpu and the kernel is registered.
import * as tf from '@tensorflow/tfjs';
import { fusedKernelsEnabled } from '../index';

export function useFused(kernelName: string): boolean {
  return fusedKernelsEnabled() && tf.getBackend() === 'webgpu' && tf.getKernel(kernelName, 'webgpu') !== undefined;
}

export function run(kernelName: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(kernelName, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}
