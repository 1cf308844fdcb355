// What every TRL loss term reads: the per-pair log-probs, TRL's log-ratios and their f-divergence scores.
import * as tf from '@tensorflow/tfjs';
import type { LossInputs } from '../types';
import type { FDivergence, TermHyper } from '../lossTypes';

export interface TermInputs extends LossInputs {
  /** Chosen log-prob sums without the ld_alpha weighting (sft reads these); pc when absent. */
  pcFull?: tf.Tensor1D;
}

export interface TermContext {
  x: TermInputs;
  /** TRL's chosen_logratios / rejected_logratios: pc − rc, pl − rl. */
  hc: tf.Tensor1D;
  hl: tf.Tensor1D;
  /** chosen_scores / rejected_scores after the f-divergence, and delta_score = sc − sl. */
  sc: tf.Tensor1D;
  sl: tf.Tensor1D;
  delta: tf.Tensor1D;
}

export type TermFn = (c: TermContext, p: TermHyper) => tf.Tensor1D;

/** TRL's clamp of (α−1)·h before exp in float32 (dtype table in _compute_loss). */
const ALPHA_CLAMP = 80;

/** f-DPO scores of log-ratios h (trl/trainer/dpo_trainer.py, v1.9.0: the f_divergence_type branch). */
export function fScores(h: tf.Tensor1D, type: FDivergence, alphaCoef: number): tf.Tensor1D {
  switch (type) {
    case 'reverse_kl':
      return h;
    case 'forward_kl':
      return tf.neg(tf.exp(tf.neg(h)));
    case 'js_divergence':
      return tf.neg(tf.softplus(tf.neg(h))) as tf.Tensor1D;
    case 'alpha_divergence': {
      if (Math.abs(alphaCoef - 1) < 1e-6) return h; // the limit is log t: reverse KL, as TRL falls back
      const t = tf.minimum(tf.mul(h, alphaCoef - 1), ALPHA_CLAMP);
      return tf.mul(tf.exp(t), 1 / (alphaCoef - 1));
    }
  }
}

export function termContext(x: TermInputs, type: FDivergence, alphaCoef: number): TermContext {
  const hc = tf.sub(x.pc, x.rc) as tf.Tensor1D;
  const hl = tf.sub(x.pl, x.rl) as tf.Tensor1D;
  const sc = fScores(hc, type, alphaCoef);
  const sl = fScores(hl, type, alphaCoef);
  return { x, hc, hl, sc, sl, delta: tf.sub(sc, sl) as tf.Tensor1D };
}

/**
 * log σ(z) = −softplus(−z): tfjs's softplus is stable for any |z| and its gradient σ is right at z = 0, where every
 * pair sits on step 1 (relu/abs composites have a wrong subgradient there); tf.logSigmoid's gradient throws in 4.22.
 */
export function logSig(z: tf.Tensor): tf.Tensor1D {
  return tf.neg(tf.softplus(tf.neg(z))) as tf.Tensor1D;
}

/** Divides by a completion length clamped to ≥ 1, as TRL's mask.sum(dim=1).clamp(min=1.0). */
export function perToken(s: tf.Tensor1D, len: tf.Tensor1D): tf.Tensor1D {
  return tf.div(s, tf.maximum(len, 1)) as tf.Tensor1D;
}
