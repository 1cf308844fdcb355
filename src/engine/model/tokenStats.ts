// Per scored row, from its logits: what TRL 1.13 logs beside the loss (entropy, argmax hit, mean logit) and WPO's
// log-prob aligned by log Σ_v p_v². Computed where the logits already exist (a chunk of rows), never as [N, V] at once.
import * as tf from '@tensorflow/tfjs';
import { softmaxRowStats, softmaxRowStatsOn } from '../kernels/ops/softmaxRowStats';

/** Columns of rowStats. */
export const STAT = { entropy: 0, correct: 1, meanLogit: 2, wpoAligned: 3 } as const;
export const STAT_COLUMNS = 4;

/**
 * [n, 4]: entropy −Σ p·log p (trl entropy_from_logits), argmax = target (mean_token_accuracy), mean_v logit
 * (logits/chosen, logits/rejected) and log p(target) − log Σ_v p_v² (WPO's aligned log-prob, dpo_trainer.py v1.13.0).
 * Values only: the caller computes them outside any gradient tape (or detaches them).
 */
export function rowStats(logits: tf.Tensor2D, lse: tf.Tensor1D, targets: tf.Tensor1D, lp: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    if (softmaxRowStatsOn()) return softmaxRowStats(logits, targets)[2]; // sums that hold at any vocabulary
    const [n] = logits.shape;
    // At most two [n, V] buffers beside the logits at a time, as the log-prob path itself: each freed once summed.
    const z = tf.sub(logits, tf.reshape(lse, [n, 1]));
    const p = tf.exp(z);
    z.dispose();
    const pl = tf.mul(p, logits);
    const entropy = tf.sub(lse, tf.sum(pl, 1)); // −Σ p·(l − lse) = lse − Σ p·l
    pl.dispose();
    const p2 = tf.square(p);
    p.dispose();
    const sumP2 = tf.sum(p2, 1);
    p2.dispose();
    const correct = tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(targets, 'int32')), 'float32');
    return tf.stack([entropy, correct, tf.mean(logits, 1), tf.sub(lp, tf.log(sumP2))], 1) as tf.Tensor2D;
  });
}
