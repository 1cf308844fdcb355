// The reference-free losses of TRL's experimental trainers: SimPO (trl/experimental/cpo/cpo_trainer.py, v1.9.0,
// loss_type="simpo") and ORPO (trl/experimental/orpo/orpo_trainer.py, v1.9.0, odds_ratio_loss).
import * as tf from '@tensorflow/tfjs';
import { logSig, perToken, type TermFn } from './context';

/** A mean log-prob of exactly 0 (p = 1) has infinite odds; clamping keeps the loss finite. */
const MAX_MEAN_LOGP = -1e-6;

/** log(p/(1−p)) for p = exp(m), m < 0, as m − log(−expm1(m)): no cancellation as p → 1. */
export function logOdds(m: tf.Tensor): tf.Tensor1D {
  const mm = tf.minimum(m, MAX_MEAN_LOGP);
  return tf.sub(mm, tf.log(tf.neg(tf.expm1(mm)))) as tf.Tensor1D;
}

/** simpo: z = β·(pc/|y_c| − pl/|y_l|) − γ; −(1−ε)·log σ(z) − ε·log σ(−z). */
export const simpo: TermFn = (c, p) => {
  const z = tf.sub(tf.mul(tf.sub(perToken(c.x.pc, c.x.lenC), perToken(c.x.pl, c.x.lenL)), p.beta), p.simpo_gamma);
  const e = p.label_smoothing;
  return tf.neg(tf.add(tf.mul(logSig(z), 1 - e), tf.mul(logSig(tf.neg(z)), e))) as tf.Tensor1D;
};

/** orpo: −pc/|y_c| − β·log σ(log odds_c − log odds_l), odds of the mean token probability (β is ORPOConfig's λ). */
export const orpo: TermFn = (c, p) => {
  const mc = perToken(c.x.pc, c.x.lenC);
  const ml = perToken(c.x.pl, c.x.lenL);
  return tf.sub(tf.neg(mc), tf.mul(logSig(tf.sub(logOdds(mc), logOdds(ml))), p.beta)) as tf.Tensor1D;
};
