// Terms that treat the chosen and rejected scores (or log-ratios) each on its own (trl/trainer/dpo_trainer.py, v1.9.0).
import * as tf from '@tensorflow/tfjs';
import { logSig, type TermFn } from './context';

/** loss_type="nca_pair": −log σ(βs_c) − ½·log σ(−βs_c) − ½·log σ(−βs_l). */
export const ncaPair: TermFn = (c, p) => {
  const rc = tf.mul(c.sc, p.beta);
  const rl = tf.mul(c.sl, p.beta);
  return tf.sub(tf.sub(tf.neg(logSig(rc)), tf.mul(logSig(tf.neg(rc)), 0.5)), tf.mul(logSig(tf.neg(rl)), 0.5)) as tf.Tensor1D;
};

/** loss_type="bco_pair": −log σ(βs_c) − log σ(−βs_l). */
export const bcoPair: TermFn = (c, p) => tf.neg(tf.add(logSig(tf.mul(c.sc, p.beta)), logSig(tf.mul(c.sl, -p.beta)))) as tf.Tensor1D;

/** loss_type="sppo_hard": (s_c − 1/(2β))² + (s_l + 1/(2β))². */
export const sppoHard: TermFn = (c, p) => {
  const h = 0.5 / p.beta;
  return tf.add(tf.square(tf.sub(c.sc, h)), tf.square(tf.add(c.sl, h))) as tf.Tensor1D;
};

/** loss_type="apo_zero" (APO Eq. 7, on the log-ratios, not the scores): 1 − σ(βh_c) + σ(βh_l). */
export const apoZero: TermFn = (c, p) => tf.add(tf.sub(1, tf.sigmoid(tf.mul(c.hc, p.beta))), tf.sigmoid(tf.mul(c.hl, p.beta))) as tf.Tensor1D;

/** loss_type="apo_down" (APO Eq. 8): σ(βh_c) + 1 − σ(βδ). */
export const apoDown: TermFn = (c, p) => tf.add(tf.sigmoid(tf.mul(c.hc, p.beta)), tf.sub(1, tf.sigmoid(tf.mul(c.delta, p.beta)))) as tf.Tensor1D;
