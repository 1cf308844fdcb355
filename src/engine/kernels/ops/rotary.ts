// Fused rotate-half rotary embedding on x [B, T, H, hd]; its gradient is the inverse rotation (../webgpu/rotary.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

/** cos and sin are constant [T, rot/2] tables: saved for the backward, given no gradient. */
export function fusedRotary(x: tf.Tensor4D, cos: tf.Tensor2D, sin: tf.Tensor2D, rot: number): tf.Tensor4D {
  const [, T, H] = x.shape;
  const f = tf.customGrad((xx, save) => {
    const [y] = run(CustomKernel.rotary, { x: xx as tf.Tensor, cos, sin }, { T, H, rot, sign: 1 });
    (save as tf.GradSaveFunc)([cos, sin]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(CustomKernel.rotary, { x: dy, cos: saved[0], sin: saved[1] }, { T, H, rot, sign: -1 }),
    };
  });
  return f(x) as tf.Tensor4D;
}
