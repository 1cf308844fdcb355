// loss_type="sft" (trl/trainer/dpo_trainer.py, v1.9.0): cross-entropy over every chosen completion token of the batch,
// a token mean, expanded to one value per pair (only the mean is used).
import * as tf from '@tensorflow/tfjs';
import type { TermFn } from './context';

export const sft: TermFn = (c) => {
  const n = c.x.pc.shape[0];
  const nll = tf.div(tf.neg(tf.sum(c.x.pcFull ?? c.x.pc)), tf.maximum(tf.sum(c.x.lenC), 1));
  return tf.mul(tf.ones([n]), nll) as tf.Tensor1D;
};
