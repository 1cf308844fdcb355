// AOT (Melnyk et al. 2024): a DPO-style loss on sorted batch quantities (trl/trainer/dpo_trainer.py, v1.9.0). The
// batch (micro-batch) is sorted as a whole, so a pair's value depends on the others.
import * as tf from '@tensorflow/tfjs';
import { logSig, type TermFn } from './context';

/** Ascending sort with its gradient: the sorted values' gradient scattered back to where each value came from. */
function sortAsc(x: tf.Tensor1D): tf.Tensor1D {
  const n = x.shape[0];
  const f = tf.customGrad((v, save) => {
    const { indices } = tf.topk(tf.neg(v as tf.Tensor1D), n, true);
    const at = tf.reshape(indices, [n, 1]);
    (save as tf.GradSaveFunc)([at]);
    return { value: tf.gather(v as tf.Tensor1D, indices), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.scatterND(saved[0], dy, [n]) };
  });
  return f(x) as tf.Tensor1D;
}

function smoothed(delta: tf.Tensor1D, beta: number, e: number): tf.Tensor1D {
  const z = tf.mul(delta, beta);
  return tf.neg(tf.add(tf.mul(logSig(z), 1 - e), tf.mul(logSig(tf.neg(z)), e))) as tf.Tensor1D;
}

/** loss_type="aot": Δ = sort(pc − pl) − sort(rc − rl). */
export const aot: TermFn = (c, p) =>
  smoothed(tf.sub(sortAsc(tf.sub(c.x.pc, c.x.pl) as tf.Tensor1D), sortAsc(tf.sub(c.x.rc, c.x.rl) as tf.Tensor1D)) as tf.Tensor1D, p.beta, p.label_smoothing);

/** loss_type="aot_unpaired": Δ = sort(h_c) − sort(h_l). */
export const aotUnpaired: TermFn = (c, p) => smoothed(tf.sub(sortAsc(c.hc), sortAsc(c.hl)) as tf.Tensor1D, p.beta, p.label_smoothing);
