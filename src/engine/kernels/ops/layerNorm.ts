// Fused LayerNorm over the last axis with its gradient (kernels in ../webgpu/layerNorm.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

export function fusedLayerNorm(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const f = tf.customGrad((xx, gg, bb, save) => {
    const [y, mean, rstd] = run(CustomKernel.layerNorm, { x: xx as tf.Tensor, g: gg as tf.Tensor, b: bb as tf.Tensor }, { eps });
    (save as tf.GradSaveFunc)([xx as tf.Tensor, gg as tf.Tensor, mean, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sr] = saved;
        const [dx] = run(CustomKernel.layerNormGradX, { x: sx, g: sg, mean: sm, rstd: sr, dy });
        const [dg, db] = run(CustomKernel.layerNormGradParams, { x: sx, mean: sm, rstd: sr, dy });
        return [dx, dg, db];
      },
    };
  });
  return f(x, g, b);
}
