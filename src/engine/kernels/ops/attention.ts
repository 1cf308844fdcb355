// Fused causal self-attention from packed qkv [B·T, 3d] to y [B·T, d], with its gradient (../webgpu/attention.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

export function fusedCausalAttention(qkv: tf.Tensor2D, B: number, T: number, H: number): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  const attrs = { B, T, H, scale: 1 / Math.sqrt(d / H) };
  const f = tf.customGrad((x, save) => {
    const [y, lse] = run(CustomKernel.attention, { qkv: x as tf.Tensor }, attrs);
    (save as tf.GradSaveFunc)([x as tf.Tensor, y, lse]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sy, sl] = saved;
        return run(CustomKernel.attentionGrad, { qkv: sq, y: sy, dy, lse: sl }, attrs);
      },
    };
  });
  return f(qkv) as tf.Tensor2D;
}
