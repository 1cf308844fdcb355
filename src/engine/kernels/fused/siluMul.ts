// Fused silu(gate)·up, the Llama MLP's activation, with both gradients in one dispatch (../webgpu/siluMul.ts).
import * as tf from '@tensorflow/tfjs';
import { K } from '../names';
import { run } from './active';

export function fusedSiluMul(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((g, u, save) => {
    const [y] = run(K.siluMul, { gate: g as tf.Tensor, up: u as tf.Tensor });
    (save as tf.GradSaveFunc)([g as tf.Tensor, u as tf.Tensor]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(K.siluMulGrad, { gate: saved[0], up: saved[1], dy }),
    };
  });
  return f(gate, up);
}
