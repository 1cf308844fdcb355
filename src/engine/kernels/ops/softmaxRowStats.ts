// Log p(target), logsumexp and the token stats of each row of logits in one kernel whose sums keep float32 accurate at
// any vocabulary (host float64 on cpu and wasm, compensated WGSL on webgpu).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { softmaxRowStatsHostKernels } from '../softmaxRowStats';
import { run, useFused } from './active';

let hostRegistered = false;

/**
 * Whether the kernel serves the current backend: always on cpu (the tests' reference), on wasm and webgpu while the
 * fused kernels are on (setFusedKernels(false) keeps tfjs's own ops for the A/B benches).
 */
export function softmaxRowStatsOn(): boolean {
  if (!hostRegistered) {
    hostRegistered = true;
    for (const k of softmaxRowStatsHostKernels) if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
  }
  return tf.getBackend() === 'cpu' || useFused(CustomKernel.softmaxRowStats);
}

/** [lp [n], lse [n], stats [n, 4]] (columns as tokenStats' STAT) for logits [n, V] and int32 targets [n]; no gradient. */
export function softmaxRowStats(logits: tf.Tensor2D, targets: tf.Tensor1D): [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D] {
  const t = targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32');
  const out = run(CustomKernel.softmaxRowStats, { logits, targets: t });
  if (t !== targets) t.dispose();
  return out as [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D];
}
