// Fused RMSNorm over the last axis with its gradient for x and the weight (kernels in ../webgpu/rmsNorm.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

export function fusedRmsNorm(x: tf.Tensor, w: tf.Tensor, eps: number): tf.Tensor {
  const f = tf.customGrad((xx, ww, save) => {
    const [y, rstd] = run(CustomKernel.rmsNorm, { x: xx as tf.Tensor, w: ww as tf.Tensor }, { eps });
    (save as tf.GradSaveFunc)([xx as tf.Tensor, ww as tf.Tensor, rstd]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw, sr] = saved;
        const [dx] = run(CustomKernel.rmsNormGradX, { x: sx, w: sw, rstd: sr, dy });
        const [dw] = run(CustomKernel.rmsNormGradW, { x: sx, rstd: sr, dy });
        return [dx, dw];
      },
    };
  });
  return f(x, w);
}
