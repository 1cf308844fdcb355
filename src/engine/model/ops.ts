// Small building blocks shared by model families; the seam where fused kernels will replace composites.
import * as tf from '@tensorflow/tfjs';

export function layerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
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

/** Token embedding lookup; the wasm backend has no gather gradient, so it takes the one-hot product there. */
export function embedTokens(wte: tf.Tensor, ids: tf.Tensor2D): tf.Tensor3D {
  const [B, T] = ids.shape;
  const [V, d] = wte.shape;
  if (tf.getBackend() === 'wasm') {
    const oh = tf.oneHot(ids.reshape([B * T]), V);
    return tf.matMul(oh, wte).reshape([B, T, d]);
  }
  return tf.gather(wte, ids.reshape([B * T])).reshape([B, T, d]);
}
