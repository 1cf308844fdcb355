// ORPO (Hong et al. 2024, reference-free): L = −pc/|yc| − α·log σ(log odds_c − log odds_l). β is not used.
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { negLogSigmoid, param } from './common';
import { ORPO_DEFAULT_ALPHA } from './defaults';


/** A mean log-prob of exactly 0 (p = 1) has infinite odds; clamping keeps the loss finite. */
const MAX_MEAN_LOGP = -1e-6;

/** log(p/(1−p)) for p = exp(m), m < 0, as m − log(−expm1(m)): no cancellation as p → 1. */
export function logOdds(m: tf.Tensor): tf.Tensor1D {
  const mm = tf.minimum(m, MAX_MEAN_LOGP);
  return tf.sub(mm, tf.log(tf.neg(tf.expm1(mm)))) as tf.Tensor1D;
}

export function orpoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  const alpha = param(p.alpha, ORPO_DEFAULT_ALPHA);
  return tf.tidy(() => {
    const mc = tf.div(x.pc, x.lenC);
    const ml = tf.div(x.pl, x.lenL);
    const ratio = negLogSigmoid(tf.sub(logOdds(mc), logOdds(ml)));
    return tf.add(tf.neg(mc), tf.mul(ratio, alpha));
  });
}
