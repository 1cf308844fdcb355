// Terms of the margin δ = s_c − s_l (f-divergence scores). TRL's from trl/trainer/dpo_trainer.py (v1.9.0,
// DPOTrainer._compute_loss); cDPO from TRL < 1.0's sigmoid with label_smoothing; DPOP from Pal et al. 2024 Eq. 3.
import * as tf from '@tensorflow/tfjs';
import { logSig, type TermFn } from './context';

/** loss_type="sigmoid": −log σ(βδ). */
export const sigmoid: TermFn = (c, p) => tf.neg(logSig(tf.mul(c.delta, p.beta)));

/** loss_type="hinge": relu(1 − βδ). */
export const hinge: TermFn = (c, p) => tf.relu(tf.sub(1, tf.mul(c.delta, p.beta))) as tf.Tensor1D;

/** loss_type="robust": (−(1−ε)·log σ(βδ) + ε·log σ(−βδ)) / (1 − 2ε). */
export const robust: TermFn = (c, p) => {
  const z = tf.mul(c.delta, p.beta);
  const e = p.label_smoothing;
  return tf.div(tf.add(tf.mul(logSig(z), -(1 - e)), tf.mul(logSig(tf.neg(z)), e)), 1 - 2 * e) as tf.Tensor1D;
};

/** loss_type="exo_pair" (EXO Eq. 16): σ(βδ)(log σ(βδ) − log(1−ε)) + σ(−βδ)(log σ(−βδ) − log ε). */
export const exoPair: TermFn = (c, p) => {
  const z = tf.mul(c.delta, p.beta);
  const e = p.label_smoothing;
  const w = tf.mul(tf.sigmoid(z), tf.sub(logSig(z), Math.log1p(-e)));
  const l = tf.mul(tf.sigmoid(tf.neg(z)), tf.sub(logSig(tf.neg(z)), Math.log(e)));
  return tf.add(w, l) as tf.Tensor1D;
};

/**
 * loss_type="discopop" (DiscoPOP Eq. 5): (1 − m)·(−log σ(βδ)) + m·exp(−βδ), m = σ(βδ/τ). The product m·exp(−βδ) is
 * taken as exp(−βδ + log σ(βδ/τ)): equal, but finite where TRL's float32 exp overflows (βδ < −88 gives 0·∞ there).
 */
export const discopop: TermFn = (c, p) => {
  const z = tf.mul(c.delta, p.beta);
  const zt = tf.div(z, p.discopop_tau);
  const logistic = tf.mul(tf.neg(logSig(z)), tf.sigmoid(tf.neg(zt)));
  const expo = tf.exp(tf.add(tf.neg(z), logSig(zt)));
  return tf.add(logistic, expo) as tf.Tensor1D;
};

/** cdpo: −(1−ε)·log σ(βδ) − ε·log σ(−βδ) (cDPO; TRL < 1.0's sigmoid with label_smoothing). */
export const cdpo: TermFn = (c, p) => {
  const z = tf.mul(c.delta, p.beta);
  const e = p.label_smoothing;
  return tf.neg(tf.add(tf.mul(logSig(z), 1 - e), tf.mul(logSig(tf.neg(z)), e))) as tf.Tensor1D;
};

/**
 * max(0, x) whose gradient at exactly x = 0 is g: relu for g = 0, clamp(min=0) for 1. (1−g)·relu(x) + g·x·[x ≥ 0]
 * has relu's value everywhere; the step [x ≥ 0] is a comparison, so no gradient flows through it.
 */
export function hingeAtKink(x: tf.Tensor1D, g: number): tf.Tensor1D {
  if (g === 0) return tf.relu(x);
  const clamped = tf.mul(x, tf.cast(tf.greaterEqual(x, 0), 'float32'));
  return (g === 1 ? clamped : tf.add(tf.mul(tf.relu(x), 1 - g), tf.mul(clamped, g))) as tf.Tensor1D;
}

/** dpop (Smaug Eq. 3): −log σ(β·(δ − λ·max(0, rc − pc))); the penalty is inside the sigmoid and scaled by β. */
export const dpop: TermFn = (c, p) => {
  // `?? 0`: specs written before dpop_kink_gradient existed (saved runs, golden tables) mean relu.
  const penalty = tf.mul(hingeAtKink(tf.sub(c.x.rc, c.x.pc) as tf.Tensor1D, p.dpop_kink_gradient ?? 0), p.dpop_lambda);
  return tf.neg(logSig(tf.mul(tf.sub(c.delta, penalty), p.beta)));
};
