// Fused grouped-query causal attention from q [B, T, H, hd], k, v [B, T, KV, hd] to y [B·T, H·hd], with its gradient
// (../webgpu/groupedAttention.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

/** window: keys at most this many positions back, itself included (null: unlimited). */
export function fusedGroupedAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, scale: number, window: number | null): tf.Tensor2D {
  const [B, T, H] = q.shape;
  const attrs = { B, T, H, KV: k.shape[2], scale, win: window ?? 0 };
  const f = tf.customGrad((qq, kk, vv, save) => {
    const ins = { q: qq as tf.Tensor, k: kk as tf.Tensor, v: vv as tf.Tensor };
    const [y, lse] = run(CustomKernel.gqa, ins, attrs);
    (save as tf.GradSaveFunc)([ins.q, ins.k, ins.v, y, lse]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, sy, sl] = saved;
        const grads = { q: sq, k: sk, v: sv, y: sy, dy, lse: sl };
        const [dq] = run(CustomKernel.gqaGradQ, grads, attrs);
        const [dk, dv] = run(CustomKernel.gqaGradKV, grads, attrs);
        return [dq, dk, dv];
      },
    };
  });
  return f(q, k, v) as tf.Tensor2D;
}
