// DPOP / DPO-Positive (Pal et al. 2024, "Smaug", Eq. 3): L = −log σ(β·(δ − λ·max(0, rc − pc))).
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { margin, negLogSigmoid, param } from './common';
import { DPOP_DEFAULT_LAMBDA } from './defaults';


export function dpopLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  const lambda = param(p.lambda, DPOP_DEFAULT_LAMBDA);
  return tf.tidy(() => {
    // Penalty is inside the sigmoid (Eq. 3), so it is scaled by β and vanishes while pc ≥ rc.
    const penalty = tf.mul(tf.relu(tf.sub(x.rc, x.pc)), lambda);
    return negLogSigmoid(tf.mul(tf.sub(margin(x), penalty), p.beta));
  });
}
