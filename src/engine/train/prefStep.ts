// One optimisation step of one arm: a single forward/backward over [chosen; rejected], checked before it is applied.
import * as tf from '@tensorflow/tfjs';
import { sequenceLogProbs, type BuiltBatch } from '../model/score';
import type { Arm } from './arm';
import { paramGrads } from './grads';

export interface PairConstants {
  rc: Float32Array;
  rl: Float32Array;
  lenC: Float32Array;
  lenL: Float32Array;
}

export interface ArmStepOutcome {
  ok: boolean;
  /** Why the update was refused (non-finite loss, gradient norm or new weights). */
  reason?: string;
  loss: number;
  gradNorm: number;
  pc: Float32Array;
  pl: Float32Array;
}

/** The batch's mean loss as a scalar, plus the policy's [2B] sequence log-probs kept alive for the caller. */
export function batchLoss(arm: Arm, batch: BuiltBatch, k: PairConstants): { loss: tf.Scalar; logps: tf.Tensor1D } {
  const B = k.rc.length;
  let logps: tf.Tensor1D | undefined;
  const loss = tf.tidy(() => {
    const s = sequenceLogProbs(arm.model, batch, true);
    logps = tf.keep(s);
    const inputs = {
      pc: tf.slice(s, [0], [B]),
      pl: tf.slice(s, [B], [B]),
      // Constant tensors: the reference gets no gradient, as with TRL's precomputed reference log-probs.
      rc: tf.tensor1d(k.rc),
      rl: tf.tensor1d(k.rl),
      lenC: tf.tensor1d(k.lenC),
      lenL: tf.tensor1d(k.lenL),
    };
    return tf.mean(arm.spec.loss(inputs, arm.spec.params)) as tf.Scalar;
  });
  return { loss, logps: logps! };
}

export async function armStep(arm: Arm, batch: BuiltBatch, k: PairConstants, lr: number): Promise<ArmStepOutcome> {
  const B = k.rc.length;
  let logps: tf.Tensor1D | undefined;
  const { value, grads } = paramGrads(arm.trainable, () => {
    const r = batchLoss(arm, batch, k);
    logps = r.logps;
    return r.loss;
  });
  const upd = arm.optimizer.prepare(grads, lr);
  const packed = tf.tidy(() => tf.concat([tf.reshape(value, [1]), tf.reshape(upd.norm, [1]), tf.reshape(upd.finite, [1]), logps!]));
  try {
    // One read per arm per step: the only sync point (WebGPU: never dataSync).
    const v = (await packed.data()) as Float32Array;
    const [loss, gradNorm, finite] = [v[0], v[1], v[2]];
    let reason: string | undefined;
    if (!Number.isFinite(loss)) reason = `loss is ${loss}`;
    else if (!Number.isFinite(gradNorm)) reason = `gradient norm is ${gradNorm}`;
    else if (!Number.isFinite(finite)) reason = `update produced non-finite weights (lr ${lr})`;
    if (reason) upd.discard();
    else upd.commit();
    return { ok: !reason, reason, loss, gradNorm, pc: v.slice(3, 3 + B), pl: v.slice(3 + B, 3 + 2 * B) };
  } finally {
    upd.discard();
    tf.dispose([value, packed, upd.norm, upd.finite, logps!]);
    tf.dispose(grads);
  }
}
