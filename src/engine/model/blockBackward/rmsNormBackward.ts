// RMSNorm's backward over the last axis: the fused WebGPU/wasm kernels where the forward took them, else the closed form.
import * as tf from '@tensorflow/tfjs';
import { run, useFusedRows } from '../../kernels/ops/active';
import { CustomKernel } from '../../kernels/names';

/**
 * dx (and dw when wanted) for y = x·r·w, r = 1/√(mean(x²) + eps): dx = r·(dy·w − x̂·mean(dy·w·x̂)), dw = Σ dy·x̂, x̂ = x·r.
 * r is recomputed from x (one row reduction) rather than saved.
 */
export function rmsNormBackward(dy: tf.Tensor, x: tf.Tensor, w: tf.Tensor, eps: number, wantW: boolean): { dx: tf.Tensor; dw: tf.Tensor | null } {
  const [dx, dw] = tf.tidy(() => {
    const d = x.shape[x.shape.length - 1];
    if (useFusedRows(CustomKernel.rmsNorm, d)) {
      const [y, rstd] = run(CustomKernel.rmsNorm, { x, w }, { eps });
      y.dispose();
      const [dx] = run(CustomKernel.rmsNormGradX, { x, w, rstd, dy });
      return wantW ? [dx, run(CustomKernel.rmsNormGradW, { x, rstd, dy })[0]] : [dx];
    }
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
    const xhat = tf.mul(x, r);
    const dxhat = tf.mul(dy, w);
    const dx = tf.mul(r, tf.sub(dxhat, tf.mul(xhat, tf.mean(tf.mul(dxhat, xhat), -1, true))));
    return wantW ? [dx, tf.sum(tf.reshape(tf.mul(dy, xhat), [-1, d]), 0)] : [dx];
  });
  return { dx, dw: dw ?? null };
}
