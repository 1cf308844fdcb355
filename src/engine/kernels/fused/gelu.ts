// Fused gelu_new(x + bias) with its gradient (../webgpu/gelu.ts).
import type * as tf from '@tensorflow/tfjs';
import { K } from '../names';
import { fusedPair } from './active';

export function fusedBiasGelu(x: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return fusedPair(K.biasGelu, K.biasGeluGrad, ['x', 'b'], x, b);
}
