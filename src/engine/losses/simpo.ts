// SimPO (Meng et al. 2024, reference-free): L = −log σ(β·pc/|yc| − β·pl/|yl| − γ); rc and rl are ignored.
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { negLogSigmoid, param } from './common';
import { SIMPO_DEFAULT_GAMMA } from './defaults';


export function simpoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  const gamma = param(p.gamma, SIMPO_DEFAULT_GAMMA);
  return tf.tidy(() => {
    const diff = tf.sub(tf.div(x.pc, x.lenC), tf.div(x.pl, x.lenL));
    return negLogSigmoid(tf.sub(tf.mul(diff, p.beta), gamma));
  });
}
