// Registers the fused WebGPU kernels into tfjs; called once after the webgpu backend starts.
import * as tf from '@tensorflow/tfjs';
import { adamKernels } from './adam';
import { attentionKernels } from './attention';
import { geluKernels } from './gelu';
import { layerNormKernels } from './layerNorm';
import { tokenLogProbKernels } from './logProb';

export function registerWebGpuKernels(): void {
  for (const k of [...tokenLogProbKernels, ...layerNormKernels, ...attentionKernels, ...geluKernels, ...adamKernels]) {
    if (!tf.getKernel(k.kernelName, 'webgpu')) tf.registerKernel(k);
  }
}
