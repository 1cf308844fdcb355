// Completion log-probabilities: the hot path of every preference loss.
import * as tf from '@tensorflow/tfjs';
import { useFused } from '../kernels/ops/active';
import { fusedTokenLogProbs } from '../kernels/ops/logProb';
import { CustomKernel } from '../kernels/names';
import { chunkedTargetLogProbs, logProbChunkRows } from './chunkedLogProb';
import type { LanguageModel } from './family';
import { rowStats, STAT_COLUMNS } from './tokenStats';

/** Right-padded token batch. mask[b*T+t] = 1 when token t of row b is a completion token (it is scored). */
export interface TokenBatch {
  ids: Int32Array;
  mask: Float32Array;
  B: number;
  T: number;
}

/** The scored positions of a batch: hidden rows b·T+t whose next token t+1 is masked in, and where they go back. */
export interface ScoredRows {
  /** Hidden-state rows b·T+t, [N]. */
  rows: Int32Array;
  /** Token t+1 of each, [N]. */
  targets: Int32Array;
  /** mask[b·T+t+1] of each, [N]. */
  weights: Float32Array;
  /** Whether every weight is 1 (no multiply needed). */
  unit: boolean;
  /** For column b·(T−1)+t of the output: its index among the rows, or rows.length when it is not scored, [B·(T−1)]. */
  place: Int32Array;
  /** Scored rows (0 when none is: then one dummy row 0 is scored and placed nowhere). */
  N: number;
}

export function scoredRows(batch: TokenBatch): ScoredRows {
  const { B, T } = batch;
  const rows: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  const place = new Int32Array(B * (T - 1));
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T - 1; t++) {
      const m = batch.mask[b * T + t + 1];
      if (m === 0) continue;
      place[b * (T - 1) + t] = rows.length + 1; // shifted below so that 0 can mean "not scored"
      rows.push(b * T + t);
      targets.push(batch.ids[b * T + t + 1]);
      weights.push(m);
    }
  }
  const N = rows.length;
  if (N === 0) {
    // Keep the output connected to the model (tf.grads refuses a disconnected one) with one row placed nowhere.
    rows.push(0);
    targets.push(batch.ids[Math.min(1, B * T - 1)]);
    weights.push(0);
  }
  const zero = rows.length;
  for (let i = 0; i < place.length; i++) place[i] = place[i] === 0 ? zero : place[i] - 1;
  return { rows: Int32Array.from(rows), targets: Int32Array.from(targets), weights: Float32Array.from(weights), unit: weights.every((w) => w === 1), place, N };
}

/**
 * lp [N] written to its columns of a zero [B·(T−1)]: one scatter forward, one gather backward (where gather plus its
 * UnsortedSegmentSum gradient would take several dispatches). Nothing scored: zeros, with a zero gradient.
 */
function placeScored(lp: tf.Tensor1D, sr: ScoredRows): tf.Tensor1D {
  const M = sr.place.length;
  if (sr.N === 0) {
    const f = tf.customGrad((x) => ({ value: tf.zeros([M]), gradFunc: () => tf.zerosLike(x as tf.Tensor) }));
    return f(lp) as tf.Tensor1D;
  }
  const cols = new Int32Array(sr.N);
  sr.place.forEach((n, c) => {
    if (n < sr.N) cols[n] = c;
  });
  const at = tf.tensor2d(cols, [sr.N, 1], 'int32');
  const f = tf.customGrad((x, save) => {
    (save as tf.GradSaveFunc)([at]);
    return {
      value: tf.scatterND(at, x as tf.Tensor1D, [M]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.gatherND(dy, saved[0]),
    };
  });
  return f(lp) as tf.Tensor1D;
}

/**
 * Per-token log p(token_t | tokens_<t) for t = 1..T-1, as [B, T-1], times the mask (prompt and padding are 0).
 * Chunked (default): only the scored rows of the final hidden states meet the head, a chunk of rows at a time, and the
 * backward pass recomputes each chunk (chunkedLogProb.ts); no [B·T, V] tensor exists. A frozen head (a non-trainable
 * variable, as toVariables(…, false) makes for a LoRA base) gets no dW. model.logProbs.chunked false: the full logits.
 */
export function tokenLogProbs(model: LanguageModel, batch: TokenBatch, training = false, stats?: { out?: tf.Tensor2D }): tf.Tensor2D {
  return tf.tidy(() => {
    const { B, T } = batch;
    const ids = tf.tensor2d(batch.ids, [B, T], 'int32');
    const opts = { lora: model.lora, training, checkpoint: model.checkpoint };
    if (model.logProbs?.chunked === false) {
      const logits = model.family.forward(model.config, model.params, ids, opts) as tf.Tensor2D;
      if (stats) stats.out = tf.keep(sequenceStatsFromLogits(logits, batch));
      return logProbsFromLogits(logits, batch);
    }
    const hidden = model.family.hidden(model.config, model.params, ids, opts);
    const w = model.family.headWeight(model.config, model.params);
    const sr = scoredRows(batch);
    const h = tf.gather(hidden, tf.tensor1d(sr.rows, 'int32'));
    const headTrainable = !(w instanceof tf.Variable && !w.trainable);
    const rowStatsOut: { out?: tf.Tensor2D } | undefined = stats ? {} : undefined;
    let lp: tf.Tensor1D = chunkedTargetLogProbs(h, w, tf.tensor1d(sr.targets, 'int32'), {
      chunkRows: logProbChunkRows(w.shape[0], model.logProbs),
      headTrainable,
      stats: rowStatsOut,
      softcap: model.family.logitSoftcap?.(model.config),
    });
    if (!sr.unit) lp = tf.mul(lp, tf.tensor1d(sr.weights));
    if (stats && rowStatsOut?.out) {
      stats.out = tf.keep(sequenceSums(rowStatsOut.out, sr, T, B));
      rowStatsOut.out.dispose();
    }
    return placeScored(lp, sr).reshape([B, T - 1]) as tf.Tensor2D;
  });
}

/** Per-sequence sums [B, 4] of per-row stats [N, 4] (the dummy row of an empty batch weighs 0). */
function sequenceSums(rows: tf.Tensor2D, sr: ScoredRows, T: number, B: number): tf.Tensor2D {
  const w = tf.tensor2d(sr.weights, [sr.weights.length, 1]);
  const seg = tf.tensor1d(Int32Array.from(sr.rows, (r) => Math.floor(r / T)), 'int32');
  return tf.unsortedSegmentSum(tf.mul(rows, w), seg, B) as tf.Tensor2D;
}

/** The same per-sequence stats from full logits [B·T, V] (the unchunked path), detached from the tape. */
function sequenceStatsFromLogits(logits2d: tf.Tensor2D, batch: TokenBatch): tf.Tensor2D {
  const { B, T } = batch;
  const V = logits2d.shape[1];
  const pred = tf.slice(logits2d.reshape([B, T, V]), [0, 0, 0], [B, T - 1, V]).reshape([B * (T - 1), V]) as tf.Tensor2D;
  const { targets, mask } = shiftedTargets(batch);
  const t = tf.tensor1d(targets, 'int32');
  const lse = tf.logSumExp(pred, -1) as tf.Tensor1D;
  const lp = tf.sub(tf.sum(tf.mul(pred, tf.oneHot(t, V)), -1), lse) as tf.Tensor1D;
  const rows = tf.mul(rowStats(pred, lse, t, lp), tf.tensor2d(mask, [mask.length, 1]));
  return detach(tf.sum(tf.reshape(rows, [B, T - 1, STAT_COLUMNS]), 1) as tf.Tensor2D);
}

/** x with a zero gradient (tfjs has no stop_gradient). */
function detach<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad((v) => ({ value: tf.clone(v as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) }));
  return f(x) as T;
}

/** Per-token log-probs [B, T-1] from logits [B*T, V] of the batch's ids; one fused kernel when enabled. */
export function logProbsFromLogits(logits2d: tf.Tensor2D, batch: TokenBatch): tf.Tensor2D {
  return tf.tidy(() => {
    const { B, T } = batch;
    const V = logits2d.shape[1];
    if (useFused(CustomKernel.tokenLogProb)) {
      // Targets and mask shift on the host; the kernel reads logits rows b·T+t for t < T−1, so no slice dispatch.
      const { targets, mask } = shiftedTargets(batch);
      const lp = fusedTokenLogProbs(logits2d, tf.tensor1d(targets, 'int32'), tf.tensor1d(mask), T - 1, T);
      return lp.reshape([B, T - 1]) as tf.Tensor2D;
    }
    const ids = tf.tensor2d(batch.ids, [B, T], 'int32');
    const logits = logits2d.reshape([B, T, V]);
    const pred = tf.slice(logits, [0, 0, 0], [B, T - 1, V]).reshape([B * (T - 1), V]);
    const targets = tf.slice(ids, [0, 1], [B, T - 1]).reshape([B * (T - 1)]);
    // logp(target) = logit[target] - logsumexp(logits): avoids materialising the whole log-softmax.
    const picked = tf.sum(tf.mul(pred, tf.oneHot(targets, V)), -1);
    const lp = tf.sub(picked, tf.logSumExp(pred, -1)).reshape([B, T - 1]);
    const mask = tf.slice(tf.tensor2d(batch.mask, [B, T]), [0, 1], [B, T - 1]);
    return tf.mul(lp, mask) as tf.Tensor2D;
  });
}

/** Next-token targets and their mask for positions t = 0..T-2 of every row, as flat [B·(T−1)] arrays. */
export function shiftedTargets(batch: TokenBatch): { targets: Int32Array; mask: Float32Array } {
  const { B, T } = batch;
  const targets = new Int32Array(B * (T - 1));
  const mask = new Float32Array(B * (T - 1));
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T - 1; t++) {
      targets[b * (T - 1) + t] = batch.ids[b * T + t + 1];
      mask[b * (T - 1) + t] = batch.mask[b * T + t + 1];
    }
  }
  return { targets, mask };
}

/** Sum of completion-token log-probs per sequence, [B]. Differentiable with respect to the model's variables. */
export function sequenceLogProbs(model: LanguageModel, batch: TokenBatch, training = false): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tokenLogProbs(model, batch, training), 1) as tf.Tensor1D);
}
