// RMSNorm's backward over the last axis: the fused WebGPU/wasm kernels where the forward took them, else the closed form.
import * as tf from '@tensorflow/tfjs';
import { run, useFusedRows } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';
import { rmsNorm } from '../families/blocks';

/**
 * y = RMSNorm(x)·w recomputed for a backward, with the row 1/rms the fused kernel returns beside it (null on the
 * composite path): rmsNormBackward then reads it instead of running the forward again.
 */
export function rmsNormRecompute(x: tf.Tensor, w: tf.Tensor, eps: number): { y: tf.Tensor; rstd: tf.Tensor | null } {
  if (!useFusedRows(CustomKernel.rmsNorm, x.shape[x.shape.length - 1])) return { y: rmsNorm(x, w, eps), rstd: null };
  const [y, rstd] = run(CustomKernel.rmsNorm, { x, w }, { eps });
  return { y, rstd };
}

/**
 * dx (and dw when wanted) for y = x·r·w, r = 1/√(mean(x²) + eps): dx = r·(dy·w − x̂·mean(dy·w·x̂)), dw = Σ dy·x̂, x̂ = x·r.
 * r is recomputed from x (one row reduction) unless `rstd` (rmsNormRecompute's, the caller's to dispose) is given.
 */
export function rmsNormBackward(dy: tf.Tensor, x: tf.Tensor, w: tf.Tensor, eps: number, wantW: boolean, rstd: tf.Tensor | null = null): { dx: tf.Tensor; dw: tf.Tensor | null } {
  const [dx, dw] = tf.tidy(() => {
    const d = x.shape[x.shape.length - 1];
    if (useFusedRows(CustomKernel.rmsNorm, d)) {
      const r = rstd ?? run(CustomKernel.rmsNorm, { x, w }, { eps })[1];
      const [dx] = run(CustomKernel.rmsNormGradX, { x, w, rstd: r, dy });
      return wantW ? [dx, run(CustomKernel.rmsNormGradW, { x, rstd: r, dy })[0]] : [dx];
    }
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
    const xhat = tf.mul(x, r);
    const dxhat = tf.mul(dy, w);
    const dx = tf.mul(r, tf.sub(dxhat, tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))));
    return wantW ? [dx, tf.sum(tf.reshape(tf.mul(dy, xhat), [-1, d]), 0)] : [dx];
  });
  return { dx, dw: dw ?? null };
}
