// IPO (Azar et al. 2023): L = (δ' − 1/(2β))², δ' from length-averaged log-probs as in TRL.
import * as tf from '@tensorflow/tfjs';
import type { LossInputs, LossParams } from './types';
import { meanMargin } from './common';

export function ipoLoss(x: LossInputs, p: LossParams): tf.Tensor1D {
  return tf.tidy(() => tf.square(tf.sub(meanMargin(x), 1 / (2 * p.beta))) as tf.Tensor1D);
}
