// One optimisation step of one arm: a forward/backward over [chosen; rejected] per micro-batch, the gradients summed
// (gradient accumulation), checked before the update is applied.
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

/** One forward/backward's share of a step: its built batch and its pairs' reference log-probs and lengths. */
export interface MicroBatch {
  batch: BuiltBatch;
  k: PairConstants;
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

/** One optimizer step on one batch. */
export function armStep(arm: Arm, batch: BuiltBatch, k: PairConstants, lr: number): Promise<ArmStepOutcome> {
  return accumulatedStep(arm, [{ batch, k }], lr);
}

/** Adds b into a (disposing a's old tensors); a is the running gradient sum. */
function accumulate(a: tf.NamedTensorMap, b: tf.NamedTensorMap): void {
  for (const [k, g] of Object.entries(b)) {
    const prev = a[k];
    a[k] = tf.add(prev, g);
    tf.dispose([prev, g]);
  }
}

/**
 * One optimizer step over one or more micro-batches of the same step. Each micro-batch's mean loss is weighted by its
 * share of the step's pairs, so the summed gradient is the gradient of the mean over all pairs (as in transformers'
 * gradient accumulation); only one micro-batch's activations exist at a time.
 */
export async function accumulatedStep(arm: Arm, parts: MicroBatch[], lr: number): Promise<ArmStepOutcome> {
  const total = parts.reduce((n, m) => n + m.k.rc.length, 0);
  const values: tf.Scalar[] = [];
  const logps: tf.Tensor1D[] = [];
  let grads: tf.NamedTensorMap | undefined;
  try {
    for (const m of parts) {
      const share = m.k.rc.length / total;
      const r = paramGrads(arm.trainable, () => {
        const b = batchLoss(arm, m.batch, m.k);
        logps.push(b.logps);
        // The unscaled loss is an intermediate of the gradient's tape, freed with it.
        return share === 1 ? b.loss : (tf.mul(b.loss, share) as tf.Scalar);
      });
      values.push(r.value);
      if (grads) accumulate(grads, r.grads);
      else grads = r.grads;
    }
  } catch (e) {
    tf.dispose([...values, ...logps]);
    if (grads) tf.dispose(grads);
    throw e;
  }
  const upd = arm.optimizer.prepare(grads!, lr);
  const packed = tf.tidy(() => {
    const value = values.length === 1 ? values[0] : values.reduce((a, b) => tf.add(a, b) as tf.Scalar);
    return tf.concat([tf.reshape(value, [1]), tf.reshape(upd.norm, [1]), tf.reshape(upd.finite, [1]), ...logps]);
  });
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
    // Each micro-batch packed [chosen; rejected]; the step's order is the micro-batches' pairs in turn.
    const pc = new Float32Array(total);
    const pl = new Float32Array(total);
    let off = 3;
    let at = 0;
    for (const m of parts) {
      const B = m.k.rc.length;
      pc.set(v.subarray(off, off + B), at);
      pl.set(v.subarray(off + B, off + 2 * B), at);
      off += 2 * B;
      at += B;
    }
    return { ok: !reason, reason, loss, gradNorm, pc, pl };
  } finally {
    upd.discard();
    tf.dispose([...values, ...logps, packed, upd.norm, upd.finite]);
    tf.dispose(grads!);
  }
}
