// Fused silu(gate)·up, the Llama MLP's activation, with both gradients in one dispatch (../webgpu/siluMul.ts).
import type * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { fusedPair } from './active';

export function fusedSiluMul(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  return fusedPair(CustomKernel.siluMul, CustomKernel.siluMulGrad, ['gate', 'up'], gate, up);
}
