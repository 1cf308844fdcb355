// Next-token (language-model) training: the stack's first slice and the pretraining of the default model.
import * as tf from '@tensorflow/tfjs';
import type { LanguageModel } from '../model/family';
import { tokenLogProbs, type TokenBatch } from '../model/logProbs';

/** Mean negative log-likelihood over scored tokens. */
export function lmLoss(model: LanguageModel, batch: TokenBatch): tf.Scalar {
  return tf.tidy(() => {
    const lp = tokenLogProbs(model, batch);
    const n = batch.mask.reduce((a, m, i) => a + (i % batch.T === 0 ? 0 : m), 0);
    return tf.div(tf.neg(tf.sum(lp)), Math.max(n, 1)) as tf.Scalar;
  });
}
