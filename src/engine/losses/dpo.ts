// DPO (Rafailov et al. 2023): L = −log σ(β·δ).
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { margin, negLogSigmoid } from './common';

export function dpoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  return tf.tidy(() => negLogSigmoid(tf.mul(margin(x), p.beta)));
}
