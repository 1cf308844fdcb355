// Loss and gradients keyed by the model's own tensor names (tf.variableGrads keys them by variable name).
import * as tf from '@tensorflow/tfjs';
import type { ParamMap } from '../model/params';

export function paramGrads<T extends tf.Scalar>(params: ParamMap, f: () => T): { value: T; grads: tf.NamedTensorMap } {
  const { value, grads } = tf.variableGrads(f, Object.values(params));
  const out: tf.NamedTensorMap = {};
  for (const [k, v] of Object.entries(params)) out[k] = grads[v.name];
  return { value: value as T, grads: out };
}
