// Fused gelu_new(x + bias) with its gradient (../webgpu/gelu.ts).
import * as tf from '@tensorflow/tfjs';
import { K } from '../names';
import { run } from './active';

export function fusedBiasGelu(x: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((xx, bb, save) => {
    const [y] = run(K.biasGelu, { x: xx as tf.Tensor, b: bb as tf.Tensor });
    (save as tf.GradSaveFunc)([xx as tf.Tensor, bb as tf.Tensor]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(K.biasGeluGrad, { x: saved[0], b: saved[1], dy }),
    };
  });
  return f(x, b);
}
