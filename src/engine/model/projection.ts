// Linear projections by module path, with a LoRA arm's low-rank update added where it has an adapter.
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions } from './family';
import type { ParamMap } from './params';

/**
 * scale·(dropout(x)·Aᵀ)·Bᵀ for the module's adapter, or null when it has none (the base model, a full arm); `keep`
 * receives z = dropout(x)·Aᵀ (an explicit backward saves it).
 */
export function loraDelta(x: tf.Tensor2D, module: string, opts?: ForwardOptions, keep?: (z: tf.Tensor2D) => void): tf.Tensor2D | null {
  const lora = opts?.lora;
  const a = lora?.adapters.get(module);
  if (!lora || !a) return null;
  const xin = opts.training && lora.dropout > 0 ? (tf.dropout(x, lora.dropout, undefined, lora.nextSeed()) as tf.Tensor2D) : x;
  const z = tf.matMul(xin, a.A, false, true) as tf.Tensor2D;
  keep?.(z);
  return tf.mul(tf.matMul(z, a.B, false, true), lora.scale) as tf.Tensor2D;
}

/**
 * y = x·Wᵀ + b (+ the LoRA update) for the module whose weight is `${module}.weight`, stored [out, in] as nn.Linear
 * does; `conv1d` for GPT-2's Conv1D, stored [in, out].
 */
export function project(x: tf.Tensor2D, p: ParamMap, module: string, opts?: ForwardOptions, conv1d = false, keep?: (z: tf.Tensor2D) => void): tf.Tensor2D {
  const w = p[module + '.weight'] as tf.Tensor2D;
  let y = conv1d ? tf.matMul(x, w) : tf.matMul(x, w, false, true);
  const d = loraDelta(x, module, opts, keep);
  if (d) y = tf.add(y, d);
  const b = p[module + '.bias'];
  return (b ? tf.add(y, b) : y) as tf.Tensor2D;
}
