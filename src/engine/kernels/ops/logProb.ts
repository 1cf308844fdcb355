// Fused completion log-probs with their gradient (kernels in ../webgpu/logProb.ts).
import * as tf from '@tensorflow/tfjs';
import { CustomKernel } from '../names';
import { run } from './active';

/**
 * lp [N] = (logits[row(n), targets[n]] − logsumexp(logits[row(n)]))·mask[n], row(n) = (n / S)·T + n % S.
 * Differentiable in logits only (targets and mask are data).
 */
export function fusedTokenLogProbs(logits: tf.Tensor2D, targets: tf.Tensor1D, mask: tf.Tensor1D, S: number, T: number): tf.Tensor1D {
  const f = tf.customGrad((lg, save) => {
    const [lp, lse] = run(CustomKernel.tokenLogProb, { logits: lg as tf.Tensor, targets, mask }, { S, T });
    (save as tf.GradSaveFunc)([lg as tf.Tensor, targets, mask, lse]);
    return {
      value: lp,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [l, t, m, s] = saved;
        return run(CustomKernel.tokenLogProbGrad, { logits: l, targets: t, mask: m, lse: s, dy }, { S, T });
      },
    };
  });
  return f(logits) as tf.Tensor1D;
}
