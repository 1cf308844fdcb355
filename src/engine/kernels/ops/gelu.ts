// Fused gelu_new(x + bias) with its gradient (../webgpu/gelu.ts).
import type * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { fusedPair } from './active';

export function fusedBiasGelu(x: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return fusedPair(CustomKernel.biasGelu, CustomKernel.biasGeluGrad, ['x', 'b'], x, b);
}
