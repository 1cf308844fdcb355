// Shared pieces of the preference losses: the DPO log-ratio margin δ and length-normalised log-probs.
import * as tf from '@tensorflow/tfjs';
import type { LossInputs } from './types';

/** δ = (pc − rc) − (pl − rl): how much more the policy moved toward chosen than toward rejected. */
export function margin(x: LossInputs): tf.Tensor1D {
  return tf.sub(tf.sub(x.pc, x.rc), tf.sub(x.pl, x.rl));
}

/** δ' with every log-prob divided by its completion length (IPO, as in TRL). */
export function meanMargin(x: LossInputs): tf.Tensor1D {
  const hc = tf.div(tf.sub(x.pc, x.rc), x.lenC);
  const hl = tf.div(tf.sub(x.pl, x.rl), x.lenL);
  return tf.sub(hc, hl);
}

/**
 * −log σ(z) = softplus(−z): tfjs's softplus is stable for any |z| and its gradient σ is right at z = 0, where every
 * pair sits on step 1 (relu/abs composites have a wrong subgradient there); tf.logSigmoid's gradient throws in 4.22.
 */
export function negLogSigmoid(z: tf.Tensor): tf.Tensor1D {
  return tf.softplus(tf.neg(z)) as tf.Tensor1D;
}

/** Reads an optional hyperparameter, falling back to the documented default. */
export function param(v: number | undefined, fallback: number): number {
  return v === undefined || !Number.isFinite(v) ? fallback : v;
}
