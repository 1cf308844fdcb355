// Completion log-probabilities: the hot path of every preference loss.
import * as tf from '@tensorflow/tfjs';
import { useFused } from '../kernels/fused/active';
import { fusedTokenLogProbs } from '../kernels/fused/logProb';
import { K } from '../kernels/names';
import type { LanguageModel } from './family';

/** Right-padded token batch. mask[b*T+t] = 1 when token t of row b is a completion token (it is scored). */
export interface TokenBatch {
  ids: Int32Array;
  mask: Float32Array;
  B: number;
  T: number;
}

export interface SequencePair {
  prompt: number[];
  completion: number[];
}

export interface BuiltBatch extends TokenBatch {
  /** Completion tokens kept per row after truncation. */
  lengths: number[];
  /** Rows that lost tokens to truncation. */
  truncated: number;
}

/**
 * Truncation policy (stated in the README): when prompt + completion exceed maxLength, the prompt is cut from the
 * left (its end, nearest the answer, is kept) down to what leaves the completion room, but to no fewer than
 * min(prompt length, maxLength/2) tokens; then the completion is cut on the right.
 */
export function truncatePair(s: SequencePair, maxLength: number): { prompt: number[]; completion: number[]; truncated: boolean } {
  const total = s.prompt.length + s.completion.length;
  if (total <= maxLength) return { prompt: s.prompt, completion: s.completion, truncated: false };
  const keepPrompt = Math.max(Math.min(s.prompt.length, Math.floor(maxLength / 2)), maxLength - s.completion.length);
  const prompt = s.prompt.slice(s.prompt.length - Math.min(keepPrompt, s.prompt.length));
  const completion = s.completion.slice(0, maxLength - prompt.length);
  return { prompt, completion, truncated: true };
}

/** Packs rows into one right-padded batch; T is the longest row (at most maxLength). */
export function buildBatch(rows: SequencePair[], maxLength: number, padId = 0): BuiltBatch {
  const cut = rows.map((r) => truncatePair(r, maxLength));
  const T = Math.max(2, ...cut.map((r) => r.prompt.length + r.completion.length));
  const B = rows.length;
  const ids = new Int32Array(B * T).fill(padId);
  const mask = new Float32Array(B * T);
  const lengths: number[] = [];
  cut.forEach((r, b) => {
    const seq = r.prompt.concat(r.completion);
    ids.set(seq, b * T);
    let n = 0;
    // Token 0 has nothing before it to predict it from, so it is never scored.
    for (let t = Math.max(1, r.prompt.length); t < seq.length; t++, n++) mask[b * T + t] = 1;
    lengths.push(n);
  });
  return { ids, mask, B, T, lengths, truncated: cut.filter((r) => r.truncated).length };
}

/** Per-token log p(token_t | tokens_<t) for t = 1..T-1, as [B, T-1], times the mask (prompt and padding are 0). */
export function tokenLogProbs(model: LanguageModel, batch: TokenBatch, training = false): tf.Tensor2D {
  return tf.tidy(() => {
    const { B, T } = batch;
    const ids = tf.tensor2d(batch.ids, [B, T], 'int32');
    const logits = model.family.forward(model.config, model.params, ids, { lora: model.lora, training }) as tf.Tensor2D;
    return logProbsFromLogits(logits, batch);
  });
}

/** Per-token log-probs [B, T-1] from logits [B*T, V] of the batch's ids; one fused kernel when enabled. */
export function logProbsFromLogits(logits2d: tf.Tensor2D, batch: TokenBatch): tf.Tensor2D {
  return tf.tidy(() => {
    const { B, T } = batch;
    const V = logits2d.shape[1];
    if (useFused(K.tokenLogProb)) {
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
