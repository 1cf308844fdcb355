// Terms on length-averaged scores: s / |y| with |y| clamped to ≥ 1 (trl/trainer/dpo_trainer.py, v1.9.0).
import * as tf from '@tensorflow/tfjs';
import { logSig, perToken, type TermFn } from './context';

function avgMargin(c: Parameters<TermFn>[0]): tf.Tensor1D {
  return tf.sub(perToken(c.sc, c.x.lenC), perToken(c.sl, c.x.lenL)) as tf.Tensor1D;
}

/** loss_type="ipo" (IPO Eq. 17, length-normalised as TRL confirmed with the authors): (δ̄ − 1/(2β))². */
export const ipo: TermFn = (c, p) => tf.square(tf.sub(avgMargin(c), 1 / (2 * p.beta))) as tf.Tensor1D;

/** loss_type="sigmoid_norm": −log σ(β·δ̄). */
export const sigmoidNorm: TermFn = (c, p) => tf.neg(logSig(tf.mul(avgMargin(c), p.beta)));
