// LayerNorm's and bias+GELU's backward: the fused WebGPU/wasm kernels where the forward took them, else the closed form.
import * as tf from '@tensorflow/tfjs';
import { run, useFusedRows } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { layerNorm } from '../ops';

/** The row mean and 1/√(var + eps) the fused LayerNorm kernel returns beside its output. */
export interface LayerNormStats {
  mean: tf.Tensor;
  rstd: tf.Tensor;
}

/**
 * y = LayerNorm(x)·g + b recomputed for a backward, with the fused kernel's row stats (null on the composite path):
 * layerNormBackward then reads them instead of running the forward again.
 */
export function layerNormRecompute(x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number): { y: tf.Tensor2D; stats: LayerNormStats | null } {
  if (!useFusedRows(CustomKernel.layerNorm, x.shape[1])) return { y: tf.tidy(() => layerNorm(x, g, b, eps) as tf.Tensor2D), stats: null };
  const [y, mean, rstd] = run(CustomKernel.layerNorm, { x, g, b }, { eps });
  return { y: y as tf.Tensor2D, stats: { mean, rstd } };
}

/**
 * dx, dg, db for y = x̂·g + b, x̂ = (x − mean)·r, r = 1/√(var + eps): dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy·g.
 * mean and r are recomputed from x unless `stats` (layerNormRecompute's, the caller's to dispose) are given.
 */
export function layerNormBackward(dy: tf.Tensor2D, x: tf.Tensor2D, g: tf.Tensor, b: tf.Tensor, eps: number, stats: LayerNormStats | null = null): [tf.Tensor2D, tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    if (useFusedRows(CustomKernel.layerNorm, x.shape[1])) {
      const { mean, rstd } = stats ?? (([, m, r]) => ({ mean: m, rstd: r }))(run(CustomKernel.layerNorm, { x, g, b }, { eps }));
      const [dx] = run(CustomKernel.layerNormGradX, { x, g, mean, rstd, dy });
      const [dg, db] = run(CustomKernel.layerNormGradParams, { x, mean, rstd, dy });
      return [dx, dg, db] as [tf.Tensor2D, tf.Tensor, tf.Tensor];
    }
    const { mean, variance } = tf.moments(x, -1, true);
    const r = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(tf.sub(x, mean), r);
    const dxhat = tf.mul(dy, g);
    const dx = tf.mul(r, tf.sub(tf.sub(dxhat, tf.mean(dxhat, -1, true)), tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))));
    return [dx, tf.sum(tf.mul(dy, xhat), 0), tf.sum(dy, 0)] as [tf.Tensor2D, tf.Tensor, tf.Tensor];
  });
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * d(act(x + bias))/dx · dy (bias null: act(x), GPT-NeoX's); the bias gradient is Σ rows of it, taken by the linear's
 * backward.
 */
export function biasGeluBackward(dy: tf.Tensor2D, x: tf.Tensor2D, bias: tf.Tensor | null, kind: 'gelu_new' | 'gelu' | 'relu'): tf.Tensor2D {
  return tf.tidy(() => {
    if (bias && kind === 'gelu_new' && useFusedRows(CustomKernel.biasGelu, bias.shape[0])) return run(CustomKernel.biasGeluGrad, { x, b: bias, dy })[0] as tf.Tensor2D;
    const z = bias ? tf.add(x, bias) : x;
    if (kind === 'relu') return tf.mul(dy, tf.step(z));
    // Each factor in its own tidy: a handful of [N, f] tensors at once, not every intermediate of the expression.
    if (kind === 'gelu') {
      // Φ(z) + z·φ(z)
      const cdf = tf.tidy(() => tf.mul(0.5, tf.add(1, tf.erf(tf.div(z, Math.SQRT2)))));
      const zpdf = tf.tidy(() => tf.mul(z, tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(z))))));
      const grad = tf.add(cdf, zpdf);
      tf.dispose([cdf, zpdf]);
      return tf.mul(dy, grad);
    }
    // 0.5·(1 + tanh u) + 0.5·z·(1 − tanh² u)·u', u = √(2/π)·(z + 0.044715 z³)
    const t = tf.tidy(() => tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(z, tf.mul(0.044715, tf.pow(z, 3))))));
    const du = tf.tidy(() => tf.mul(SQRT_2_OVER_PI, tf.add(1, tf.mul(3 * 0.044715, tf.square(z)))));
    const right = tf.tidy(() => tf.mul(tf.mul(0.5, z), tf.mul(tf.sub(1, tf.square(t)), du)));
    du.dispose();
    const grad = tf.tidy(() => tf.add(tf.mul(0.5, tf.add(1, t)), right));
    tf.dispose([t, right]);
    return tf.mul(dy, grad);
  });
}
