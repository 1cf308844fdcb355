// Small building blocks shared by model families; the seam where fused kernels will replace composites.
import * as tf from '@tensorflow/tfjs';
import { useFused, useFusedRows } from '../kernels/ops/active';
import { fusedCausalAttention } from '../kernels/ops/attention';
import { fusedBiasGelu } from '../kernels/ops/gelu';
import { fusedLayerNorm } from '../kernels/ops/layerNorm';
import { CustomKernel } from '../kernels/names';

export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  if (useFusedRows(CustomKernel.layerNorm, x.shape[x.shape.length - 1])) return fusedLayerNorm(x, g, b, eps);
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), g), b);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export function gelu(x: tf.Tensor, kind: 'gelu_new' | 'gelu' | 'relu'): tf.Tensor {
  if (kind === 'relu') return tf.relu(x);
  if (kind === 'gelu') {
    // Exact erf GELU.
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
  }
  const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

/** activation(x + bias): one fused kernel for gelu_new when the fused path is on (saves the bias-add dispatches). */
export function biasGelu(x: tf.Tensor, bias: tf.Tensor, kind: 'gelu_new' | 'gelu' | 'relu'): tf.Tensor {
  if (kind === 'gelu_new' && useFusedRows(CustomKernel.biasGelu, bias.shape[0])) return fusedBiasGelu(x, bias);
  return gelu(tf.add(x, bias), kind);
}

/** Additive causal mask [T, T]: 0 on and below the diagonal, a large negative above (HF uses the dtype minimum). */
export function causalMask(T: number): tf.Tensor2D {
  // Filled on the host and uploaded: bandPart's range/compare/cast kernels cost more than the fill. Not
  // cached: batches of every length would keep T² floats each, and the fill is microseconds.
  const host = new Float32Array(T * T);
  for (let i = 0; i < T; i++) host.fill(-1e9, i * T + i + 1, (i + 1) * T);
  return tf.tensor2d(host, [T, T]);
}

/**
 * Causal self-attention from packed qkv [B·T, 3d] to [B·T, d]; one fused kernel when enabled, else the composite
 * (split, transposes, masked softmax), which takes a causal mask built once per forward (null: built here).
 */
export function causalAttention(qkv: tf.Tensor2D, B: number, T: number, H: number, causal: tf.Tensor2D | null = null): tf.Tensor2D {
  if (useFused(CustomKernel.attention)) return fusedCausalAttention(qkv, B, T, H);
  const d = qkv.shape[1] / 3;
  const hd = d / H;
  const [qq, kk, vv] = tf.split(qkv, 3, 1).map((t) => t.reshape([B, T, H, hd]).transpose([0, 2, 1, 3]));
  const scores = tf.add(tf.matMul(qq, kk, false, true).mul(1 / Math.sqrt(hd)), causal ?? causalMask(T)); // [B,H,T,T]
  return tf.matMul(tf.softmax(scores), vv).transpose([0, 2, 1, 3]).reshape([B * T, d]) as tf.Tensor2D;
}

/** Token embedding lookup; the wasm backend has no gather gradient, so it takes the one-hot product there. */
export function embedTokens(wte: tf.Tensor, ids: tf.Tensor2D): tf.Tensor3D {
  const [B, T] = ids.shape;
  const [V, d] = wte.shape;
  if (tf.getBackend() === 'wasm' && !tf.getKernel('UnsortedSegmentSum', 'wasm')) { // kernels/wasm registers gather's gradient
    const oh = tf.oneHot(ids.reshape([B * T]), V);
    return tf.matMul(oh, wte).reshape([B, T, d]);
  }
  return tf.gather(wte, ids.reshape([B * T])).reshape([B, T, d]);
}
