// SLiC-style hinge (Zhao et al. 2023, TRL "hinge"): L = max(0, 1 − βδ).
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { margin } from './common';

export function slicLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  return tf.tidy(() => tf.relu(tf.sub(1, tf.mul(margin(x), p.beta))) as tf.Tensor1D);
}
