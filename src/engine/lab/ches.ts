// CHES (Razin et al. 2024, "Unintentional Unalignment"): how much a pair's chosen and rejected completions share the
// reference model's final hidden states, the predictor of likelihood displacement under DPO.
import * as tf from '@tensorflow/tfjs';
import type { LanguageModel } from '../model/family';
import { scoredRows } from '../model/logProbs';
import { concatenatedBatch, type TokenizedPair } from '../train/tokenizePairs';

/** S± = Σ_k h(x, y±_<k) over a completion's scored positions, as float64 host vectors [d]. */
export interface HiddenSums {
  chosen: Float64Array;
  rejected: Float64Array;
}

export interface ChesScores {
  ches: number;
  chesNormalized: number;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** CHES = ⟨S+, S−⟩ − ‖S+‖²; normalised: ⟨S+, S−⟩/(|y+|·|y−|) − ‖S+‖²/|y+|² (0 terms for an empty side). */
export function chesFromSums(s: HiddenSums, lenC: number, lenL: number): ChesScores {
  const pm = dot(s.chosen, s.rejected);
  const pp = dot(s.chosen, s.chosen);
  const cross = lenC > 0 && lenL > 0 ? pm / (lenC * lenL) : 0;
  const self = lenC > 0 ? pp / (lenC * lenC) : 0;
  return { ches: pm - pp, chesNormalized: cross - self };
}

export interface HiddenSumOptions {
  batchSize: number;
  maxLength: number;
  padId?: number;
}

/**
 * Hidden-state sums of items[indices] under the model (no gradient): per chunk one forward of [chosen; rejected], the
 * scored rows segment-summed to [2B, d] on the device, so only [d] per side ever reaches the host.
 */
export async function hiddenSums(model: LanguageModel, items: TokenizedPair[], indices: number[], o: HiddenSumOptions): Promise<Map<number, HiddenSums>> {
  const out = new Map<number, HiddenSums>();
  const bs = Math.max(1, o.batchSize);
  for (let start = 0; start < indices.length; start += bs) {
    const chunk = indices.slice(start, start + bs);
    const B = chunk.length;
    const batch = concatenatedBatch(items, chunk, o.maxLength, o.padId);
    const sr = scoredRows(batch);
    // Each scored row b·T+t belongs to row b; rows with nothing scored get zero sums.
    const seg = Int32Array.from(sr.rows.subarray(0, sr.N), (r) => Math.floor(r / batch.T));
    const sums = tf.tidy(() => {
      const ids = tf.tensor2d(batch.ids, [batch.B, batch.T], 'int32');
      const hidden = model.family.hidden(model.config, model.params, ids, { lora: model.lora });
      if (sr.N === 0) return tf.zeros([2 * B, hidden.shape[1]]);
      const h = tf.gather(hidden, tf.tensor1d(sr.rows.subarray(0, sr.N), 'int32'));
      return tf.unsortedSegmentSum(h, tf.tensor1d(seg, 'int32'), 2 * B);
    });
    let data: Float32Array;
    try {
      data = (await sums.data()) as Float32Array;
    } finally {
      sums.dispose();
    }
    const d = data.length / (2 * B);
    chunk.forEach((idx, b) => {
      out.set(idx, { chosen: Float64Array.from(data.subarray(b * d, (b + 1) * d)), rejected: Float64Array.from(data.subarray((B + b) * d, (B + b + 1) * d)) });
    });
  }
  return out;
}
