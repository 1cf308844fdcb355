// Fused multi-tensor Adam step (../webgpu/adam.ts): new params and moments plus the global norm and finiteness flag.
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

/** Adam's hyperparameters for one step; bc1/bc2 are the bias corrections 1 − βᵗ. */
export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  clipNorm: number;
  bc1: number;
  bc2: number;
}

/** The attrs every backend's StudioAdamMulti kernel receives: the hyperparameters and the tensor count. */
export type AdamAttrs = AdamHyper & { n: number };

export interface FusedAdamResult {
  p: tf.Tensor[];
  m: tf.Tensor[];
  v: tf.Tensor[];
  norm: tf.Scalar;
  finite: tf.Scalar;
}

export function fusedAdam(
  params: tf.Tensor[],
  grads: tf.Tensor[],
  m: tf.Tensor[],
  v: tf.Tensor[],
  h: AdamHyper,
): FusedAdamResult {
  const n = params.length;
  const inputs: tf.NamedTensorMap = {};
  for (let i = 0; i < n; i++) Object.assign(inputs, { [`p${i}`]: params[i], [`g${i}`]: grads[i], [`m${i}`]: m[i], [`v${i}`]: v[i] });
  const out = run(CustomKernel.adam, inputs, { n, ...h });
  return { p: out.slice(0, n), m: out.slice(n, 2 * n), v: out.slice(2 * n, 3 * n), norm: out[3 * n] as tf.Scalar, finite: out[3 * n + 1] as tf.Scalar };
}
