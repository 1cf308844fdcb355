// cDPO / robust DPO (label smoothing ε): L = −(1−ε)·log σ(βδ) − ε·log σ(−βδ).
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { margin, negLogSigmoid, param } from './common';
import { CDPO_DEFAULT_EPSILON } from './defaults';


export function cdpoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  const eps = param(p.epsilon, CDPO_DEFAULT_EPSILON);
  return tf.tidy(() => {
    const z = tf.mul(margin(x), p.beta);
    return tf.add(tf.mul(negLogSigmoid(z), 1 - eps), tf.mul(negLogSigmoid(tf.neg(z)), eps)) as tf.Tensor1D;
  });
}
