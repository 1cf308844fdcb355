// Registers the fused WebGPU kernels into tfjs; called once after the webgpu backend starts.
import * as tf from '@tensorflow/tfjs';
import { adamKernels } from './adam';
import { attentionKernels } from './attention';
import { geluKernels } from './gelu';
import { groupedAttentionKernels } from './groupedAttention';
import { layerNormKernels } from './layerNorm';
import { tokenLogProbKernels } from './logProb';
import { rmsNormKernels } from './rmsNorm';
import { rotaryKernels } from './rotary';
import { siluMulKernels } from './siluMul';
import { softmaxRowStatsKernels } from './softmaxRowStats';

// The Llama-family block: RMSNorm, rotary, silu(gate)·up, grouped-query attention.
const llama = [...rmsNormKernels, ...rotaryKernels, ...siluMulKernels, ...groupedAttentionKernels];

export function registerWebGpuKernels(): void {
  for (const k of [...tokenLogProbKernels, ...softmaxRowStatsKernels, ...layerNormKernels, ...attentionKernels, ...geluKernels, ...adamKernels, ...llama]) {
    if (!tf.getKernel(k.kernelName, 'webgpu')) tf.registerKernel(k);
  }
}
