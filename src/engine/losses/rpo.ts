// RPO (Pang et al. 2024; DPO + NLL): L = −log σ(βδ) + α·(−pc/|yc|).
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { margin, negLogSigmoid, param } from './common';
import { RPO_DEFAULT_ALPHA } from './defaults';


export function rpoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  const alpha = param(p.alpha, RPO_DEFAULT_ALPHA);
  return tf.tidy(() => {
    const nll = tf.neg(tf.div(x.pc, x.lenC));
    return tf.add(negLogSigmoid(tf.mul(margin(x), p.beta)), tf.mul(nll, alpha));
  });
}
