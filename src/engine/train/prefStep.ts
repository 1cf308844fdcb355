// One optimisation step of one arm: a forward/backward over [chosen; rejected] per micro-batch, the gradients summed
// (gradient accumulation), checked before the update is applied.
import * as tf from '@tensorflow/tfjs';
import { tokenLogProbs } from '../model/logProbs';
import type { BuiltBatch } from './batch';
import { STAT } from '../model/tokenStats';
import { asArmLoss, weightedSum, type ArmLossInputs } from '../losses/combine';
import { ldAdjusted, tailMask } from './ldAlpha';
import { batchStatSums } from './stepStats';
import type { Arm } from './arm';
import { paramGrads } from './grads';

export interface PairConstants {
  rc: Float32Array;
  rl: Float32Array;
  lenC: Float32Array;
  lenL: Float32Array;
  /** The reference's LD-DPO tails (ldAlpha.ts); absent: 0. */
  rcTail?: Float32Array;
  rlTail?: Float32Array;
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

/**
 * The batch's mean loss as a scalar, plus the policy's [2B] sequence log-probs kept alive for the caller (with
 * ld_alpha: shared + α·tail, as TRL logs them). A TRL-style arm loss (combine.ts) also gets the unweighted chosen
 * sums (sft), the WPO weights and ld_alpha on the reference; its terms and token stats go to arm.stepStats if set.
 */
export function batchLoss(arm: Arm, batch: BuiltBatch, k: PairConstants): { loss: tf.Scalar; logps: tf.Tensor1D } {
  const B = k.rc.length;
  const al = asArmLoss(arm.spec.loss);
  const ld = al?.spec.ld_alpha;
  const record = al ? arm.stepStats : undefined;
  const wantStats = !!al && (al.spec.use_weighting || !!record);
  let logps: tf.Tensor1D | undefined;
  const loss = tf.tidy(() => {
    const st: { out?: tf.Tensor2D } | undefined = wantStats ? {} : undefined;
    const tok = tokenLogProbs(arm.model, batch, true, st);
    const full = tf.sum(tok, 1) as tf.Tensor1D;
    const s = ld === undefined ? full : (tf.sub(full, tf.mul(tf.sum(tf.mul(tok, tf.tensor2d(tailMask(batch), [2 * B, batch.T - 1])), 1), 1 - ld)) as tf.Tensor1D);
    logps = tf.keep(s);
    const inputs: ArmLossInputs = {
      pc: tf.slice(s, [0], [B]),
      pl: tf.slice(s, [B], [B]),
      // Constant tensors: the reference gets no gradient, as with TRL's precomputed reference log-probs.
      rc: tf.tensor1d(ldAdjusted(k.rc, k.rcTail, ld)),
      rl: tf.tensor1d(ldAdjusted(k.rl, k.rlTail, ld)),
      lenC: tf.tensor1d(k.lenC),
      lenL: tf.tensor1d(k.lenL),
      pcFull: tf.slice(full, [0], [B]),
    };
    if (!al) return tf.mean(arm.spec.loss(inputs, arm.spec.params)) as tf.Scalar;
    try {
      if (al.spec.use_weighting && st?.out) inputs.wpo = wpoWeights(st.out, batch);
      const terms = al.terms(inputs);
      if (record && st?.out) record.push(tf.keep(tf.concat([tf.stack(terms.map((t) => tf.mean(t))), batchStatSums(st.out, B)]) as tf.Tensor1D), batch);
      return tf.mean(weightedSum(al.spec, terms)) as tf.Scalar;
    } finally {
      st?.out?.dispose();
    }
  });
  return { loss, logps: logps! };
}

/** WPO (Eq. 2, as dpo_trainer.py v1.9.0): w = exp(mean aligned token log-prob) per sequence, w_c·w_l per pair. */
function wpoWeights(seq: tf.Tensor2D, batch: BuiltBatch): tf.Tensor1D {
  const B = batch.B / 2;
  const len = tf.tensor1d(Float32Array.from(batch.lengths, (n) => Math.max(1, n)));
  const w = tf.exp(tf.div(tf.reshape(tf.slice(seq, [0, STAT.wpoAligned], [2 * B, 1]), [2 * B]), len));
  return tf.mul(tf.slice(w, [0], [B]), tf.slice(w, [B], [B])) as tf.Tensor1D;
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
